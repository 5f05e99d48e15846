"""`thidua ranking FILE.json`: the JSON format and the command around it. No database."""

import copy
import json
import subprocess
import sys

import pytest

from thidua.rules.ranking import RankingInputError
from thidua.rules.ranking_json import load_json, parse_document, ranking_document

DOCUMENT = {
    "criteria": [
        {"code": "1.1", "group": "1", "kind": "score", "max": 10, "name": "Hoàn thành nhiệm vụ"},
        {"code": "2.1", "group": "2", "kind": "score", "max": 90},
        {"code": "T1", "group": "T", "kind": "bonus", "max": 5},
        {"code": "P1", "group": "P", "kind": "penalty", "max": 5},
    ],
    "units": ["SCT", "SKHCN", "SXD", "TTT"],
    "scores": [
        {"unit": "SCT", "scorer": "SKHCN", "criterion": "1.1", "points": 9.5},
        {"unit": "SCT", "scorer": "SXD", "criterion": "1.1", "points": 9.5},
        {"unit": "SCT", "scorer": "SKHCN", "criterion": "2.1", "points": 88},
        {"unit": "SKHCN", "scorer": "SCT", "criterion": "1.1", "points": 10},
        {"unit": "SKHCN", "scorer": "SCT", "criterion": "2.1", "points": 87},
        {"unit": "SKHCN", "scorer": "SXD", "criterion": "T1", "points": 0.5},
        {"unit": "SXD", "scorer": "SCT", "criterion": "1.1", "points": 10},
        {"unit": "SXD", "scorer": "SCT", "criterion": "2.1", "points": 88},
        {"unit": "SXD", "scorer": "SKHCN", "criterion": "P1", "points": 1},
        {"unit": "TTT", "scorer": "SCT", "criterion": "1.1", "points": 9},
        {"unit": "TTT", "scorer": "REVIEW", "criterion": "2.1", "points": 88.5},
    ],
    "method": {"aggregate": "reviewed", "tie_breaks": ["group:1", "fewer_penalty", "more_bonus"]},
    "quotas": [{"form": "CO_TINH", "count": 1}, {"form": "BK_TINH", "count": 2}],
}
# SCT 9.5 + 88 = 97.5; SKHCN 10 + 87 + 0.5 = 97.5 (group 1 higher); SXD 10 + 88 - 1 = 97;
# TTT 9 + REVIEW 88.5 = 97.5 (group 1 lowest)
EXPECTED = {
    "ranking": [
        {"unit": "SKHCN", "rank": 1, "total": 97.5, "tied": False},
        {"unit": "SCT", "rank": 2, "total": 97.5, "tied": False},
        {"unit": "TTT", "rank": 3, "total": 97.5, "tied": False},
        {"unit": "SXD", "rank": 4, "total": 97, "tied": False},
    ],
    "proposals": {"CO_TINH": ["SKHCN"], "BK_TINH": ["SCT", "TTT"]},
    "needs_vote": [],
}


def document(**changes):
    doc = copy.deepcopy(DOCUMENT)
    doc.update(changes)
    return doc


def problems_of(doc):
    with pytest.raises(RankingInputError) as refused:
        parse_document(doc)
    return refused.value.problems


def test_ranking_document_turns_a_document_into_the_output():
    assert ranking_document(DOCUMENT) == EXPECTED


def test_totals_are_json_numbers_and_numbers_are_read_as_decimals():
    text = json.dumps(document(scores=[
        {"unit": "SCT", "scorer": "SKHCN", "criterion": "1.1", "points": 0.1},
        {"unit": "SCT", "scorer": "SKHCN", "criterion": "2.1", "points": 0.2},
    ]))

    output = json.dumps(ranking_document(load_json(text)))

    assert '"total": 0.3,' in output  # 0.1 + 0.2 in binary floats would print 0.30000000000000004
    assert '"97.50"' not in json.dumps(ranking_document(DOCUMENT))


def test_a_tie_across_the_quota_boundary_goes_to_needs_vote():
    doc = document(method={"aggregate": "reviewed", "tie_breaks": []})

    output = ranking_document(doc)

    assert [(r["unit"], r["rank"], r["tied"]) for r in output["ranking"]] == [
        ("SCT", 1, True), ("SKHCN", 1, True), ("TTT", 1, True), ("SXD", 4, False),
    ]
    assert output["proposals"] == {"CO_TINH": [], "BK_TINH": ["SXD"]}
    assert output["needs_vote"] == [{"form": "CO_TINH", "units": ["SCT", "SKHCN", "TTT"]}]


def test_every_problem_is_reported_with_its_json_path():
    doc = document()
    doc["criteria"][0]["max"] = "10"
    doc["criteria"].append(7)
    del doc["scores"][1]["points"]
    doc["scores"][2]["criterion"] = "9.9"
    doc["scores"][4]["points"] = 95
    doc["method"]["aggregate"] = "median"
    doc["quotas"][1]["count"] = 2.5

    assert problems_of(doc) == [
        "criteria[4]: phải là một đối tượng, nhận được 7",
        'criteria[0].max: phải là số, nhận được chuỗi "10"',
        "scores[1].points: thiếu giá trị bắt buộc",
        'scores[2].criterion: tiêu chí "9.9" không có trong danh sách tiêu chí',
        "scores[4].points: điểm 95 vượt quá điểm tối đa 90 của tiêu chí 2.1",
        'method.aggregate: cách tổng hợp "median" không hợp lệ; '
        "chỉ nhận self, mean_cross hoặc reviewed",
        "quotas[1].count: phải là số nguyên, nhận được 2.5",
    ]


def test_points_above_max_are_refused_with_the_criterion_named():
    doc = document()
    doc["scores"][3]["points"] = 12

    assert problems_of(doc) == [
        "scores[3].points: điểm 12 vượt quá điểm tối đa 10 của tiêu chí 1.1",
    ]


def test_missing_and_mistyped_sections_are_named():
    doc = document(units="SCT", method=["self"])
    del doc["quotas"]

    assert problems_of(doc) == [
        "units: phải là một danh sách, nhận được chuỗi \"SCT\"",
        "method: phải là một đối tượng, nhận được một danh sách",
        "quotas: thiếu trường bắt buộc",
    ]


def test_a_document_that_is_not_an_object_is_refused():
    assert problems_of([]) == ["Tài liệu phải là một đối tượng JSON, nhận được một danh sách"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"units": ["SCT",]}', "JSON không hợp lệ ở dòng 1, cột 18: thiếu giá trị"),
        ('{\n  "units": ["SCT"]\n  "scores": []\n}',
         "JSON không hợp lệ ở dòng 3, cột 3: thiếu dấu phẩy"),
        ("", "JSON không hợp lệ ở dòng 1, cột 1: thiếu giá trị"),
    ],
)
def test_malformed_json_is_reported_with_line_and_column(text, message):
    with pytest.raises(RankingInputError) as refused:
        load_json(text)

    assert refused.value.problems == [message]


def test_nan_is_reported_where_it_is():
    text = json.dumps(DOCUMENT).replace('"points": 9.5', '"points": NaN', 1)

    assert problems_of(load_json(text)) == ["scores[0].points: phải là số hữu hạn, nhận được NaN"]


# --- the command, as a user runs it -----------------------------------------------------------


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "thidua", "ranking", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def test_command_prints_the_ranking_as_json(tmp_path):
    path = tmp_path / "cum.json"
    path.write_text(json.dumps(DOCUMENT, ensure_ascii=False), encoding="utf-8")

    done = run(str(path))

    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == EXPECTED


def test_command_reads_standard_input_with_a_dash():
    done = run("-", stdin=json.dumps(DOCUMENT))

    assert done.returncode == 0
    assert json.loads(done.stdout) == EXPECTED


def test_command_exits_2_with_one_message_per_problem_and_nothing_on_stdout(tmp_path):
    doc = document()
    doc["scores"][0]["unit"] = "SYT"
    doc["method"]["tie_breaks"] = ["group:9"]
    path = tmp_path / "sai.json"
    path.write_text(json.dumps(doc), encoding="utf-8")

    done = run(str(path))

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        'scores[0].unit: đơn vị "SYT" không có trong danh sách đơn vị',
        'method.tie_breaks[0]: nhóm tiêu chí "9" không có trong danh sách tiêu chí',
    ]


def test_command_reports_malformed_json_with_its_position():
    done = run("-", stdin='{\n  "units": [\n')

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == ["JSON không hợp lệ ở dòng 3, cột 1: thiếu giá trị"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cluster", "CUM-II"], "Dùng hoặc một tệp JSON, hoặc cả --cluster và --year."),
        (["x.json", "--cluster", "CUM-II", "--year", "2020"], "Dùng hoặc một tệp JSON, hoặc cả --cluster và --year."),
        ([], "Cần chỉ ra tệp JSON, hoặc - để đọc từ đầu vào chuẩn."),
        (["khong-co.json"], "Không tìm thấy tệp khong-co.json."),
    ],
)
def test_command_refuses_what_it_cannot_rank(args, message):
    done = run(*args)

    assert (done.returncode, done.stdout, done.stderr.splitlines()) == (2, "", [message])
