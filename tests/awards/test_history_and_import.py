"""Award history: the bulk XLSX import (validated, atomic, idempotent) and the engine's subjects."""

import datetime
import io

import openpyxl
import pytest

from tests.conftest import make_person
from tests.test_imports import workbook as xlsx_with_header
from tests.test_permissions import snapshot
from thidua.awards import imports, selectors
from thidua.awards.models import AwardRecord, Initiative, Parameter, YearResult, parameter_value
from thidua.core.errors import Forbidden, ValidationFailed
from thidua.organisations.models import Discipline
from thidua.rules import eligibility as rules

HEADER = [h for _, h in imports.AWARD_COLUMNS]


def workbook(rows) -> bytes:
    return xlsx_with_header(HEADER, rows)


def row(personal_id=None, ho=None, chu_dem=None, ten=None, dob=None, unit=None, collective=None, year=2024,
        code="LDTT", number="12/QĐ-SKHCN", date="15/01/2025", signer="Giám đốc", rating="HTTNV", note=None,
        commendation_type=None):
    return [personal_id, ho, chu_dem, ten, dob, unit, collective, year, code, number, date, signer, rating, note,
            commendation_type]


def all_history():
    return snapshot() | {
        "AwardRecord": sorted(AwardRecord.objects.values_list("person_id", "unit_id", "award_id", "year", "decision_number"), key=repr),
        "YearResult": sorted(YearResult.objects.values_list("person_id", "unit_id", "year", "rating"), key=repr),
    }


def test_catalogue_and_parameters_are_loaded_with_effective_dates(db):
    assert parameter_value("base_salary", datetime.date(2024, 6, 30)) == 1_800_000
    assert parameter_value("base_salary", datetime.date(2024, 7, 1)) == 2_340_000
    assert parameter_value("cash_multiple", datetime.date(2025, 8, 1), "CO_TINH", "collective") == 8
    assert parameter_value("council_threshold", datetime.date(2025, 8, 1), "CSTD_TINH") == 90
    assert Parameter.objects.filter(key="base_salary").count() == 4


def test_import_matches_people_accent_insensitively_and_is_idempotent(users, registry):
    data = workbook([
        row(personal_id="020185000001", year=2023, code="CSTDCS", rating="HTXSNV"),
        row(ho="tran", chu_dem="van", ten="dung", dob="17/05/1980", unit="sct", year=2024, code="LDTT"),
        row(collective="SCT", year=2020, code="CO_TINH", number="312/QĐ-UBND", rating="HTXSNV"),
    ])
    report = imports.import_awards(actor=users["office"], file=data)
    assert (report.rows, report.created, report.skipped, report.ratings_created) == (3, 3, 0, 3)
    ha, dung, trade = registry["ha"], registry["dung"], registry["trade"]
    assert set(AwardRecord.objects.values_list("person_id", "unit_id", "award_id", "year")) == {
        (ha.pk, None, "CSTDCS", 2023), (dung.pk, None, "LDTT", 2024), (None, trade.pk, "CO_TINH", 2020),
    }
    record = AwardRecord.objects.get(award_id="CO_TINH")
    assert record.history.get().history_user == users["office"]  # audited, even in bulk
    assert YearResult.objects.get(person=ha, year=2023).rating == "HTXSNV"

    before = all_history()
    again = imports.import_awards(actor=users["office"], file=data)
    assert (again.created, again.skipped, again.ratings_created, again.ratings_updated) == (0, 3, 0, 0)
    assert all_history() == before


def test_every_error_is_reported_by_row_and_column_and_nothing_is_written(users, registry):
    data = workbook([
        row(personal_id="020185000001"),
        row(personal_id="999999999999"),
        row(ho="Nguyễn", chu_dem="Thị", ten="Ha", dob="01/01/1990", unit="SKHCN"),
        row(personal_id="020185000001", code="NOPE", year=1900, number=None, date="hôm qua", rating="TOT"),
        row(collective="SCT", code="CSTDCS"),
        row(personal_id="020185000001"),
        row(personal_id=20185000001),
    ])
    before = all_history()
    with pytest.raises(ValidationFailed) as caught:
        imports.import_awards(actor=users["office"], file=data)
    errors = "\n".join(caught.value.errors)
    assert "Dòng 3, cột “Số định danh cá nhân”: không có cá nhân có số định danh 999999999999." in errors
    assert "Dòng 4, cột “Tên”: không tìm thấy “Nguyễn Thị Ha”" in errors
    assert "Có thể là: Nguyễn Thị Hà (sinh 17/05/1980, SKHCN)" in errors  # the likely duplicate, for a human
    for column in ["Mã danh hiệu, hình thức", "Năm", "Số quyết định", "Ngày quyết định", "Xếp loại năm"]:
        assert f"Dòng 5, cột “{column}”" in errors, column
    assert "Dòng 6, cột “Mã danh hiệu, hình thức”: “CSTDCS” không áp dụng cho tập thể." in errors
    assert "Dòng 7, cột “Mã danh hiệu, hình thức”: trùng với dòng 2" in errors
    assert "Dòng 8, cột “Số định danh cá nhân”: hãy nhập dạng văn bản" in errors
    assert all_history() == before


def test_a_different_decision_for_a_recorded_award_is_a_conflict(users, registry):
    imports.import_awards(actor=users["office"], file=workbook([row(personal_id="020185000001")]))
    with pytest.raises(ValidationFailed, match="khác số 99/QĐ"):
        imports.import_awards(actor=users["office"], file=workbook([row(personal_id="020185000001", number="99/QĐ")]))


def test_an_officer_imports_only_their_own_units_history(users, registry):
    data = workbook([row(personal_id="020185000001"), row(ho="Trần", chu_dem="Văn", ten="Dũng", dob="17/05/1980", unit="SCT")])
    with pytest.raises(ValidationFailed) as caught:
        imports.import_awards(actor=users["officer"], file=data)
    assert "Dòng 3, cột “Mã đơn vị”: bạn chỉ được nhập khen thưởng của cán bộ đơn vị mình." in caught.value.errors
    with pytest.raises(Forbidden):
        imports.import_awards(actor=users["council"], file=data)
    assert not AwardRecord.objects.exists()


def test_subjects_carry_history_discipline_and_cluster_rank(users, registry):
    ha = registry["ha"]
    for year in (2022, 2023, 2024):
        YearResult.objects.create(person=ha, year=year, rating="HTXSNV")
        AwardRecord.objects.create(person=ha, award_id="LDTT", year=year, decision_number="1", decision_date=datetime.date(year + 1, 1, 1))
        AwardRecord.objects.create(person=ha, award_id="CSTDCS", year=year, decision_number="2", decision_date=datetime.date(year + 1, 1, 1))
    Initiative.objects.create(person=ha, year=2023, title="Phần mềm quản lý hồ sơ", scope="TINH")
    dung = registry["dung"]
    Discipline.objects.create(person=dung, form="khien_trach", starts_on=datetime.date(2024, 3, 1))
    subjects = {s.id: s for s in selectors.subjects(2024, people=registry["ha"].unit.people.all() | dung.unit.people.all())}
    verdict = rules.evaluate(subjects[selectors.person_key(ha.pk)], "CSTD_TINH", 2024)
    assert verdict.eligible, [c.text for c in verdict.conditions]
    blocked = rules.evaluate(subjects[selectors.person_key(dung.pk)], "LDTT", 2024)
    assert not blocked.eligible and "kỷ luật" in blocked.conditions[0].text.lower()


def test_whole_table_reading_gives_the_same_subjects(users, registry, monkeypatch):
    ha = registry["ha"]
    YearResult.objects.create(person=ha, year=2024, rating="HTTNV")
    AwardRecord.objects.create(person=ha, award_id="LDTT", year=2024, decision_number="1", decision_date=datetime.date(2025, 1, 1))
    other = make_person(registry["trade"], "Lò", "Văn", "Mười")
    AwardRecord.objects.create(person=other, award_id="LDTT", year=2024, decision_number="1", decision_date=datetime.date(2025, 1, 1))
    people = registry["science"].people.all()
    narrow = selectors.subjects(2024, people=people)
    monkeypatch.setattr(selectors, "WHOLE_TABLE_ABOVE", 0)
    assert selectors.subjects(2024, people=people) == narrow
    assert [s.id for s in narrow] == [selectors.person_key(ha.pk)]


def test_database_masks_judge_exactly_like_the_full_history(users, registry):
    """The subjects folded by the database give the same verdicts, for every candidate, as the
    engine's own subjects built from the complete history (checked on random histories)."""
    import random

    rng = random.Random(5)
    people = [make_person(registry["trade"], "Lê", "Văn", f"Người{i}") for i in range(25)]
    codes = ["LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH", "BK_TTG", "CSTD_TQ"]
    for person in people:
        for year in range(2012, 2025):
            if rng.random() < 0.9:
                YearResult.objects.create(person=person, year=year, rating=rng.choice(["HTXSNV", "HTXSNV", "HTTNV", "HTNV"]))
            for code in codes:
                if rng.random() < 0.3:
                    AwardRecord.objects.create(person=person, award_id=code, year=year, decision_number="1",
                                               decision_date=datetime.date(year + 1, 1, 1))
            if rng.random() < 0.3:
                Initiative.objects.create(person=person, year=year, title="SK", scope=rng.choice(["CO_SO", "TINH", "TOAN_QUOC"]))
        if rng.random() < 0.2:
            Discipline.objects.create(person=person, form="khien_trach", starts_on=datetime.date(rng.randint(2015, 2024), 3, 1),
                                      ends_on=rng.choice([None, datetime.date(2024, 12, 1)]))

    def full(person):
        history = {}
        for year in range(2012, 2025):
            result = YearResult.objects.filter(person=person, year=year).first()
            titles = frozenset(AwardRecord.objects.filter(person=person, year=year).values_list("award_id", flat=True))
            scopes = tuple(Initiative.objects.filter(person=person, year=year).values_list("scope", flat=True))
            if result or titles or scopes:
                history[year] = rules.YearRecord(rating=result.rating if result else None, titles=titles, initiatives=scopes)
        periods = tuple(rules.DisciplinePeriod(d.starts_on, d.ends_on) for d in person.disciplines.all())
        return rules.Subject(selectors.person_key(person.pk), rules.INDIVIDUAL, history, periods)

    for year in (2021, 2024):
        from_db = rules.evaluate_many(selectors.subjects(year, people=registry["trade"].people.all()), None, year)
        reference = rules.evaluate_many([full(p) for p in registry["trade"].people.all()], None, year)
        assert sorted((v.subject, v.candidate, v.eligible, [c.text for c in v.conditions]) for v in from_db) == sorted(
            (v.subject, v.candidate, v.eligible, [c.text for c in v.conditions]) for v in reference
        )
        assert sum(v.eligible for v in from_db) > 0  # the histories are rich enough to test something


def test_a_sudden_or_thematic_award_is_no_ground_for_a_regular_one(users, registry):
    """domain.md §2 rule 3: Bằng khen đột xuất does not open the way to Bằng khen Thủ tướng."""
    def bk_ttg_holding_condition(commendation_type):
        AwardRecord.objects.all().delete()
        YearResult.objects.all().delete()
        ha = registry["ha"]
        AwardRecord.objects.create(person=ha, award_id="BK_TINH", year=2018, decision_number="1",
                                   decision_date=datetime.date(2019, 1, 1), commendation_type=commendation_type)
        for year in range(2019, 2025):
            YearResult.objects.create(person=ha, year=year, rating="HTTNV")
        (subject,) = selectors.subjects(2024, people=ha.unit.people.filter(pk=ha.pk))
        verdict = rules.evaluate(subject, "BK_TTG", 2024)
        return [c for c in verdict.conditions if "Bằng khen" in c.text and c.ok is not None][0]

    assert bk_ttg_holding_condition("CONG_TRANG").ok is True
    assert bk_ttg_holding_condition("DOT_XUAT").ok is False


def test_old_templates_without_the_type_column_still_import(users, registry):
    book = openpyxl.Workbook()
    book.active.append(HEADER[:-1])
    book.active.append(row(personal_id="020185000001")[:14])
    buffer = io.BytesIO()
    book.save(buffer)
    imports.import_awards(actor=users["office"], file=buffer.getvalue())
    assert AwardRecord.objects.get().commendation_type == "CONG_TRANG"
