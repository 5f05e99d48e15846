"""Phases, criteria tables, registration and pact of a cluster's year."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from tests.cycles.conftest import move_to
from tests.test_permissions import refused
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.cycles import imports, selectors, services
from thidua.cycles.models import ClusterYear, Criterion, PactSignature, Registration


def test_only_the_runner_moves_the_phase_and_moves_are_audited(client_for, users, year_setup):
    cy = year_setup["cy"]
    url = reverse("year-move", args=[cy.pk])
    # The head of the leading unit runs the year too; these users hold no such role.
    for who in ["council", "guest", "nobody"]:
        refused(client_for(users[who]), "post", url, {"to": "registration"})
    officer = year_setup["officers"]["SCT"]
    refused(client_for(officer), "post", url, {"to": "registration"})
    assert ClusterYear.objects.get(pk=cy.pk).phase == "setup"

    # The officer of the unit that leads the cluster in 2020 runs the year.
    client_for(users["officer"]).post(url, {"to": "registration"})
    cy.refresh_from_db()
    assert cy.phase == "registration"
    assert cy.history.first().history_user == users["officer"]


def test_phases_move_one_step_and_closed_is_final(year_setup):
    cy, office = year_setup["cy"], year_setup["office"]
    with pytest.raises(InvalidTransition):
        services.phase_move(actor=office, cluster_year=cy, to_phase="self_scoring")
    cy = move_to(cy, "conference", office)
    services.conference_save(actor=office, cluster_year=cy, held_on=datetime.date(2021, 1, 5),
                             host=year_setup["units"]["SKHCN"], place="Hội trường")
    cy = move_to(cy, "submitted", office)
    with pytest.raises(InvalidTransition):
        services.phase_move(actor=office, cluster_year=cy, to_phase="conference")
    cy = services.phase_move(actor=office, cluster_year=cy, to_phase="closed")
    with pytest.raises(InvalidTransition, match="đã kết thúc"):
        services.schedule_set(actor=office, cluster_year=cy, phase="setup", starts_on=None, due_on=None)
    assert [h.phase for h in cy.history.order_by("history_date")][-3:] == ["conference", "submitted", "closed"]


def test_self_scoring_needs_a_criteria_table(users, registry):
    cy = services.cluster_year_create(actor=users["office"], cluster=registry["cluster"], year=2031)
    cy = move_to(cy, "in_progress", users["office"])
    with pytest.raises(InvalidTransition, match="bảng tiêu chí"):
        services.phase_move(actor=users["office"], cluster_year=cy, to_phase="self_scoring")


def test_criteria_cannot_change_once_scoring_started(year_setup):
    move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    with pytest.raises(InvalidTransition):
        services.criterion_save(
            actor=year_setup["office"], group=year_setup["criteria"]["1.1"].group, code="1.3", text="x", max_points=5
        )


def test_copy_last_years_table(year_setup, users, registry):
    office = users["office"]
    next_year = services.cluster_year_create(actor=office, cluster=registry["cluster"], year=2021)
    copy = services.table_copy(actor=office, source=year_setup["table"], cluster_year=next_year)
    source_rows = list(Criterion.objects.filter(group__table=year_setup["table"]).values_list("group__code", "code", "kind", "max_points"))
    copied_rows = list(Criterion.objects.filter(group__table=copy).values_list("group__code", "code", "kind", "max_points"))
    assert copied_rows == source_rows and len(copied_rows) == 4


def test_criteria_xlsx_round_trip_and_errors(year_setup, users, registry):
    office = users["office"]
    data = imports.criteria_export(selectors.tables(year_setup["cy"])[0])
    other = services.cluster_year_create(actor=office, cluster=registry["cluster"], year=2022)
    table = imports.criteria_import(actor=office, cluster_year=other, name="Nhập lại", file=data)
    imported = [(c.code, c.kind, c.max_points, c.evidence_required) for c in selectors.criteria_of(selectors.tables(other)[0])]
    assert imported == [("1.1", "score", Decimal(60), False), ("1.2", "score", Decimal(40), True),
                        ("T1", "bonus", Decimal(5), False), ("P1", "penalty", Decimal(5), False)]
    assert table.name == "Nhập lại"

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    sheet["F3"] = "-4"
    sheet["E4"] = "Loại lạ"
    sheet["C5"] = "1.1"
    buffer = io.BytesIO()
    book.save(buffer)
    before = Criterion.objects.count()
    with pytest.raises(ValidationFailed) as caught:
        imports.criteria_import(actor=office, cluster_year=other, name="Lỗi", file=buffer.getvalue())
    errors = "\n".join(caught.value.errors)
    assert "Dòng 3, cột “Điểm tối đa”" in errors
    assert "Dòng 4, cột “Loại”" in errors
    assert "Dòng 5, cột “Mã tiêu chí”: mã “1.1” trùng với dòng 2" in errors
    assert Criterion.objects.count() == before


def test_criteria_page_actions_refused_for_members(client_for, year_setup):
    cy = year_setup["cy"]
    client = client_for(year_setup["officers"]["SCT"])
    refused(client, "post", reverse("year-criteria-action", args=[cy.pk, "table"]), {"name": "X"})
    refused(client, "post", reverse("year-criteria-action", args=[cy.pk, "delete-criterion"]),
            {"criterion": year_setup["criteria"]["1.1"].pk})


def test_criteria_page_creates_table_group_and_criterion(client_for, users, year_setup):
    cy = year_setup["cy"]
    client = client_for(users["office"])
    client.post(reverse("year-criteria-action", args=[cy.pk, "table"]), {"name": "Khối doanh nghiệp"})
    table = cy.tables.get(name="Khối doanh nghiệp")
    client.post(reverse("year-criteria-action", args=[cy.pk, "group"]), {"table": table.pk, "code": "A", "name": "Sản xuất", "position": 0})
    group = table.groups.get()
    response = client.post(
        reverse("year-criteria-action", args=[cy.pk, "criterion"]),
        {"table": table.pk, f"t{table.pk}-group": group.pk, f"t{table.pk}-code": "A1", f"t{table.pk}-text": "Doanh thu",
         f"t{table.pk}-kind": "score", f"t{table.pk}-max_points": "100", f"t{table.pk}-position": 0},
        follow=True,
    )
    assert group.criteria.get().max_points == 100
    assert "Đã thêm tiêu chí." in response.content.decode()


def test_registration_by_own_officer_only(client_for, year_setup):
    cy = move_to(year_setup["cy"], "registration", year_setup["office"])
    sct, sxd = year_setup["units"]["SCT"], year_setup["units"]["SXD"]
    url = reverse("year-registration", args=[cy.pk, sct.pk])
    refused(client_for(year_setup["officers"]["SXD"]), "post", url, {"titles": ["CO_TINH"], "targets": "x"})
    client_for(year_setup["officers"]["SCT"]).post(url, {"titles": ["CO_TINH", "TTLDXS"], "targets": "Hoàn thành", "submit": "on"})
    registration = Registration.objects.get(cluster_year=cy, unit=sct)
    assert registration.titles == ["CO_TINH", "TTLDXS"] and registration.submitted_at is not None
    assert not Registration.objects.filter(unit=sxd).exists()


def test_pact_signed_by_heads_and_unsigned_listed(client_for, users, year_setup):
    cy, office = year_setup["cy"], year_setup["office"]
    cy = move_to(cy, "registration", office)
    services.pact_save(actor=office, cluster_year=cy, title="Giao ước 2020", text="Cam kết thi đua.")
    url = reverse("year-pact", args=[cy.pk])
    science = year_setup["units"]["SKHCN"]
    refused(client_for(users["officer"]), "post", url,
            {"action": "sign", "unit": science.pk, "signer_name": "Nguyễn Văn A"})
    client_for(users["head"]).post(url, {"action": "sign", "unit": science.pk, "signer_name": "Nguyễn Văn A", "signer_position": "Giám đốc"})
    signature = PactSignature.objects.get()
    assert (signature.unit, signature.signed_by) == (science, users["head"])
    page = client_for(users["council"]).get(url).content.decode()
    assert "Sở Công thương" in page and "Chưa ký" in page
    _, _, unsigned = selectors.pact_status(cy)
    assert {u.code for u in unsigned} == {"SCT", "SXD"}
    with pytest.raises(InvalidTransition, match="đã có đơn vị ký"):
        services.pact_save(actor=office, cluster_year=cy, text="Sửa sau khi ký")


def test_a_head_of_another_unit_cannot_sign_for_this_one(users, year_setup):
    cy = move_to(year_setup["cy"], "registration", year_setup["office"])
    services.pact_save(actor=year_setup["office"], cluster_year=cy, text="Cam kết.")
    with pytest.raises(Forbidden):
        services.pact_sign(actor=users["head"], cluster_year=cy, unit=year_setup["units"]["SCT"], signer_name="X")
    assert not PactSignature.objects.exists()


def test_year_pages_render_for_members_and_are_refused_to_guests(client_for, users, year_setup):
    cy = year_setup["cy"]
    sct = year_setup["units"]["SCT"]
    urls = [
        reverse("year-detail", args=[cy.pk]), reverse("year-criteria", args=[cy.pk]), reverse("year-pact", args=[cy.pk]),
        reverse("year-results", args=[cy.pk]), reverse("year-sheet", args=[cy.pk, sct.pk]),
        reverse("year-registration", args=[cy.pk, sct.pk]), reverse("year-settings", args=[cy.pk]),
    ]
    office = client_for(users["office"])
    for url in urls:
        assert office.get(url).status_code == 200, url
    guest = client_for(users["guest"])
    for url in urls:
        refused(guest, "get", url)
    refused(client_for(year_setup["officers"]["SCT"]), "get", reverse("year-settings", args=[cy.pk]))


def test_settings_page_saves_tie_breaks_and_quotas(client_for, users, year_setup):
    cy = year_setup["cy"]
    client_for(users["office"]).post(
        reverse("year-settings", args=[cy.pk]),
        {"aggregate": "mean_cross", "cross_scoring": "rotation", "vote_threshold_numerator": 2,
         "vote_threshold_denominator": 3, "vote_threshold_strict": "", "secret_ballots": "on",
         "tie_breaks_text": "group:1\nfewer_penalty", "quotas_text": "CO_TINH 1\nBK_TINH 3"},
    )
    cy.refresh_from_db()
    assert cy.tie_breaks == ["group:1", "fewer_penalty"]
    assert cy.quotas == [{"form": "CO_TINH", "count": 1}, {"form": "BK_TINH", "count": 3}]
    assert (cy.aggregate, cy.vote_threshold_numerator, cy.vote_threshold_strict) == ("mean_cross", 2, False)


def test_a_new_year_is_opened_by_the_office_only(client_for, users, registry):
    url = reverse("year-create", args=[registry["cluster"].pk])
    refused(client_for(users["officer"]), "post", url, {"year": 2030})
    client_for(users["office"]).post(url, {"year": 2030})
    cy = ClusterYear.objects.get(year=2030)
    assert cy.schedule.count() == 9 and cy.quotas[0] == {"form": "CO_TINH", "count": 1}


def test_rotation_page_assigns_and_refuses_members(client_for, users, year_setup):
    cy = year_setup["cy"]
    url = reverse("year-assignments", args=[cy.pk])
    refused(client_for(year_setup["officers"]["SCT"]), "post", url, {"scorers_per_unit": 1})
    client_for(users["office"]).post(url, {"scorers_per_unit": 1})
    cy.refresh_from_db()
    assert cy.cross_scoring == "rotation" and cy.assignments.count() == 3
    assert {a.scored_id for a in cy.assignments.all()} == {u.pk for u in year_setup["units"].values()}


def test_a_table_for_some_units_scores_only_them(client_for, users, year_setup):
    cy = year_setup["cy"]
    sct = year_setup["units"]["SCT"]
    client_for(users["office"]).post(reverse("year-criteria-action", args=[cy.pk, "table"]), {"name": "Riêng SCT", "units": [sct.pk]})
    special = cy.tables.get(name="Riêng SCT")
    assert selectors.table_for_unit(cy, sct) == special
    assert selectors.table_for_unit(cy, year_setup["units"]["SXD"]) == year_setup["table"]


def test_submitting_needs_the_conference_and_marks_proposals_submitted(year_setup):
    from tests.cycles.test_votes import cast_all
    from tests.cycles.test_scoring import scored_year

    setup = scored_year(year_setup)
    services.proposals_draft(actor=setup["office"], cluster_year=setup["cy"])
    cy = move_to(setup["cy"], "conference", setup["office"])
    proposal = cy.proposals.get(unit__code="SCT")
    vote = services.vote_open_for_proposal(actor=setup["office"], proposal=proposal)
    cast_all(setup, vote, {"SCT": "Đồng ý", "SKHCN": "Đồng ý"})
    services.vote_close(actor=setup["office"], vote=vote)
    with pytest.raises(InvalidTransition, match="hội nghị"):
        services.phase_move(actor=setup["office"], cluster_year=cy, to_phase="submitted")
    services.conference_save(actor=setup["office"], cluster_year=cy, held_on=datetime.date(2021, 1, 5),
                             host=setup["units"]["SKHCN"], place="Hội trường")
    services.phase_move(actor=setup["office"], cluster_year=cy, to_phase="submitted")
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert cy.proposals.get(unit__code="SXD").status == "draft"
