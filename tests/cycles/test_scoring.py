"""Self-, cross- and consolidated scores, conflicts, reasons and answers, and the ranking."""

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.cycles.conftest import move_to
from tests.test_permissions import refused
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.cycles import selectors, services
from thidua.cycles.models import Score, ScoreChange, ScoreKind
from thidua.rules.ranking_json import ranking_document


def self_score(setup, code, criterion, points, **extra):
    return services.score_save(
        actor=setup["officers"][code], cluster_year=setup["cy"], criterion=setup["criteria"][criterion],
        unit=setup["units"][code], kind=ScoreKind.SELF, points=points, **extra,
    )


def test_self_scoring_only_by_the_units_officer_and_in_its_phase(year_setup):
    with pytest.raises(InvalidTransition, match="Tự chấm điểm"):
        self_score(year_setup, "SCT", "1.1", 50)
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    with pytest.raises(Forbidden):
        services.score_save(
            actor=year_setup["officers"]["SXD"], cluster_year=year_setup["cy"], criterion=year_setup["criteria"]["1.1"],
            unit=year_setup["units"]["SCT"], kind=ScoreKind.SELF, points=50,
        )
    score = self_score(year_setup, "SCT", "1.1", "55,5")
    assert score.points == Decimal("55.5") and score.scorer == year_setup["units"]["SCT"]


@pytest.mark.parametrize("raw, message", [
    ("61", "điểm phải từ 0 đến 60"), ("-1", "điểm phải từ 0 đến 60"), ("abc", "không phải là số"),
    ("1.234", "tối đa 2 chữ số thập phân"), ("NaN", "điểm phải từ 0 đến 60"),
])
def test_points_outside_the_range_are_refused_with_a_clear_message(year_setup, raw, message):
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    with pytest.raises(ValidationFailed) as caught:
        self_score(year_setup, "SCT", "1.1", raw)
    assert "Tiêu chí 1.1" in caught.value.errors[0] and message in caught.value.errors[0]
    assert not Score.objects.exists()


def test_two_editors_never_silently_overwrite_each_other(year_setup):
    year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    first = self_score(year_setup, "SCT", "1.1", 50)
    assert first.version == 1
    # Two tabs loaded version 1; the first save wins, the second is refused and changes nothing.
    self_score(year_setup, "SCT", "1.1", 52, expected_version=1)
    with pytest.raises(ValidationFailed, match="vừa được"):
        self_score(year_setup, "SCT", "1.1", 58, expected_version=1)
    score = Score.objects.get()
    assert (score.points, score.version) == (Decimal(52), 2)
    # A second "new" score for the same criterion is a conflict too.
    with pytest.raises(ValidationFailed, match="vừa được"):
        self_score(year_setup, "SCT", "1.1", 40, expected_version=None)


def test_sheet_is_all_or_nothing(client_for, year_setup):
    cy = year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    sct = year_setup["units"]["SCT"]
    c = year_setup["criteria"]
    client = client_for(year_setup["officers"]["SCT"])
    url = reverse("year-sheet", args=[cy.pk, sct.pk])
    response = client.post(url, {f"points_{c['1.1'].pk}": "50", f"points_{c['1.2'].pk}": "41"})
    page = response.content.decode()
    assert "Tiêu chí 1.2: điểm phải từ 0 đến 40 (đã nhập 41)" in page
    assert 'value="41"' in page  # what the user typed is kept for correction
    assert not Score.objects.exists()
    client.post(url, {f"points_{c['1.1'].pk}": "50", f"points_{c['1.2'].pk}": "38", f"note_{c['1.2'].pk}": "Có 12 văn bản"})
    assert sorted(Score.objects.values_list("points", flat=True)) == [Decimal(38), Decimal(50)]


def test_sheet_save_counts_only_the_scores_it_changed(year_setup):
    cy = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    sct, officer, c = year_setup["units"]["SCT"], year_setup["officers"]["SCT"], year_setup["criteria"]

    def save(entries):
        return services.sheet_save(actor=officer, cluster_year=cy, unit=sct, kind="self", entries=entries)

    assert save([{"criterion": c["1.1"], "points": "50"}, {"criterion": c["1.2"], "points": ""}]) == 1
    assert save([{"criterion": c["1.1"], "points": "50", "expected_version": 1},
                 {"criterion": c["1.2"], "points": "30"}]) == 1
    assert save([{"criterion": c["1.1"], "points": "51", "expected_version": 1},
                 {"criterion": c["1.2"], "points": "30", "expected_version": 1}]) == 1
    assert save([{"criterion": c["1.1"], "points": "51", "expected_version": 2},
                 {"criterion": c["1.2"], "points": "30", "expected_version": 1}]) == 0


def test_a_sheet_locks_the_year_once_and_reads_its_scores_once(year_setup):
    """Every save of a cluster waits for the year's lock: a sheet holds it a few queries long."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cy = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    sct, officer, criteria = year_setup["units"]["SCT"], year_setup["officers"]["SCT"], year_setup["criteria"]
    entries = [{"criterion": criterion, "points": "1"} for criterion in criteria.values()]
    assert services.sheet_save(actor=officer, cluster_year=cy, unit=sct, kind="self", entries=entries) == 4
    for entry in entries:
        entry["expected_version"] = 1
    with CaptureQueriesContext(connection) as captured:
        assert services.sheet_save(actor=officer, cluster_year=cy, unit=sct, kind="self", entries=entries) == 0
    statements = [query["sql"] for query in captured]
    assert sum('FROM "cycles_clusteryear"' in sql for sql in statements) == 1  # the lock (FOR UPDATE on PostgreSQL)
    assert sum("cycles_score" in sql for sql in statements) == 1  # one read for the whole sheet


def test_sheet_refuses_members_without_the_right(client_for, users, year_setup):
    cy = year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    sct = year_setup["units"]["SCT"]
    url = reverse("year-sheet", args=[cy.pk, sct.pk])
    data = {f"points_{year_setup['criteria']['1.1'].pk}": "50"}
    for user in [year_setup["officers"]["SXD"], users["council"], users["head"]]:
        refused(client_for(user), "post", url, data)


def test_cross_scoring_follows_the_rotation(year_setup):
    setup, office = year_setup, year_setup["office"]
    services.cluster_year_configure(actor=office, cluster_year=setup["cy"], cross_scoring="rotation")
    units = setup["units"]
    services.assignments_set(actor=office, cluster_year=setup["cy"], pairs=[(units["SXD"], units["SCT"])])
    cy = setup["cy"] = move_to(setup["cy"], "cross_scoring", office)

    def cross(scorer_code, scored_code):
        return services.score_save(
            actor=setup["officers"][scorer_code], cluster_year=cy, criterion=setup["criteria"]["1.1"],
            unit=units[scored_code], kind=ScoreKind.CROSS, scorer=units[scorer_code], points=45,
        )

    assert cross("SXD", "SCT").points == 45
    with pytest.raises(Forbidden, match="không được phân công"):
        cross("SKHCN", "SCT")
    with pytest.raises(Forbidden):
        services.score_save(
            actor=setup["officers"]["SKHCN"], cluster_year=cy, criterion=setup["criteria"]["1.1"],
            unit=units["SCT"], kind=ScoreKind.CROSS, scorer=units["SXD"], points=45,
        )


def test_rotation_pairs_give_every_unit_the_same_number_of_scorers(year_setup):
    units = list(year_setup["units"].values())
    pairs = services.rotation_pairs(units, scorers_per_unit=2)
    assert len(pairs) == 6 and all(a != b for a, b in pairs)
    assert {u.pk: sum(1 for _, b in pairs if b == u) for u in units} == {u.pk: 2 for u in units}


def scored_year(setup):
    """Self scores, then cross scores where everyone scores everyone, then consolidation."""
    office, units, c = setup["office"], setup["units"], setup["criteria"]
    setup["cy"] = move_to(setup["cy"], "self_scoring", office)
    marks = {"SCT": (58, 39, 2, 0), "SKHCN": (57, 38, 0, 0), "SXD": (55, 38, 0, 1)}
    for code, (p11, p12, bonus, penalty) in marks.items():
        for key, points in zip(["1.1", "1.2", "T1", "P1"], [p11, p12, bonus, penalty]):
            self_score(setup, code, key, points)
    setup["cy"] = move_to(setup["cy"], "cross_scoring", office)
    for scorer in units:
        for code, (p11, p12, bonus, penalty) in marks.items():
            if scorer == code:
                continue
            for key, points in zip(["1.1", "1.2", "T1", "P1"], [p11 - 1, p12 - 1, bonus, penalty]):
                services.score_save(
                    actor=setup["officers"][scorer], cluster_year=setup["cy"], criterion=c[key], unit=units[code],
                    kind=ScoreKind.CROSS, scorer=units[scorer], points=points,
                )
    setup["cy"] = move_to(setup["cy"], "consolidation", office)
    return setup


def test_ranking_from_cross_scores_with_bonus_and_penalty(client_for, users, year_setup):
    setup = scored_year(year_setup)
    ranking = selectors.ranking(setup["cy"])
    assert [(r.unit.code, r.rank, r.total) for r in ranking.rows] == [
        ("SCT", 1, Decimal("97.00")), ("SKHCN", 2, Decimal("93.00")), ("SXD", 3, Decimal("90.00")),
    ]
    assert {form: [u.code for u in units] for form, units in ranking.proposals.items()} == {
        "CO_TINH": ["SCT"], "BK_TINH": ["SKHCN", "SXD"],
    }
    page = client_for(users["council"]).get(reverse("year-results", args=[setup["cy"].pk])).content.decode()
    assert page.index("Sở Công thương") < page.index("Sở Khoa học và Công nghệ") < page.index("Sở Xây dựng")
    assert "97" in page and "<svg" in page


def test_results_page_reads_each_thing_once(client_for, users, year_setup):
    """The ranking page is the most read page of a year (bench/load.py): no query twice."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    setup = scored_year(year_setup)
    client = client_for(users["council"])
    url = reverse("year-results", args=[setup["cy"].pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    statements = [query["sql"] for query in captured]
    assert len(statements) == len(set(statements)), [s for s in statements if statements.count(s) > 1]


def test_page_and_calculator_agree(year_setup, tmp_path):
    setup = scored_year(year_setup)
    document = selectors.ranking_document(setup["cy"])
    path = tmp_path / "ranking.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "thidua", "ranking", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == ranking_document(document)
    assert [(row["unit"], row["rank"], row["total"]) for row in printed["ranking"]] == [
        (r.unit.code, r.rank, float(r.total)) for r in selectors.ranking(setup["cy"]).rows
    ]


def test_consolidation_change_needs_a_reason_and_the_unit_may_answer(client_for, users, year_setup):
    setup = scored_year(year_setup)
    cy, sct = setup["cy"], setup["units"]["SCT"]
    leader = users["officer"]  # the officer of Sở KH&CN, the leading unit in 2020
    with pytest.raises(ValidationFailed, match="phải ghi rõ lý do"):
        services.score_save(actor=leader, cluster_year=cy, criterion=setup["criteria"]["1.1"], unit=sct,
                            kind=ScoreKind.REVIEW, points=50)
    services.score_save(actor=leader, cluster_year=cy, criterion=setup["criteria"]["1.1"], unit=sct,
                        kind=ScoreKind.REVIEW, points=50, reason="Chưa hoàn thành chỉ tiêu xuất khẩu")
    change = ScoreChange.objects.get()
    assert (change.old_points, change.new_points) == (Decimal(57), Decimal(50))
    assert selectors.ranking(cy).rows[0].unit.code == "SKHCN"  # the reviewed score replaced the cross mean

    sct_client = client_for(setup["officers"]["SCT"])
    page = sct_client.get(reverse("year-sheet", args=[cy.pk, sct.pk])).content.decode()
    assert "Chưa hoàn thành chỉ tiêu xuất khẩu" in page
    refused(client_for(setup["officers"]["SXD"]), "post", reverse("year-respond", args=[cy.pk, change.pk]), {"response": "x"})
    sct_client = client_for(setup["officers"]["SCT"])  # one test client: log the unit's officer back in
    response = sct_client.post(reverse("year-respond", args=[cy.pk, change.pk]), {"response": "Đã có văn bản xác nhận của Bộ."}, follow=True)
    assert "Đã gửi giải trình." in response.content.decode()
    change.refresh_from_db()
    assert change.response == "Đã có văn bản xác nhận của Bộ." and change.responded_by == setup["officers"]["SCT"]


def test_only_the_runner_consolidates(year_setup):
    setup = scored_year(year_setup)
    with pytest.raises(Forbidden):
        services.score_save(actor=setup["officers"]["SCT"], cluster_year=setup["cy"], criterion=setup["criteria"]["1.1"],
                            unit=setup["units"]["SCT"], kind=ScoreKind.REVIEW, points=60, reason="tự nâng")
    assert not Score.objects.filter(kind=ScoreKind.REVIEW).exists()


def test_evidence_upload_and_download(client_for, users, year_setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    cy = year_setup["cy"] = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    sct = year_setup["units"]["SCT"]
    self_score(year_setup, "SCT", "1.2", 38)
    client = client_for(year_setup["officers"]["SCT"])
    url = reverse("year-evidence-upload", args=[cy.pk, sct.pk])
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    client.post(url, {"criterion": year_setup["criteria"]["1.2"].pk, "file": bad})
    assert not Score.objects.get().evidence.exists()
    good = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung")
    refused(client_for(year_setup["officers"]["SXD"]), "post", url, {"criterion": year_setup["criteria"]["1.2"].pk, "file": good})
    good = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung")
    client = client_for(year_setup["officers"]["SCT"])
    response = client.post(url, {"criterion": year_setup["criteria"]["1.2"].pk, "file": good, "description": "Báo cáo"}, follow=True)
    assert "Đã nộp minh chứng." in response.content.decode()
    evidence = Score.objects.get().evidence.get()
    response = client_for(users["council"]).get(reverse("year-evidence", args=[cy.pk, evidence.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minh chung"
    refused(client_for(users["guest"]), "get", reverse("year-evidence", args=[cy.pk, evidence.pk]))


def test_demo_year_ranks_as_published(db):
    from django.core.management import call_command

    call_command("demo")
    cy = selectors.cluster_year_find(cluster_code="CUM-II", year=2020)
    ranking = selectors.ranking(cy)
    assert [r.unit.code for r in ranking.rows[:3]] == ["SCT", "SKHCN", "SXD"]
    assert {f: [u.code for u in us] for f, us in ranking.proposals.items()} == {"CO_TINH": ["SCT"], "BK_TINH": ["SKHCN", "SXD"]}


def test_ranking_command_reads_a_stored_cluster_year(year_setup, capsys):
    from django.core.management import call_command

    setup = scored_year(year_setup)
    call_command("ranking", cluster="CUM-II", year=2020)
    printed = json.loads(capsys.readouterr().out)
    assert [row["unit"] for row in printed["ranking"]] == ["SCT", "SKHCN", "SXD"]
    assert printed["proposals"] == {"CO_TINH": ["SCT"], "BK_TINH": ["SKHCN", "SXD"]}
    assert selectors.ranking(setup["cy"]).rows[0].total == Decimal(str(printed["ranking"][0]["total"]))
    with pytest.raises(SystemExit) as caught:
        call_command("ranking", cluster="CUM-IX", year=2020)
    assert caught.value.code == 2
    assert "Không có năm thi đua 2020 của cụm CUM-IX." in capsys.readouterr().err


def test_a_table_out_of_1000_points_works(users, registry):
    from tests.cycles.conftest import move_to as advance

    office = users["office"]
    cy = services.cluster_year_create(actor=office, cluster=registry["cluster"], year=registry["year"])
    services.cluster_year_configure(actor=office, cluster_year=cy, aggregate="self")
    table = services.table_create(actor=office, cluster_year=cy, name="Thang điểm 1000")
    group = services.group_save(actor=office, table=table, code="A", name="Nhiệm vụ")
    big = services.criterion_save(actor=office, group=group, code="A1", text="Chỉ tiêu", max_points=Decimal(600))
    services.criterion_save(actor=office, group=group, code="A2", text="Chỉ tiêu", max_points=Decimal(400))
    assert selectors.table_max_total(table) == 1000
    cy = advance(cy, "self_scoring", office)
    services.score_save(actor=users["officer"], cluster_year=cy, criterion=big, unit=registry["science"],
                        kind=ScoreKind.SELF, points="575,5")
    with pytest.raises(ValidationFailed, match="từ 0 đến 600"):
        services.score_save(actor=users["officer"], cluster_year=cy, criterion=big, unit=registry["science"],
                            kind=ScoreKind.SELF, points="600,5", expected_version=1)
    totals = {r.unit.code: r.total for r in selectors.ranking(cy).rows}
    assert totals == {"SKHCN": Decimal("575.50"), "SCT": Decimal("0.00")}


def test_the_score_sheet_costs_the_same_queries_whatever_its_length(client_for, year_setup):
    """The page and its save read each kind of row once, not once per criterion or score."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thidua.cycles.models import Criterion

    cy = move_to(year_setup["cy"], "self_scoring", year_setup["office"])
    sct = year_setup["units"]["SCT"]
    client = client_for(year_setup["officers"]["SCT"])
    url = reverse("year-sheet", args=[cy.pk, sct.pk])

    def reads(captured) -> int:
        return sum(query["sql"].lstrip().upper().startswith("SELECT") for query in captured)

    def costs(points: str) -> tuple[int, int]:
        form = {}
        for criterion in Criterion.objects.filter(group__table=year_setup["table"]):
            score = Score.objects.filter(criterion=criterion, unit=sct, kind=ScoreKind.SELF).first()
            form[f"points_{criterion.pk}"] = points
            form[f"version_{criterion.pk}"] = str(score.version) if score else ""
        with CaptureQueriesContext(connection) as saving:
            assert client.post(url, form).status_code == 302
        with CaptureQueriesContext(connection) as reading:
            assert points in client.get(url).content.decode()
        return reads(reading), reads(saving)

    costs("1")  # every criterion has a score from here on
    short = costs("2")
    group = year_setup["criteria"]["1.1"].group
    for index in range(8):
        Criterion.objects.create(group=group, code=f"1.{index + 3}", text=f"Tiêu chí thêm {index}",
                                 max_points=Decimal(10), position=index + 3)
    costs("1")
    long = costs("2")
    assert long == short  # only the writes grow: each changed score's update and audit row
