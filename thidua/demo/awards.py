"""Demo award history: ratings and titles of the cluster's people since 2018, the 2020 awards the
conference proposed, and one proposal waiting in the province office's inbox."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.awards import services
from thidua.awards.models import AwardKind, AwardRecord, AwardSource, YearResult
from thidua.core.bulk import bulk_insert_audited
from thidua.demo.organisations import CLUSTER_UNITS
from thidua.organisations.models import Person, Unit

FIRST_YEAR, LAST_YEAR = 2018, 2025
MARKER = "DEMO-LS"


@transaction.atomic
def load() -> None:
    if AwardRecord.objects.filter(decision_number__startswith=MARKER).exists():
        return
    admin = get_user_model().objects.get(username="admin")
    rng = random.Random(2018)
    results, awards = [], []
    for code, _, _ in CLUSTER_UNITS:
        unit = Unit.objects.get(code=code)
        for person in Person.objects.filter(unit=unit).order_by("pk"):
            quality = rng.random()
            for year in range(FIRST_YEAR, LAST_YEAR + 1):
                roll = rng.random()
                rating = "HTXSNV" if roll < quality * 0.5 else "HTTNV" if roll < 0.93 else "HTNV"
                results.append({"person_id": person.pk, "unit_id": None, "year": year, "rating": rating,
                                "members_total": None, "members_completed": None, "members_ldtt": None,
                                "members_cstdcs": None, "members_disciplined": None})
                if rating == "HTNV":
                    continue
                decided = datetime.date(year + 1, 1, 15)
                awards.append(_award(person.pk, None, "LDTT", year, f"{MARKER}/{year}/LĐTT-{code}", decided, "Giám đốc Sở"))
                if rating == "HTXSNV":
                    awards.append(_award(person.pk, None, "CSTDCS", year, f"{MARKER}/{year}/CSTĐCS-{code}", decided, "Giám đốc Sở"))
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            results.append({"person_id": None, "unit_id": unit.pk, "year": year, "rating": "HTXSNV",
                            "members_total": 30, "members_completed": 30, "members_ldtt": 27, "members_cstdcs": 4,
                            "members_disciplined": 0})
    bulk_insert_audited(YearResult, results, actor=admin)
    # The 2020 cluster awards, as the Chairman decided on the cluster's tờ trình.
    for code, form in [("SCT", "CO_TINH"), ("SKHCN", "BK_TINH"), ("SXD", "BK_TINH")]:
        awards.append(_award(None, Unit.objects.get(code=code).pk, form, 2020, f"{MARKER}/312/QĐ-UBND",
                             datetime.date(2021, 3, 2), "Chủ tịch UBND tỉnh"))
    bulk_insert_audited(AwardRecord, awards, actor=admin)
    ha = Person.objects.get(personal_id="020185000001")
    for year in (2023, 2024):
        services.initiative_add(actor=admin, person=ha, year=year, title=f"Số hoá hồ sơ thi đua năm {year}",
                                scope="CO_SO", recognised_by="Hội đồng sáng kiến Sở KH&CN")
    _pending_proposal(admin)


def _award(person_id, unit_id, code, year, number, decided, signer) -> dict:
    return {"person_id": person_id, "unit_id": unit_id, "award_id": code, "year": year, "decision_number": number,
            "decision_date": decided, "signer": signer, "source": AwardSource.IMPORT, "note": "", "decision_id": None,
            "commendation_type": "CONG_TRANG"}


def _pending_proposal(admin) -> None:
    """Sở KH&CN asks for Bằng khen tỉnh for its eligible people of 2025: the office's inbox."""
    from thidua.awards import selectors
    from thidua.rules import eligibility as rules

    unit = Unit.objects.get(code="SKHCN")
    officer = get_user_model().objects.get(username="canbo.skhcn")
    proposal = services.proposal_create(actor=officer, proposing_unit=unit, year=LAST_YEAR,
                                        title=f"Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm {LAST_YEAR}",
                                        number="15/TTr-SKHCN")
    award = AwardKind.objects.get(code="BK_TINH")
    people = Person.objects.filter(unit=unit)
    verdicts = rules.evaluate_many(selectors.subjects(LAST_YEAR, people=people), ["BK_TINH"], LAST_YEAR)
    eligible = [int(v.subject[1:]) for v in verdicts if v.eligible][:3]
    for person in Person.objects.filter(pk__in=eligible):
        services.item_add(actor=officer, proposal=proposal, person=person, award=award)
    if eligible:
        services.proposal_move(actor=officer, proposal=proposal, target="submitted")
