"""Each domain app's deadline provider: what is open, for which unit, by when."""

import datetime
from decimal import Decimal

from tests.conftest import make_user
from tests.reminders.conftest import CROSS_DUE, REGISTRATION_DUE, SELF_DUE, SUBMIT_DUE, at_phase
from thidua.awards import selectors as award_selectors
from thidua.awards import services as award_services
from thidua.cycles import selectors
from thidua.cycles import services
from thidua.cycles.models import CrossScoringMode, PhaseSchedule
from thidua.organisations.models import Unit, UnitKind

TODAY = datetime.date(2020, 2, 20)


def open_by_kind(as_of=TODAY):
    result = {}
    for deadline in selectors.open_deadlines(as_of):
        result.setdefault(deadline.kind, set()).add(deadline.unit_id)
    return result


def test_registration_and_pact_list_the_units_that_have_not_done_them(scheduled, users):
    cy = at_phase(scheduled, "registration")
    units = scheduled["units"]
    services.registration_save(actor=scheduled["officers"]["SCT"], cluster_year=cy, unit=units["SCT"],
                               titles=["CO_TINH"], targets="Hoàn thành 100% kế hoạch", submit=True)
    services.registration_save(actor=scheduled["officers"]["SXD"], cluster_year=cy, unit=units["SXD"],
                               titles=[], targets="Bản nháp", submit=False)
    kinds = open_by_kind()
    assert kinds == {"cycle_registration": {units["SKHCN"].pk, units["SXD"].pk}}  # no pact drafted yet

    services.pact_save(actor=scheduled["office"], cluster_year=cy, title="Giao ước 2020", text="Nội dung")
    services.pact_sign(actor=users["head"], cluster_year=cy, unit=units["SKHCN"], signer_name="Giám đốc")
    kinds = open_by_kind()
    assert kinds["cycle_pact"] == {units["SCT"].pk, units["SXD"].pk}
    deadline = next(d for d in selectors.open_deadlines(TODAY) if d.kind == "cycle_registration")
    assert deadline.due == REGISTRATION_DUE and deadline.year == 2020 and deadline.cluster_id == cy.cluster_id
    assert deadline.title == "Gửi đăng ký thi đua năm 2020 – Cụm thi đua số II"
    assert deadline.url == f"/nam-thi-dua/{cy.pk}/dang-ky/{deadline.unit_id}/"
    assert deadline.audience == "unit" and deadline.object_key.startswith(f"cycle:{cy.pk}:cycle_registration:unit:")


def test_no_deadline_without_a_due_date_or_once_the_phase_is_over(scheduled):
    cy = at_phase(scheduled, "registration")
    PhaseSchedule.objects.filter(cluster_year=cy, phase="registration").update(due_on=None)
    assert selectors.open_deadlines(TODAY) == []
    PhaseSchedule.objects.filter(cluster_year=cy, phase="registration").update(due_on=REGISTRATION_DUE)
    at_phase(scheduled, "in_progress")
    assert selectors.open_deadlines(TODAY) == []


def score(setup, unit_code, kind, codes, scorer_code=None):
    cy = setup["cy"]
    actor = setup["officers"][scorer_code or unit_code]
    for code in codes:
        services.score_save(
            actor=actor, cluster_year=cy, criterion=setup["criteria"][code], unit=setup["units"][unit_code],
            kind=kind, points=Decimal(1), scorer=setup["units"][scorer_code] if scorer_code else None,
            expected_version=None,
        )


def test_self_scoring_is_due_until_every_scoring_criterion_has_a_score(scheduled):
    at_phase(scheduled, "self_scoring")
    units = scheduled["units"]
    score(scheduled, "SCT", "self", ["1.1", "1.2"])  # bonus and penalty are optional
    score(scheduled, "SKHCN", "self", ["1.1", "T1"])
    deadlines = [d for d in selectors.open_deadlines(TODAY)]
    assert {d.unit_id for d in deadlines} == {units["SKHCN"].pk, units["SXD"].pk}
    assert {(d.kind, d.due) for d in deadlines} == {("cycle_self_scoring", SELF_DUE)}


def test_cross_scoring_is_due_for_scorers_that_have_not_scored_everyone(scheduled):
    at_phase(scheduled, "cross_scoring")
    units = scheduled["units"]
    score(scheduled, "SKHCN", "cross", ["1.1", "1.2"], scorer_code="SCT")
    score(scheduled, "SXD", "cross", ["1.1", "1.2"], scorer_code="SCT")
    score(scheduled, "SCT", "cross", ["1.1", "1.2"], scorer_code="SXD")
    kinds = open_by_kind()
    assert kinds == {"cycle_cross_scoring": {units["SKHCN"].pk, units["SXD"].pk}}  # SXD did not score SKHCN
    assert {d.due for d in selectors.open_deadlines(TODAY)} == {CROSS_DUE}


def test_in_rotation_only_the_assigned_units_count(scheduled):
    cy = scheduled["cy"]
    units = scheduled["units"]
    services.cluster_year_configure(actor=scheduled["office"], cluster_year=cy, cross_scoring=CrossScoringMode.ROTATION)
    services.assignments_set(actor=scheduled["office"], cluster_year=cy, pairs=[(units["SXD"], units["SCT"])])
    at_phase(scheduled, "cross_scoring")
    assert open_by_kind() == {"cycle_cross_scoring": {units["SXD"].pk}}
    score(scheduled, "SCT", "cross", ["1.1", "1.2"], scorer_code="SXD")
    assert open_by_kind() == {}


def test_the_clusters_dossier_is_due_for_its_leaders_by_the_submission_date(scheduled):
    cy = at_phase(scheduled, "consolidation")
    [deadline] = selectors.open_deadlines(TODAY)
    assert (deadline.kind, deadline.due, deadline.unit_id, deadline.cluster_id) == ("cycle_dossier", SUBMIT_DUE, None, cy.cluster_id)
    assert deadline.audience == "cluster" and deadline.url == f"/nam-thi-dua/{cy.pk}/de-nghi/"


def test_an_award_dossier_is_due_when_its_units_cluster_submits(scheduled, users, registry):
    units = scheduled["units"]
    draft = award_services.proposal_create(actor=users["officer"], proposing_unit=units["SKHCN"], year=2020, title="Đề nghị khen thưởng năm 2020")
    award_services.proposal_create(actor=users["officer"], proposing_unit=units["SKHCN"], year=2019, title="Năm không có lịch")
    outsider = Unit.objects.create(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT, parent=registry["province"])
    award_services.proposal_create(actor=users["office"], proposing_unit=outsider, year=2020, title="Đơn vị ngoài cụm")
    [deadline] = award_selectors.open_deadlines(TODAY)
    assert (deadline.kind, deadline.unit_id, deadline.due, deadline.year) == ("award_dossier", units["SKHCN"].pk, SUBMIT_DUE, 2020)
    assert deadline.title == "Trình hồ sơ “Đề nghị khen thưởng năm 2020”"
    assert deadline.url == f"/de-nghi-khen-thuong/{draft.pk}/"


def test_a_submitted_award_dossier_is_no_longer_due(scheduled, users, registry):
    from thidua.awards.models import AwardKind

    draft = award_services.proposal_create(actor=users["officer"], proposing_unit=scheduled["units"]["SKHCN"], year=2020, title="Hồ sơ")
    award_services.item_add(actor=users["officer"], proposal=draft, unit=scheduled["units"]["SKHCN"],
                            award=AwardKind.objects.get(code="BK_TINH"), override_reason="Thử nghiệm")
    award_services.proposal_move(actor=users["officer"], proposal=draft, target="submitted")
    assert award_selectors.open_deadlines(TODAY) == []
