"""`thidua eligibility FILE.json`: the JSON format and the command around it. No database."""

import copy
import json
import subprocess
import sys

import pytest

from thidua.rules.eligibility_json import (
    EligibilityInputError,
    eligibility_document,
    load_json,
    parse_document,
)

# The example of the format's specification.
DOCUMENT = {
    "year": 2025,
    "subjects": [
        {"id": "p1", "kind": "individual",
         "history": {"2024": {"rating": "HTXSNV", "titles": ["LDTT", "CSTDCS"], "initiatives": ["CO_SO"]},
                     "2025": {"rating": "HTXSNV", "titles": ["LDTT"], "initiatives": []}},
         "discipline": [{"from": "2025-03-01", "to": None}]},
        {"id": "c1", "kind": "collective",
         "history": {"2025": {"rating": "HTXSNV", "titles": [],
                              "members": {"total": 20, "completed": 20, "ldtt": 15, "cstdcs": 1,
                                          "disciplined": 0}}},
         "cluster": {"rank": 1, "province_run": True}},
    ],
    "candidates": ["CSTDCS", "CSTD_TINH", "BK_TINH"],
}


def document(**changes):
    doc = copy.deepcopy(DOCUMENT)
    doc.update(changes)
    return doc


def problems_of(doc):
    with pytest.raises(EligibilityInputError) as refused:
        parse_document(doc)
    return refused.value.problems


def by_pair(output):
    return {(r["subject"], r["candidate"]): r for r in output["results"]}


# --- the output ---------------------------------------------------------------------------------

def test_results_in_subject_then_candidate_order_with_the_specified_keys():
    output = eligibility_document(document())

    assert list(output) == ["results"]
    assert [(r["subject"], r["candidate"]) for r in output["results"]] == [
        ("p1", "CSTDCS"), ("p1", "CSTD_TINH"), ("p1", "BK_TINH"),
        ("c1", "CSTDCS"), ("c1", "CSTD_TINH"), ("c1", "BK_TINH"),
    ]
    for result in output["results"]:
        assert list(result) == ["subject", "candidate", "eligible", "ruleset", "conditions",
                                "needs_review"]
        assert result["ruleset"] == "2022/ND152"
        for condition in result["conditions"]:
            assert list(condition) == ["ok", "text", "basis"]
    json.dumps(output)  # plain JSON values only


def test_a_running_discipline_makes_the_person_ineligible_for_everything():
    results = by_pair(eligibility_document(document()))

    for code in ("CSTDCS", "CSTD_TINH", "BK_TINH"):
        first = results["p1", code]["conditions"][0]
        assert results["p1", code]["eligible"] is False
        assert first == {
            "ok": False,
            "text": "Đang trong thời gian kỷ luật trong năm 2025 (từ 01/03/2025, chưa kết thúc): "
                    "không xét khen thưởng cho năm này",
            "basis": "Luật TĐKT 2022, Điều 5; NĐ 152/2025/NĐ-CP, Điều 4",
        }


def test_without_the_discipline_the_person_qualifies_for_cstdcs_and_bang_khen():
    doc = document()
    del doc["subjects"][0]["discipline"]
    doc["subjects"][0]["history"]["2025"]["titles"].append("CSTDCS")

    results = by_pair(eligibility_document(doc))

    assert results["p1", "CSTDCS"]["eligible"] is True
    assert results["p1", "BK_TINH"]["eligible"] is True
    assert "Tiêu chuẩn thay thế 1: Có 2/2 năm liên tục đạt CSTĐCS (2024, 2025)" in [
        c["text"] for c in results["p1", "BK_TINH"]["conditions"]]
    cstd_tinh = results["p1", "CSTD_TINH"]
    assert cstd_tinh["eligible"] is False
    assert cstd_tinh["conditions"][1]["text"] == (
        "Có 2/3 năm liên tục đạt CSTĐCS (2024, 2025); thiếu 2023")


def test_a_code_of_the_other_kind_is_a_verdict_not_an_error():
    results = by_pair(eligibility_document(document()))

    assert results["c1", "CSTDCS"] == {
        "subject": "c1", "candidate": "CSTDCS", "eligible": False, "ruleset": "2022/ND152",
        "conditions": [{"ok": False, "text": "CSTĐCS chỉ xét cho cá nhân, không xét cho tập thể",
                        "basis": "Luật TĐKT 2022, Điều 23"}],
        "needs_review": False,
    }


def test_candidates_default_to_every_code_of_the_subjects_kind():
    doc = document()
    del doc["candidates"]

    output = eligibility_document(doc)

    assert [(r["subject"], r["candidate"]) for r in output["results"]] == [
        ("p1", code) for code in
        ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_TTG", "HCLD3")
    ] + [
        ("c1", code) for code in
        ("TTLDTT", "TTLDXS", "CO_TINH", "CO_CP", "GIAY_KHEN", "BK_TINH", "BK_TTG", "HCLD3")
    ]
    results = by_pair(output)
    assert results["c1", "TTLDXS"]["eligible"] is True
    assert results["c1", "CO_TINH"]["eligible"] is True


def test_a_2023_file_is_judged_by_the_old_rules():
    doc = {"year": 2023, "subjects": [{"id": "p", "kind": "individual", "history": {
        "2023": {"rating": "HTXSNV", "titles": ["LDTT"]}}}], "candidates": ["CSTDCS"]}

    [result] = eligibility_document(doc)["results"]

    assert result["ruleset"] == "2013/ND91"
    assert result["eligible"] is False
    assert result["needs_review"] is True


# --- problems -----------------------------------------------------------------------------------

def test_every_problem_is_reported_with_where_it_is():
    doc = document(year="2025", candidates=["FOO", "BK_TINH", "BK_TINH"], extra=1)
    p1 = doc["subjects"][0]
    p1["history"]["2024"]["rating"] = "ABC"
    p1["history"]["2024"]["titles"] = ["ZZ", "TTLDTT"]
    p1["history"]["2024"]["initiatives"] = ["HUYEN"]
    p1["history"]["20x4"] = {"rating": None, "titles": []}
    p1["discipline"] = [{"from": "2025-13-01"}, {"from": "2025-03-01", "to": "2025-01-01"},
                        {"to": None}]
    c1 = doc["subjects"][1]
    c1["kind"] = "collective"
    c1["history"]["2025"]["members"].update(ldtt=21, cstdcs=-1)
    del c1["history"]["2025"]["members"]["disciplined"]
    c1["cluster"] = {"rank": 0, "province_run": "yes"}
    doc["subjects"].append({"id": "p1", "kind": "robot", "history": []})

    assert problems_of(doc) == [
        "extra: trường không được hỗ trợ",
        "year: phải là số nguyên (năm), nhận được “2025”",
        "subjects[0].history.2024.rating: xếp loại “ABC” không hợp lệ (HTXSNV, HTTNV, HTNV, "
        "KHTNV hoặc null)",
        "subjects[0].history.2024.titles[0]: mã danh hiệu “ZZ” không hợp lệ",
        "subjects[0].history.2024.titles[1]: TTLĐTT chỉ dành cho tập thể",
        "subjects[0].history.2024.initiatives[0]: phạm vi sáng kiến “HUYEN” không hợp lệ (CO_SO, "
        "TINH hoặc TOAN_QUOC)",
        "subjects[0].history.20x4: năm “20x4” không phải số nguyên bốn chữ số",
        "subjects[0].discipline[0].from: ngày “2025-13-01” không hợp lệ (cần dạng YYYY-MM-DD)",
        "subjects[0].discipline[1].to: ngày kết thúc 2025-01-01 trước ngày bắt đầu 2025-03-01",
        "subjects[0].discipline[2].from: thiếu trường bắt buộc",
        "subjects[1].history.2025.members.disciplined: thiếu trường bắt buộc",
        "subjects[1].history.2025.members.cstdcs: phải là số nguyên không âm, nhận được -1",
        "subjects[1].history.2025.members.ldtt: số đạt LĐTT (21) lớn hơn tổng số thành viên (20)",
        "subjects[1].cluster.rank: phải là số nguyên từ 1 trở lên hoặc null, nhận được 0",
        "subjects[1].cluster.province_run: phải là true hoặc false, nhận được “yes”",
        "subjects[2].id: mã “p1” trùng với subjects[0]",
        "subjects[2].kind: loại “robot” không hợp lệ (chỉ nhận “individual” hoặc “collective”)",
        "subjects[2].history: phải là đối tượng {năm: kết quả}, nhận được một danh sách",
        "candidates[0]: mã “FOO” không hợp lệ (dùng một trong: LDTT, CSTDCS, CSTD_TINH, CSTD_TQ, "
        "TTLDTT, TTLDXS, CO_TINH, CO_CP, GIAY_KHEN, BK_TINH, BK_TTG, HCLD3)",
        "candidates[2]: mã “BK_TINH” bị lặp (đã có ở candidates[1])",
    ]


@pytest.mark.parametrize("change, message", [
    (lambda d: d.pop("year"), "year: thiếu trường bắt buộc"),
    (lambda d: d.update(year=2025.0), "year: phải là số nguyên (năm), nhận được 2025.0"),
    (lambda d: d.update(year=True), "year: phải là số nguyên (năm), nhận được true"),
    (lambda d: d.update(year=1800), "year: năm 1800 nằm ngoài khoảng 1900–2100"),
    (lambda d: d.pop("subjects"), "subjects: thiếu trường bắt buộc"),
    (lambda d: d.update(subjects={}), "subjects: phải là danh sách, nhận được một đối tượng"),
    (lambda d: d.update(candidates=[]),
     "candidates: danh sách rỗng; bỏ trường này để xét mọi danh hiệu, hình thức khen thưởng"),
    (lambda d: d.update(candidates="BK_TINH"),
     "candidates: phải là danh sách mã, nhận được “BK_TINH”"),
    (lambda d: d["subjects"][0].pop("id"), "subjects[0].id: thiếu trường bắt buộc"),
    (lambda d: d["subjects"][0].update(id=""),
     "subjects[0].id: phải là chuỗi khác rỗng, nhận được “”"),
    (lambda d: d["subjects"][0]["history"]["2024"].pop("rating"),
     "subjects[0].history.2024.rating: thiếu trường bắt buộc"),
    (lambda d: d["subjects"][0]["history"]["2024"].pop("titles"),
     "subjects[0].history.2024.titles: thiếu trường bắt buộc"),
    (lambda d: d["subjects"][0]["history"]["2024"].update(titles="LDTT"),
     "subjects[0].history.2024.titles: phải là danh sách, nhận được “LDTT”"),
    (lambda d: d["subjects"][0]["history"]["2024"].update(members={"total": 1}),
     "subjects[0].history.2024.members: chỉ dùng cho tập thể"),
    (lambda d: d["subjects"][0].update(cluster={"rank": 1, "province_run": True}),
     "subjects[0].cluster: chỉ dùng cho tập thể"),
    (lambda d: d["subjects"][0]["history"].update({"1066": {"rating": None, "titles": []}}),
     "subjects[0].history.1066: năm 1066 nằm ngoài khoảng 1900–2100"),
    (lambda d: d["subjects"][0].update(discipline={"from": "2025-01-01"}),
     "subjects[0].discipline: phải là danh sách, nhận được một đối tượng"),
    (lambda d: d["subjects"][0]["discipline"][0].update({"from": "01/03/2025"}),
     "subjects[0].discipline[0].from: ngày “01/03/2025” không hợp lệ (cần dạng YYYY-MM-DD)"),
    (lambda d: d["subjects"][0]["discipline"][0].update({"from": "2025-02-30"}),
     "subjects[0].discipline[0].from: ngày “2025-02-30” không hợp lệ (cần dạng YYYY-MM-DD)"),
    (lambda d: d["subjects"][0]["discipline"][0].update({"to": 20250101}),
     "subjects[0].discipline[0].to: ngày 20250101 không hợp lệ (cần dạng YYYY-MM-DD)"),
    (lambda d: d["subjects"][1]["history"]["2025"]["members"].update(total=0),
     "subjects[1].history.2025.members.total: tập thể phải có ít nhất 1 thành viên"),
    (lambda d: d["subjects"][1]["history"]["2025"]["members"].update(completed=True),
     "subjects[1].history.2025.members.completed: phải là số nguyên không âm, nhận được true"),
    (lambda d: d["subjects"][1]["cluster"].pop("province_run"),
     "subjects[1].cluster.province_run: thiếu trường bắt buộc"),
    (lambda d: d["subjects"].append(7), "subjects[2]: phải là một đối tượng, nhận được 7"),
])
def test_one_problem_one_message(change, message):
    doc = document()
    change(doc)

    assert problems_of(doc) == [message]


def test_a_document_must_be_an_object():
    assert problems_of([1, 2]) == ["Tài liệu phải là một đối tượng JSON ({…})."]


def test_discipline_without_an_end_is_still_running():
    doc = document()
    doc["subjects"][0]["discipline"] = [{"from": "2024-03-01"}]

    [subject, _] = parse_document(doc).subjects

    assert subject.discipline[0].end is None


def test_malformed_json_names_line_and_column():
    with pytest.raises(EligibilityInputError) as refused:
        load_json('{"year": 2025,\n "subjects": [\n  {"id": "p1",, }]}')

    assert refused.value.problems == [
        "JSON không hợp lệ ở dòng 3, cột 15: tên trường phải đặt trong dấu nháy kép"]


def test_keys_given_twice_are_reported():
    text = json.dumps(DOCUMENT).replace('"year": 2025', '"year": 2025, "year": 2024', 1)
    text = text.replace('"2025": {"rating": "HTXSNV", "titles": ["LDTT"]',
                        '"2025": {}, "2025": {"rating": "HTXSNV", "titles": ["LDTT"]', 1)

    assert problems_of(load_json(text)) == [
        "year: trường bị khai báo nhiều lần",
        "subjects[0].history.2025: năm bị khai báo nhiều lần",
    ]


# --- the command, as a user runs it -----------------------------------------------------------


def run(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "thidua", "eligibility", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def test_command_prints_the_verdicts_as_json(tmp_path):
    path = tmp_path / "xet.json"
    path.write_text(json.dumps(DOCUMENT, ensure_ascii=False), encoding="utf-8")

    done = run(str(path))

    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == eligibility_document(DOCUMENT)
    assert "Đang trong thời gian kỷ luật" in done.stdout  # UTF-8, not \u escapes


def test_command_reads_standard_input_with_a_dash():
    done = run("-", stdin=json.dumps(DOCUMENT))

    assert done.returncode == 0
    assert json.loads(done.stdout) == eligibility_document(DOCUMENT)


def test_command_exits_2_with_one_message_per_problem_and_nothing_on_stdout(tmp_path):
    doc = document()
    doc["subjects"][0]["history"]["2024"]["rating"] = "ABC"
    doc["candidates"] = ["BK_TINH", "XYZ"]
    path = tmp_path / "sai.json"
    path.write_text(json.dumps(doc), encoding="utf-8")

    done = run(str(path))

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.splitlines() == [
        "subjects[0].history.2024.rating: xếp loại “ABC” không hợp lệ (HTXSNV, HTTNV, HTNV, "
        "KHTNV hoặc null)",
        "candidates[1]: mã “XYZ” không hợp lệ (dùng một trong: LDTT, CSTDCS, CSTD_TINH, CSTD_TQ, "
        "TTLDTT, TTLDXS, CO_TINH, CO_CP, GIAY_KHEN, BK_TINH, BK_TTG, HCLD3)",
    ]


@pytest.mark.parametrize("content, message", [
    ('{"year": 2025,\n "subjects": [}', "JSON không hợp lệ ở dòng 2, cột 15: thiếu giá trị"),
    ("", "JSON không hợp lệ ở dòng 1, cột 1: thiếu giá trị"),
])
def test_command_reports_malformed_json(tmp_path, content, message):
    path = tmp_path / "hong.json"
    path.write_text(content, encoding="utf-8")

    done = run(str(path))

    assert (done.returncode, done.stdout, done.stderr.splitlines()) == (2, "", [message])


def test_command_reports_a_missing_file(tmp_path):
    done = run(str(tmp_path / "khong-co.json"))

    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == f"Không tìm thấy tệp {tmp_path / 'khong-co.json'}."


def test_command_accepts_a_byte_order_mark(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(DOCUMENT).encode())

    done = run(str(path))

    assert done.returncode == 0
