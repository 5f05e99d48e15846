"""Cluster years through the API: detail, ranking as the calculator prints it, self scores saved
through the scoring service with its version check."""

from decimal import Decimal

import pytest
from django.test import Client

from tests.api import as_error, call, token_for
from tests.cycles.conftest import move_to, year_setup  # noqa: F401 - the fixture, shared with tests/cycles
from tests.cycles.test_scoring import scored_year, self_score
from thidua.cycles import selectors
from thidua.cycles.models import Score, ScoreKind
from thidua.rules.ranking_json import ranking_document


def scores_snapshot():
    return sorted(Score.objects.values_list("criterion_id", "unit_id", "kind", "scorer_id", "points", "note", "version"))


def save(client, setup, user, code="SCT", criterion="1.1", **data):
    body = {"unit": setup["units"][code].pk, **data}
    url = f"/cluster-years/{setup['cy'].pk}/self-scores/{setup['criteria'][criterion].pk}"
    return call(client, "put", url, user=user, data=body)


def test_cluster_years_list_and_detail_with_phase(client, users, year_setup):
    cy = year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    listed = call(client, "get", "/cluster-years", user=users["council"], params={"year": 2020}).json()
    assert listed["count"] == 1
    assert listed["items"][0] == {
        "id": cy.pk, "cluster": {"id": cy.cluster_id, "code": "CUM-II", "name": "Cụm thi đua số II"},
        "year": 2020, "phase": "self_scoring", "phase_label": "Tự chấm điểm",
    }
    assert call(client, "get", "/cluster-years", user=users["council"], params={"phase": "closed"}).json()["count"] == 0

    detail = call(client, "get", f"/cluster-years/{cy.pk}", user=year_setup["officers"]["SCT"]).json()
    assert detail["phase"] == "self_scoring" and detail["can_run"] is False and detail["allowed_moves"] == []
    assert detail["my_units"] == [year_setup["units"]["SCT"].pk]
    assert {m["unit"]["code"] for m in detail["members"]} == {"SKHCN", "SCT", "SXD"}
    assert [row["phase"] for row in detail["schedule"]][:2] == ["setup", "registration"]
    assert detail["vote_threshold"] == "> 1/2"
    office_view = call(client, "get", f"/cluster-years/{cy.pk}", user=users["office"]).json()
    assert office_view["can_run"] is True and office_view["allowed_moves"] == ["cross_scoring", "in_progress"]


def test_ranking_is_what_the_calculator_prints(client, users, year_setup):
    setup = scored_year(year_setup)
    response = call(client, "get", f"/cluster-years/{setup['cy'].pk}/ranking", user=users["council"])
    assert response.status_code == 200
    ranking = response.json()
    expected = ranking_document(selectors.ranking_document(setup["cy"]))
    assert {key: ranking[key] for key in ("ranking", "proposals", "needs_vote")} == expected
    assert ranking["ranking"][0] == {"unit": "SCT", "rank": 1, "total": 97, "tied": False}
    assert b'"total": 97,' in response.content  # a JSON number, printed as the calculator does
    assert ranking["final"] is True
    assert [u["name"] for u in ranking["units"]] == ["Sở Công thương", "Sở Khoa học và Công nghệ", "Sở Xây dựng"]
    assert ranking["groups"][0] == {"code": "1", "name": "Chuyên môn"}


def test_a_year_that_cannot_be_ranked_yet_is_409(client, users, year_setup):
    from thidua.cycles import services

    services.cluster_year_configure(actor=users["office"], cluster_year=year_setup["cy"], tie_breaks=["group:X"])
    payload = as_error(call(client, "get", f"/cluster-years/{year_setup['cy'].pk}/ranking", user=users["office"]), 409)
    assert payload["detail"].startswith("Chưa xếp hạng được") and 'nhóm tiêu chí "X"' in payload["errors"][0]


def test_self_scores_of_the_callers_own_unit(client, year_setup):
    cy = year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    self_score(year_setup, "SCT", "1.1", "55,5", note="Đạt 111%")
    sheets = call(client, "get", f"/cluster-years/{cy.pk}/self-scores", user=year_setup["officers"]["SCT"]).json()
    assert len(sheets) == 1 and sheets[0]["unit"]["code"] == "SCT" and sheets[0]["editable"] is True
    assert sheets[0]["table"] == "Bảng tiêu chí 2020"
    first = sheets[0]["scores"][0]
    assert (first["code"], first["points"], first["note"], first["version"], first["max_points"]) == ("1.1", 55.5, "Đạt 111%", 1, 60)
    assert sheets[0]["scores"][1]["points"] is None and sheets[0]["scores"][1]["version"] is None


def test_self_scores_of_another_unit_are_refused(client, users, year_setup):
    cy = year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    url = f"/cluster-years/{cy.pk}/self-scores"
    sct = year_setup["units"]["SCT"].pk
    as_error(call(client, "get", url, user=year_setup["officers"]["SXD"], params={"unit": sct}), 403)
    for who in ("council", "head", "office"):  # no officer grant in the cluster that year
        as_error(call(client, "get", url, user=users[who]), 403)
    as_error(call(client, "get", url, user=users["guest"]), 403)


def test_saving_a_self_score_and_its_version(client, year_setup):
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    officer = year_setup["officers"]["SCT"]
    response = save(client, year_setup, officer, points=55.5, note="Có 12 văn bản", expected_version=None)
    assert response.status_code == 200, response.content
    saved = response.json()
    assert (saved["points"], saved["version"], saved["unit"]["code"], saved["code"]) == (55.5, 1, "SCT", "1.1")
    second = save(client, year_setup, officer, points="57", note="Có 12 văn bản", expected_version=1).json()
    assert second["version"] == 2
    score = Score.objects.get()
    assert (score.points, score.kind, score.version, score.updated_by) == (Decimal("57"), ScoreKind.SELF, 2, officer)
    assert score.history.first().history_user == officer  # audited through the service


def test_a_stale_version_is_409_and_changes_nothing(client, year_setup):
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    officer = year_setup["officers"]["SCT"]
    self_score(year_setup, "SCT", "1.1", 50)
    self_score(year_setup, "SCT", "1.1", 52, expected_version=1)  # another tab saved meanwhile
    before = scores_snapshot()
    payload = as_error(save(client, year_setup, officer, points=58, expected_version=1), 409)
    assert "người khác thay đổi" in payload["detail"] and "vừa được" in payload["errors"][0] and "(52)" in payload["errors"][0]
    # A "new" score where one exists is a conflict too.
    as_error(save(client, year_setup, officer, points=40, expected_version=None), 409)
    assert scores_snapshot() == before


def test_refused_saves_change_nothing(client, users, year_setup):
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    self_score(year_setup, "SCT", "1.1", 50)
    before = scores_snapshot()
    # The officer of another unit, the head, the council, a guest: 403.
    for user in (year_setup["officers"]["SXD"], users["head"], users["council"], users["guest"]):
        payload = as_error(save(client, year_setup, user, points=10, expected_version=1), 403)
        assert "cán bộ thi đua" in payload["detail"] or "quyền" in payload["detail"]
    # Out of range, with every problem stated: 400.
    payload = as_error(save(client, year_setup, year_setup["officers"]["SCT"], points=61, expected_version=1), 400)
    assert payload["errors"] == ["Tiêu chí 1.1: điểm phải từ 0 đến 60 (đã nhập 61)."]
    assert as_error(save(client, year_setup, year_setup["officers"]["SCT"], points="1.234", expected_version=1), 400)
    # Not matching the schema: 422, naming the field.
    payload = as_error(save(client, year_setup, year_setup["officers"]["SCT"], points="abc"), 422)
    assert payload["errors"] == ["Trường “points”: phải là số."]
    payload = as_error(save(client, year_setup, year_setup["officers"]["SCT"], points=5, note="a\x00b"), 422)
    assert payload["errors"] == ["Trường “note”: chứa ký tự không lưu được (NUL hoặc mã UTF-16 lẻ)."]
    payload = as_error(call(client, "put", f"/cluster-years/{year_setup['cy'].pk}/self-scores/1", user=users["office"],
                            data={"points": 1}), 422)
    assert payload["errors"] == ["Trường “unit”: bắt buộc phải có."]
    response = call(client, "put", f"/cluster-years/{year_setup['cy'].pk}/self-scores/1", user=users["office"])
    assert as_error(response, 422)["errors"] == ["Nội dung yêu cầu (JSON): bắt buộc phải có."]
    # A criterion of no table of the unit: 404.
    url = f"/cluster-years/{year_setup['cy'].pk}/self-scores/987654"
    as_error(call(client, "put", url, user=year_setup["officers"]["SCT"], data={"unit": year_setup["units"]["SCT"].pk, "points": 1}), 404)
    assert scores_snapshot() == before


def test_saving_outside_the_self_scoring_phase_is_409(client, year_setup):
    payload = as_error(save(client, year_setup, year_setup["officers"]["SCT"], points=50), 409)
    assert "Tự chấm điểm" in payload["detail"]
    assert not Score.objects.exists()


def test_no_csrf_token_is_needed_with_a_bearer_token(year_setup):
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    client = Client(enforce_csrf_checks=True)
    response = save(client, year_setup, year_setup["officers"]["SCT"], points=50)
    assert response.status_code == 200
    # And a session cookie alone gets nowhere, CSRF token or not.
    client.force_login(year_setup["officers"]["SCT"])
    url = f"/api/v1/cluster-years/{year_setup['cy'].pk}/self-scores/{year_setup['criteria']['1.2'].pk}"
    response = client.put(url, '{"unit": %d, "points": 30}' % year_setup["units"]["SCT"].pk, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("who", ["guest", "nobody"])
def test_cluster_years_are_refused_to_who_holds_no_role(client, users, year_setup, who):
    cy = year_setup["cy"]
    for path in ("/cluster-years", f"/cluster-years/{cy.pk}", f"/cluster-years/{cy.pk}/ranking"):
        as_error(call(client, "get", path, user=users[who]), 403)
    as_error(call(client, "get", "/cluster-years/987654", user=users["office"]), 404)


def test_the_token_acts_as_its_user_only(client, year_setup):
    # The SXD officer's token cannot save for SCT even when naming SCT's unit.
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    token = token_for(year_setup["officers"]["SXD"])
    url = f"/cluster-years/{year_setup['cy'].pk}/self-scores/{year_setup['criteria']['1.1'].pk}"
    as_error(call(client, "put", url, token=token, data={"unit": year_setup["units"]["SCT"].pk, "points": 50}), 403)
    assert call(client, "put", url, token=token, data={"unit": year_setup["units"]["SXD"].pk, "points": 50}).status_code == 200
