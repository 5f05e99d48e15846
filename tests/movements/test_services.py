"""Movements, answers and campaigns through their services, on the real database."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import make_person, make_user
from tests.movements.conftest import answer, at, forms, movement_fields, pdf
from thidua.awards import selectors as award_selectors
from thidua.awards import services as award_services
from thidua.awards.models import AwardKind, AwardRecord, YearResult
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.movements import selectors, services
from thidua.movements.models import Campaign, CampaignCommendation, Movement, UnitResponse
from thidua.organisations.models import Role
from thidua.rules import eligibility as rules


def test_a_movement_is_created_as_a_draft_and_audited(users, registry, draft):
    assert draft.state == "draft" and draft.plan_file.name.endswith(".pdf")
    assert set(draft.target_units.all()) == {registry["science"], registry["trade"]}
    assert set(draft.allowed_forms.values_list("code", flat=True)) == {"GIAY_KHEN", "BK_TINH"}
    history = list(draft.history.all())
    assert history[0].history_user == users["office"]


def test_launch_then_close_and_no_other_move(users, draft):
    launched = services.movement_launch(actor=users["office"], movement=draft)
    assert launched.state == "launched" and launched.launched_at is not None
    with pytest.raises(InvalidTransition):
        services.movement_launch(actor=users["office"], movement=launched)
    closed = services.movement_close(actor=users["office"], movement=launched)
    assert closed.state == "closed"
    states = [h.state for h in Movement.history.filter(id=draft.pk).order_by("history_date", "history_id")]
    assert [s for i, s in enumerate(states) if i == 0 or states[i - 1] != s] == ["draft", "launched", "closed"]
    with pytest.raises(InvalidTransition):
        services.movement_update(actor=users["office"], movement=closed, name="Tên khác")


def test_a_movement_without_target_units_cannot_be_launched(users, registry):
    movement = services.movement_create(actor=users["office"], **movement_fields(registry, target_units=[]))
    with pytest.raises(ValidationFailed, match="Đơn vị tham gia"):
        services.movement_launch(actor=users["office"], movement=movement)
    movement.refresh_from_db()
    assert movement.state == "draft"


def test_bad_dates_are_refused_naming_the_field(users, registry):
    with pytest.raises(ValidationFailed) as caught:
        services.movement_create(actor=users["office"], **movement_fields(
            registry, ends_on=datetime.date(2020, 1, 1), mid_report_deadline=datetime.date(2020, 7, 20),
        ))
    text = "\n".join(caught.value.errors)
    assert "Kết thúc ngày" in text and "Hạn gửi báo cáo sơ kết" in text
    assert not Movement.objects.exists()


@pytest.mark.parametrize("name, content, message", [
    ("ke-hoach.exe", b"MZ...", "không được nhận"),
    ("ke-hoach.pdf", b"<html>not a pdf</html>", "không phải tệp .pdf hợp lệ"),
])
def test_a_plan_file_of_the_wrong_type_is_refused(users, registry, name, content, message):
    with pytest.raises(ValidationFailed, match=message):
        services.movement_create(actor=users["office"], plan_file=SimpleUploadedFile(name, content), **movement_fields(registry))
    assert not Movement.objects.exists()


def test_a_plan_file_too_big_is_refused(users, registry, settings):
    big = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-" + b"0" * (services.DOCUMENT_MAX_BYTES + 1))
    with pytest.raises(ValidationFailed, match="quá lớn"):
        services.movement_create(actor=users["office"], plan_file=big, **movement_fields(registry))


def test_targets_and_forms_are_fixed_once_launched(users, registry, movement):
    with pytest.raises(InvalidTransition, match="đơn vị tham gia"):
        services.movement_update(actor=users["office"], movement=movement, target_units=[registry["science"]])
    services.movement_update(actor=users["office"], movement=movement, answer_deadline=datetime.date(2020, 3, 15))
    movement.refresh_from_db()
    assert movement.answer_deadline == datetime.date(2020, 3, 15)


def test_only_the_office_manages_movements(users, registry, draft):
    for name in ("officer", "head", "council", "leader", "guest", "nobody"):
        with pytest.raises(Forbidden):
            services.movement_create(actor=users[name], **movement_fields(registry))
        with pytest.raises(Forbidden):
            services.movement_launch(actor=users[name], movement=draft)
        with pytest.raises(Forbidden):
            services.movement_update(actor=users[name], movement=draft, name="X")
    assert Movement.objects.count() == 1 and Movement.objects.get().state == "draft"


def test_the_officer_answers_and_a_resend_keeps_the_first_time(users, registry, movement):
    first = answer(users, movement, registry["science"], actor=users["officer"], on=datetime.date(2020, 3, 12), file=pdf("kh.pdf"))
    again = answer(users, movement, registry["science"], actor=users["officer"], on=datetime.date(2020, 3, 20), number="16/KH-SKHCN")
    assert first.pk == again.pk and again.number == "16/KH-SKHCN"
    assert again.submitted_at == at(datetime.date(2020, 3, 12))
    assert UnitResponse.history.filter(id=first.pk).count() == 2


def test_answers_are_refused_for_other_units_drafts_and_unknown_reports(users, registry, draft):
    with pytest.raises(InvalidTransition):
        answer(users, draft, registry["science"], actor=users["officer"])
    movement = services.movement_launch(actor=users["office"], movement=draft)
    with pytest.raises(Forbidden):
        answer(users, movement, registry["trade"], actor=users["officer"])
    with pytest.raises(Forbidden):
        answer(users, movement, registry["science"], actor=users["head"])
    with pytest.raises(ValidationFailed, match="không thuộc đối tượng"):
        answer(users, movement, registry["office"])
    no_reports = services.movement_create(actor=users["office"], **movement_fields(
        registry, mid_review_on=None, mid_report_deadline=None, final_review_on=None, final_report_deadline=None))
    no_reports = services.movement_launch(actor=users["office"], movement=no_reports)
    with pytest.raises(ValidationFailed, match="không yêu cầu báo cáo sơ kết"):
        answer(users, no_reports, registry["science"], kind="so_ket")
    assert not UnitResponse.objects.exists()


def test_who_answered_on_time_late_and_not_at_all(users, registry, movement):
    third = movement.target_units.create(code="SXD", name="Sở Xây dựng", kind="so")
    answer(users, movement, registry["science"], on=datetime.date(2020, 3, 10))  # the deadline day: on time
    answer(users, movement, registry["trade"], on=datetime.date(2020, 3, 13))  # 3 days late
    rows = {row.unit.code: row for row in selectors.answers(movement, today=datetime.date(2020, 3, 20))}
    assert rows["SKHCN"].cell("ke_hoach").status == "on_time"
    assert rows["SCT"].cell("ke_hoach").status == "late" and rows["SCT"].cell("ke_hoach").days_late == 3
    assert rows["SXD"].cell("ke_hoach").status == "missing"
    assert rows["SXD"].cell("so_ket").status == "pending"
    counts = selectors.answer_counts(list(rows.values()), "ke_hoach")
    assert counts == {"on_time": 1, "late": 1, "missing": 1, "pending": 0}
    before = selectors.answers(movement, today=datetime.date(2020, 3, 5), units={third.pk})[0]
    assert before.cell("ke_hoach").status == "pending"


def test_open_deadlines_list_what_each_unit_still_owes(users, registry, movement):
    answer(users, movement, registry["science"], on=datetime.date(2020, 3, 1))
    answer(users, movement, registry["science"], kind="so_ket", on=datetime.date(2020, 7, 20))  # sent after as_of
    deadlines = selectors.open_deadlines(datetime.date(2020, 7, 1))
    keys = {d.object_key for d in deadlines}
    science, trade = registry["science"].pk, registry["trade"].pk
    assert keys == {
        f"movement:{movement.pk}:unit:{trade}:movement_plan",
        f"movement:{movement.pk}:unit:{science}:movement_report_mid",
        f"movement:{movement.pk}:unit:{trade}:movement_report_mid",
        f"movement:{movement.pk}:unit:{science}:movement_report_final",
        f"movement:{movement.pk}:unit:{trade}:movement_report_final",
    }
    plan = next(d for d in deadlines if d.kind == "movement_plan")
    assert plan.unit_id == trade and plan.due == datetime.date(2020, 3, 10)
    assert plan.title == f"Gửi kế hoạch hưởng ứng phong trào “{movement.name}”"
    assert plan.url == f"/phong-trao/{movement.pk}/don-vi/{trade}/"
    assert plan.days_left(datetime.date(2020, 7, 1)) < 0
    assert [d.due for d in deadlines] == sorted(d.due for d in deadlines)
    # Once the mid-term report is in (by the later day), it is no longer owed.
    later = {d.object_key for d in selectors.open_deadlines(datetime.date(2020, 7, 25))}
    assert f"movement:{movement.pk}:unit:{science}:movement_report_mid" not in later


def test_no_deadlines_for_drafts_or_closed_movements(users, registry, draft):
    assert selectors.open_deadlines(datetime.date(2020, 3, 1)) == []
    movement = services.movement_launch(actor=users["office"], movement=draft)
    assert len(selectors.open_deadlines(datetime.date(2020, 3, 1))) == 6  # 2 units x (plan, sơ kết, tổng kết)
    services.movement_close(actor=users["office"], movement=movement)
    assert selectors.open_deadlines(datetime.date(2030, 1, 1)) == []


# --- Campaigns ----------------------------------------------------------------------------------


@pytest.fixture
def province_campaign(users, registry, movement):
    return services.campaign_create(
        actor=users["office"], name="Đợt thi đua cao điểm chào mừng Đại hội Đảng bộ tỉnh", movement=movement,
        starts_on=datetime.date(2020, 5, 1), ends_on=datetime.date(2020, 9, 30), allowed_forms=forms("BK_TINH"),
    )


def commend(users, campaign, code="BK_TINH", actor=None, type_="PHONG_TRAO", **subjects):
    return services.campaign_commend(
        actor=actor or users["office"], campaign=campaign, award=AwardKind.objects.get(code=code),
        commendation_type=type_, decision_number="2150/QĐ-UBND", decision_date=datetime.date(2020, 10, 15),
        signer="Hồ Tiến Thiệu", **subjects,
    )


def test_province_campaign_commendations_go_into_the_award_history(users, registry, province_campaign):
    done = commend(users, province_campaign, people=[registry["ha"]], units=[registry["trade"]])
    assert len(done) == 2
    record = AwardRecord.objects.get(person=registry["ha"])
    assert (record.award_id, record.year, record.commendation_type, record.decision_number) == ("BK_TINH", 2020, "PHONG_TRAO", "2150/QĐ-UBND")
    assert AwardRecord.objects.get(unit=registry["trade"]).commendation_type == "PHONG_TRAO"
    assert CampaignCommendation.history.count() == 2 and AwardRecord.history.count() == 2
    timeline = award_selectors.timeline(registry["ha"])
    assert timeline[0]["year"] == 2020 and timeline[0]["awards"][0].get_commendation_type_display() == "Theo phong trào thi đua, chuyên đề"


def test_duplicates_and_forms_not_allowed_are_refused_with_nothing_written(users, registry, province_campaign):
    commend(users, province_campaign, people=[registry["ha"]])
    with pytest.raises(ValidationFailed, match="đã được Bằng khen của Chủ tịch UBND tỉnh trong đợt thi đua này"):
        commend(users, province_campaign, people=[registry["dung"], registry["ha"]])  # one new, one duplicate
    assert AwardRecord.objects.count() == 1 and CampaignCommendation.objects.count() == 1
    with pytest.raises(ValidationFailed, match="không cho phép Cờ thi đua"):
        commend(users, province_campaign, code="CO_TINH", units=[registry["trade"]])
    with pytest.raises(ValidationFailed, match="Loại hình khen thưởng"):
        commend(users, province_campaign, type_="CONG_TRANG", people=[registry["dung"]])
    assert AwardRecord.objects.count() == 1


def test_a_campaign_cannot_offer_forms_its_movement_does_not_allow(users, registry, movement):
    with pytest.raises(ValidationFailed, match="phong trào không cho phép Cờ thi đua"):
        services.campaign_create(actor=users["office"], name="Đợt", movement=movement, starts_on=datetime.date(2020, 5, 1),
                                 ends_on=datetime.date(2020, 6, 1), allowed_forms=forms("CO_TINH"))
    with pytest.raises(ValidationFailed, match="không thuộc thẩm quyền"):
        services.campaign_create(actor=users["officer"], name="Đợt", movement=movement, organiser=registry["science"],
                                 starts_on=datetime.date(2020, 5, 1), ends_on=datetime.date(2020, 6, 1), allowed_forms=forms("BK_TINH"))
    with pytest.raises(ValidationFailed, match="thời gian của phong trào"):
        services.campaign_create(actor=users["office"], name="Đợt", movement=movement, starts_on=datetime.date(2019, 5, 1),
                                 ends_on=datetime.date(2020, 6, 1), allowed_forms=forms("BK_TINH"))
    assert not Campaign.objects.exists()


def test_a_unit_campaign_gives_giay_khen_to_its_own_people_only(users, registry, movement):
    campaign = services.campaign_create(
        actor=users["officer"], name="Đợt thi đua 100 ngày chuyển đổi số", movement=movement, organiser=registry["science"],
        starts_on=datetime.date(2020, 6, 1), ends_on=datetime.date(2020, 9, 8), allowed_forms=forms("GIAY_KHEN"),
    )
    done = commend(users, campaign, code="GIAY_KHEN", actor=users["officer"], type_="DOT_XUAT", people=[registry["ha"]])
    assert done[0].record.commendation_type == "DOT_XUAT" and done[0].record.award_id == "GIAY_KHEN"
    with pytest.raises(Forbidden):  # a person of another unit: not the officer's history to write
        commend(users, campaign, code="GIAY_KHEN", actor=users["officer"], people=[registry["dung"]])
    with pytest.raises(ValidationFailed, match="không thuộc thẩm quyền"):
        commend(users, campaign, code="BK_TINH", actor=users["officer"], people=[registry["ha"]])
    other = make_user("canbo.sct", Role.UNIT_OFFICER, unit=registry["trade"])
    with pytest.raises(Forbidden):  # another unit's officer
        commend(users, campaign, code="GIAY_KHEN", actor=other, people=[registry["ha"]])
    assert AwardRecord.objects.count() == 1


def test_only_the_office_organises_and_commends_province_campaigns(users, registry, province_campaign):
    for name in ("officer", "head", "council", "leader", "guest", "nobody"):
        with pytest.raises(Forbidden):
            services.campaign_create(actor=users[name], name="Đợt", starts_on=datetime.date(2020, 5, 1),
                                     ends_on=datetime.date(2020, 6, 1), allowed_forms=forms("BK_TINH"))
        with pytest.raises(Forbidden):
            commend(users, province_campaign, actor=users[name], people=[registry["ha"]])
    assert Campaign.objects.count() == 1 and not AwardRecord.objects.exists()


def _verdict(person, code, year):
    (subject,) = award_selectors.subjects(year, people=type(person).objects.filter(pk=person.pk))
    return rules.evaluate(subject, code, year)


def test_movement_commendations_are_never_grounds_for_a_regular_award(users, registry, province_campaign):
    """domain.md §2 rule 3: two CSTĐCS given in a movement do not open Bằng khen tỉnh, and a Bằng
    khen tỉnh given in a campaign does not open Bằng khen Thủ tướng, where the regular ones would."""
    ha, dung = registry["ha"], registry["dung"]
    for person in (ha, dung):
        for year in range(2018, 2025):
            YearResult.objects.create(person=person, year=year, rating="HTTNV")

    def cstdcs_twice(person, type_):
        for year in (2023, 2024):
            award_services.award_add(actor=users["office"], person=person, award=AwardKind.objects.get(code="CSTDCS"),
                                     year=year, decision_number=f"{year}/QĐ", decision_date=datetime.date(year, 12, 20),
                                     commendation_type=type_)

    cstdcs_twice(ha, "PHONG_TRAO")
    cstdcs_twice(dung, "CONG_TRANG")
    assert _verdict(dung, "BK_TINH", 2024).eligible is True
    assert _verdict(ha, "BK_TINH", 2024).eligible is False

    # A Bằng khen tỉnh of a 2019 campaign, then five years of good work with 3 CSTĐCS.
    AwardRecord.objects.all().delete()
    campaign_2019 = services.campaign_create(
        actor=users["office"], name="Đợt thi đua chào mừng 50 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh",
        starts_on=datetime.date(2019, 5, 1), ends_on=datetime.date(2019, 9, 2), allowed_forms=forms("BK_TINH"),
    )
    commend(users, campaign_2019, people=[ha])
    assert AwardRecord.objects.get(person=ha, award_id="BK_TINH").year == 2019
    award_services.award_add(actor=users["office"], person=dung, award=AwardKind.objects.get(code="BK_TINH"), year=2019,
                             decision_number="2150/QĐ-UBND", decision_date=datetime.date(2020, 10, 15))
    for person in (ha, dung):
        for year in (2022, 2023, 2024):
            award_services.award_add(actor=users["office"], person=person, award=AwardKind.objects.get(code="CSTDCS"),
                                     year=year, decision_number=f"{year}/QĐ", decision_date=datetime.date(year, 12, 20))
    holds = [c for c in _verdict(ha, "BK_TTG", 2024).conditions if "Bằng khen" in c.text and c.ok is not None]
    assert holds and holds[0].ok is False
    held = [c for c in _verdict(dung, "BK_TTG", 2024).conditions if "Bằng khen" in c.text and c.ok is not None]
    assert held[0].ok is True  # the same history with a regular Bằng khen tỉnh meets the condition
    assert _verdict(ha, "BK_TTG", 2024).eligible is False


def test_a_person_may_get_a_campaign_form_once_a_year_in_the_history(users, registry, movement, province_campaign):
    """The history keeps one record of a form per subject and year: a second campaign of the same
    year cannot give the same person the same form again (the message says why)."""
    commend(users, province_campaign, people=[registry["ha"]])
    second = services.campaign_create(actor=users["office"], name="Đợt thi đua thứ hai", movement=movement,
                                      starts_on=datetime.date(2020, 10, 1), ends_on=datetime.date(2020, 11, 30),
                                      allowed_forms=forms("BK_TINH"))
    with pytest.raises(ValidationFailed, match="đã có Bằng khen của Chủ tịch UBND tỉnh năm 2020"):
        commend(users, second, people=[registry["ha"]])


def test_a_new_person_can_be_commended(users, registry, province_campaign):
    person = make_person(registry["trade"], "Hoàng", "Thị", "Lan")
    commend(users, province_campaign, people=[person])
    assert AwardRecord.objects.filter(person=person, commendation_type="PHONG_TRAO").exists()
