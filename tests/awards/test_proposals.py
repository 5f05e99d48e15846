"""A unit's proposal through the approval chain to the decision that writes the history."""

import datetime

import pytest

from tests.conftest import make_user
from thidua.awards import services
from thidua.awards.models import AwardKind, AwardRecord, Initiative, ProposalItem, YearResult
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.organisations.models import Role


def history(person, years, titles, rating="HTXSNV"):
    for year in years:
        YearResult.objects.create(person=person, year=year, rating=rating)
        for code in titles:
            AwardRecord.objects.create(person=person, award_id=code, year=year, decision_number="1",
                                       decision_date=datetime.date(year + 1, 1, 10))


@pytest.fixture
def proposal(users, registry):
    return services.proposal_create(actor=users["officer"], proposing_unit=registry["science"], year=2024,
                                    title="Đề nghị khen thưởng năm 2024", number="45/TTr-SKHCN")


@pytest.fixture
def council(db):
    members = [make_user(f"hd{i}", Role.COUNCIL_MEMBER) for i in range(15)]
    return members


def test_an_eligible_candidate_is_added_with_its_verdict(users, registry, proposal):
    history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    item = services.item_add(actor=users["officer"], proposal=proposal, person=registry["ha"], award=AwardKind.objects.get(code="BK_TINH"))
    assert item.eligible and any("2023, 2024" in c["text"] for c in item.verdict)


def test_a_candidate_not_eligible_needs_an_override_reason(users, registry, proposal):
    bk = AwardKind.objects.get(code="BK_TINH")
    with pytest.raises(ValidationFailed, match="chưa đủ điều kiện"):
        services.item_add(actor=users["officer"], proposal=proposal, person=registry["ha"], award=bk)
    assert not ProposalItem.objects.exists()
    item = services.item_add(actor=users["officer"], proposal=proposal, person=registry["ha"], award=bk,
                             override_reason="Thành tích đột xuất trong phòng chống bão lũ")
    assert not item.eligible and item.override_reason.startswith("Thành tích")


def test_duplicates_are_caught(users, registry, proposal):
    history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    bk = AwardKind.objects.get(code="BK_TINH")
    services.item_add(actor=users["officer"], proposal=proposal, person=registry["ha"], award=bk)
    second = services.proposal_create(actor=users["officer"], proposing_unit=registry["science"], year=2024, title="Bổ sung")
    with pytest.raises(ValidationFailed, match="đã có trong hồ sơ"):
        services.item_add(actor=users["officer"], proposal=second, person=registry["ha"], award=bk)
    AwardRecord.objects.create(person=registry["ha"], award_id="GIAY_KHEN", year=2024, decision_number="9", decision_date=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationFailed, match="đã được Giấy khen năm 2024"):
        services.item_add(actor=users["officer"], proposal=second, person=registry["ha"], award=AwardKind.objects.get(code="GIAY_KHEN"),
                          override_reason="x")


def test_an_initiative_already_used_is_refused(users, registry, proposal):
    ha = registry["ha"]
    earlier = AwardRecord.objects.create(person=ha, award_id="CSTDCS", year=2023, decision_number="1", decision_date=datetime.date(2024, 1, 1))
    used = Initiative.objects.create(person=ha, year=2023, title="Sổ tay điện tử", scope="CO_SO", used_for=earlier)
    with pytest.raises(ValidationFailed, match="đã được dùng để xét Chiến sĩ thi đua cơ sở năm 2023"):
        services.item_add(actor=users["officer"], proposal=proposal, person=ha, award=AwardKind.objects.get(code="BK_TINH"),
                          override_reason="x", initiatives=[used])


def test_only_the_units_staff_edit_and_submit_and_only_the_office_receives(users, registry, proposal):
    history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    bk = AwardKind.objects.get(code="BK_TINH")
    other_officer = make_user("officer.sct", Role.UNIT_OFFICER, unit=registry["trade"])
    with pytest.raises(Forbidden):
        services.item_add(actor=other_officer, proposal=proposal, person=registry["ha"], award=bk)
    services.item_add(actor=users["officer"], proposal=proposal, person=registry["ha"], award=bk)
    with pytest.raises(Forbidden):
        services.proposal_move(actor=other_officer, proposal=proposal, target="submitted")
    proposal = services.proposal_move(actor=users["head"], proposal=proposal, target="submitted")
    with pytest.raises(Forbidden):
        services.proposal_move(actor=users["officer"], proposal=proposal, target="received")
    with pytest.raises(InvalidTransition):
        services.item_add(actor=users["officer"], proposal=proposal, person=registry["dung"], award=bk, override_reason="x")
    with pytest.raises(ValidationFailed, match="Lý do trả lại"):
        services.proposal_move(actor=users["office"], proposal=proposal, target="returned")
    proposal = services.proposal_move(actor=users["office"], proposal=proposal, target="returned", reason="Thiếu báo cáo thành tích")
    assert proposal.return_reason == "Thiếu báo cáo thành tích"
    proposal = services.proposal_move(actor=users["officer"], proposal=proposal, target="draft")
    assert proposal.state == "draft" and proposal.history.count() >= 4


def test_decision_writes_the_history_after_appraisal(users, registry, proposal):
    history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    ha = registry["ha"]
    initiative = Initiative.objects.create(person=ha, year=2024, title="Quy trình số", scope="CO_SO")
    services.item_add(actor=users["officer"], proposal=proposal, person=ha, award=AwardKind.objects.get(code="BK_TINH"), initiatives=[initiative])
    for target, actor in [("submitted", users["officer"]), ("received", users["office"]), ("appraised", users["office"])]:
        proposal = services.proposal_move(actor=actor, proposal=proposal, target=target)
    with pytest.raises(Forbidden):
        services.decision_issue(actor=users["officer"], proposal=proposal, number="1/QĐ-UBND", date=datetime.date(2025, 3, 1), signer="Lương Trọng Quỳnh")
    decision = services.decision_issue(actor=users["office"], proposal=proposal, number="512/QĐ-UBND",
                                       date=datetime.date(2025, 3, 1), signer="Lương Trọng Quỳnh")
    record = AwardRecord.objects.get(person=ha, award_id="BK_TINH", year=2024)
    assert (record.decision, record.decision_number, record.source) == (decision, "512/QĐ-UBND", "decision")
    initiative.refresh_from_db()
    assert initiative.used_for == record
    proposal.refresh_from_db()
    assert proposal.state == "decided"


def test_council_forms_need_the_share_of_all_members(users, registry, council):
    ha = registry["ha"]
    history(ha, [2022, 2023, 2024], ["LDTT", "CSTDCS"])
    Initiative.objects.create(person=ha, year=2024, title="Sáng kiến cấp tỉnh", scope="TINH")
    proposal = services.proposal_create(actor=users["office"], proposing_unit=registry["science"], year=2024, title="CSTĐ tỉnh")
    item = services.item_add(actor=users["office"], proposal=proposal, person=ha, award=AwardKind.objects.get(code="CSTD_TINH"))
    assert item.eligible
    for target in ["submitted", "received", "appraised"]:
        proposal = services.proposal_move(actor=users["office"], proposal=proposal, target=target)
    with pytest.raises(InvalidTransition, match="Hội đồng"):
        services.decision_issue(actor=users["office"], proposal=proposal, number="1", date=datetime.date(2025, 3, 1), signer="X")
    proposal = services.proposal_move(actor=users["office"], proposal=proposal, target="council")
    with pytest.raises(Forbidden):
        services.council_vote(actor=users["officer"], item=item, approve=True)
    for member in council[:13]:  # 13 of 15 = 86.7%, under the 90% CSTĐ tỉnh needs
        services.council_vote(actor=member, item=item, approve=True)
    with pytest.raises(ValidationFailed, match="đã biểu quyết"):
        services.council_vote(actor=council[0], item=item, approve=False)
    assert services.council_result(item, datetime.date(2025, 3, 1))[:2] == (13, 15)
    services.decision_issue(actor=users["office"], proposal=proposal, number="600/QĐ-UBND", date=datetime.date(2025, 3, 1), signer="X")
    item.refresh_from_db()
    assert item.approved is False and not AwardRecord.objects.filter(award_id="CSTD_TINH").exists()


def test_fourteen_of_fifteen_pass_ninety_percent(users, registry, council):
    ha = registry["ha"]
    history(ha, [2022, 2023, 2024], ["LDTT", "CSTDCS"])
    Initiative.objects.create(person=ha, year=2024, title="Sáng kiến cấp tỉnh", scope="TINH")
    proposal = services.proposal_create(actor=users["office"], proposing_unit=registry["science"], year=2024, title="CSTĐ tỉnh")
    item = services.item_add(actor=users["office"], proposal=proposal, person=ha, award=AwardKind.objects.get(code="CSTD_TINH"))
    for target in ["submitted", "received", "appraised", "council"]:
        proposal = services.proposal_move(actor=users["office"], proposal=proposal, target=target)
    for member in council[:14]:
        services.council_vote(actor=member, item=item, approve=True)
    services.decision_issue(actor=users["office"], proposal=proposal, number="601/QĐ-UBND", date=datetime.date(2025, 3, 1), signer="X")
    assert AwardRecord.objects.filter(person=ha, award_id="CSTD_TINH", year=2024).exists()
