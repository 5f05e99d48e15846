"""The JSON format of the eligibility calculator (`thidua eligibility FILE.json`).

    {"year": 2025,
     "subjects": [{"id": "p1", "kind": "individual",
                   "history": {"2024": {"rating": "HTXSNV", "titles": ["LDTT"],
                                        "initiatives": ["CO_SO"]}},
                   "discipline": [{"from": "2025-03-01", "to": null}]},
                  {"id": "c1", "kind": "collective",
                   "history": {"2025": {"rating": "HTXSNV", "titles": [],
                                        "members": {"total": 20, "completed": 20, "ldtt": 15,
                                                    "cstdcs": 1, "disciplined": 0}}},
                   "cluster": {"rank": 1, "province_run": true}}],
     "candidates": ["CSTDCS", "BK_TINH"]}

Required: `year`, `subjects`; per subject `id`, `kind`, `history`; per year `rating` (may be
null) and `titles`. Optional: `initiatives` (default none), `members` (collectives only),
`discipline` (`to` null or absent = still running), `cluster` (collectives only), `candidates`
(default: every code that applies to each subject's kind). `members.disciplined` counts members
disciplined at "cảnh cáo" or above. Unknown keys are refused so that a typo cannot silently drop
a condition.

A candidate that does not apply to a subject's kind (CO_TINH for a person) is not an input
error, since one list serves subjects of both kinds: that pair gets a verdict with one failing
condition saying so. Unknown or repeated codes are input errors.

Every problem is collected, each as one Vietnamese message that starts with where it is
(`subjects[0].history.2024.rating: xếp loại “ABC” không hợp lệ …`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .eligibility import (
    APPLIES_TO,
    CODES,
    COLLECTIVE,
    INDIVIDUAL,
    LABELS,
    RATING_RANK,
    SCOPE_RANK,
    ClusterInfo,
    DisciplinePeriod,
    Members,
    Subject,
    Verdict,
    YearRecord,
    evaluate_many,
)

MIN_YEAR, MAX_YEAR = 1900, 2100


class EligibilityInputError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Document:
    year: int
    subjects: tuple[Subject, ...]
    candidates: tuple[str, ...] | None


class _Object(dict):
    """A JSON object that remembers keys given twice (plain json keeps the last silently)."""

    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    seen_twice = []
    for key, value in pairs:
        if key in obj:
            seen_twice.append(key)
        obj[key] = value
    if seen_twice:
        obj.duplicates = tuple(seen_twice)
    return obj


_JSON_REASONS = {
    "Expecting value": "thiếu giá trị",
    "Expecting ',' delimiter": "thiếu dấu phẩy",
    "Expecting ':' delimiter": "thiếu dấu hai chấm",
    "Expecting property name enclosed in double quotes": "tên trường phải đặt trong dấu nháy kép",
    "Unterminated string starting at": "chuỗi chưa được đóng",
    "Extra data": "có dữ liệu thừa sau khi tài liệu đã kết thúc",
    "Invalid control character at": "có ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "chuỗi thoát (\\) không hợp lệ",
}


def load_json(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as e:
        reason = _JSON_REASONS.get(e.msg, e.msg)
        raise EligibilityInputError(
            [f"JSON không hợp lệ ở dòng {e.lineno}, cột {e.colno}: {reason}"]) from None


def parse_document(doc: Any) -> Document:
    """The subjects, year and candidates of a document, or EligibilityInputError with every
    problem found."""
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise EligibilityInputError(["Tài liệu phải là một đối tượng JSON ({…})."])
    _keys(problems, doc, "", required=("year", "subjects"), optional=("candidates",))

    year = doc.get("year")
    if "year" in doc:
        if not _is_int(year):
            problems.append(f"year: phải là số nguyên (năm), nhận được {_show(year)}")
            year = None
        elif not MIN_YEAR <= year <= MAX_YEAR:
            problems.append(f"year: năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
            year = None

    subjects: list[Subject] = []
    raw_subjects = doc.get("subjects")
    if "subjects" in doc and not isinstance(raw_subjects, list):
        problems.append(f"subjects: phải là danh sách, nhận được {_show(raw_subjects)}")
    elif isinstance(raw_subjects, list):
        first_seen: dict[str, int] = {}
        for i, raw in enumerate(raw_subjects):
            parsed = _subject(problems, raw, f"subjects[{i}]", first_seen, i)
            if parsed is not None:
                subjects.append(parsed)

    candidates = _candidates(problems, doc)
    if problems:
        raise EligibilityInputError(problems)
    return Document(year, tuple(subjects), candidates)


def verdict_to_json(v: Verdict) -> dict:
    return {
        "subject": v.subject,
        "candidate": v.candidate,
        "eligible": v.eligible,
        "ruleset": v.ruleset,
        "conditions": [{"ok": c.ok, "text": c.text, "basis": c.basis} for c in v.conditions],
        "needs_review": v.needs_review,
    }


def eligibility_document(doc: dict) -> dict:
    """The calculator: a parsed JSON document in, `{"results": [...]}` out, in subject order
    then candidate order. Raises EligibilityInputError (with `.problems`) on invalid input."""
    parsed = parse_document(doc)
    verdicts = evaluate_many(parsed.subjects, parsed.candidates, parsed.year)
    return {"results": [verdict_to_json(v) for v in verdicts]}


# --- pieces ---------------------------------------------------------------------------------

def _subject(problems: list[str], raw: Any, path: str, first_seen: dict[str, int],
             index: int) -> Subject | None:
    if not isinstance(raw, dict):
        problems.append(f"{path}: phải là một đối tượng, nhận được {_show(raw)}")
        return None
    before = len(problems)
    _keys(problems, raw, path, required=("id", "kind", "history"),
          optional=("discipline", "cluster"))

    sid = raw.get("id")
    if "id" in raw:
        if not isinstance(sid, str) or not sid.strip():
            problems.append(f"{path}.id: phải là chuỗi khác rỗng, nhận được {_show(sid)}")
        elif sid in first_seen:
            problems.append(f"{path}.id: mã “{sid}” trùng với subjects[{first_seen[sid]}]")
        else:
            first_seen[sid] = index

    kind = raw.get("kind")
    if "kind" in raw and kind not in (INDIVIDUAL, COLLECTIVE):
        problems.append(f"{path}.kind: loại “{_plain(kind)}” không hợp lệ "
                        "(chỉ nhận “individual” hoặc “collective”)")
        kind = None

    history: dict[int, YearRecord] = {}
    raw_history = raw.get("history")
    if "history" in raw:
        if not isinstance(raw_history, dict):
            problems.append(f"{path}.history: phải là đối tượng {{năm: kết quả}}, nhận được "
                            f"{_show(raw_history)}")
        else:
            for dup in getattr(raw_history, "duplicates", ()):
                problems.append(f"{path}.history.{dup}: năm bị khai báo nhiều lần")
            for key, value in raw_history.items():
                y = _year_key(problems, key, f"{path}.history.{key}")
                record = _record(problems, value, f"{path}.history.{key}", kind)
                if y is not None and record is not None:
                    history[y] = record

    discipline = _discipline(problems, raw, path)

    cluster = None
    if "cluster" in raw:
        if kind == INDIVIDUAL:
            problems.append(f"{path}.cluster: chỉ dùng cho tập thể")
        else:
            cluster = _cluster(problems, raw["cluster"], f"{path}.cluster")

    if len(problems) > before or kind is None:
        return None
    return Subject(sid, kind, history, discipline, cluster)


def _year_key(problems: list[str], key: str, path: str) -> int | None:
    if len(key) == 4 and key.isascii() and key.isdigit():
        year = int(key)
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
        problems.append(f"{path}: năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
        return None
    problems.append(f"{path}: năm “{key}” không phải số nguyên bốn chữ số")
    return None


def _record(problems: list[str], raw: Any, path: str, kind: str | None) -> YearRecord | None:
    if not isinstance(raw, dict):
        problems.append(f"{path}: phải là một đối tượng, nhận được {_show(raw)}")
        return None
    before = len(problems)
    _keys(problems, raw, path, required=("rating", "titles"), optional=("initiatives", "members"))

    rating = raw.get("rating")
    if rating is not None and rating not in RATING_RANK:
        problems.append(f"{path}.rating: xếp loại “{_plain(rating)}” không hợp lệ "
                        "(HTXSNV, HTTNV, HTNV, KHTNV hoặc null)")

    titles: set[str] = set()
    for i, code in _items(problems, raw, "titles", path):
        where = f"{path}.titles[{i}]"
        if code not in APPLIES_TO:
            problems.append(f"{where}: mã danh hiệu “{_plain(code)}” không hợp lệ")
        elif kind is not None and kind not in APPLIES_TO[code]:
            who = "tập thể" if kind == INDIVIDUAL else "cá nhân"
            problems.append(f"{where}: {LABELS[code]} chỉ dành cho {who}")
        else:
            titles.add(code)

    initiatives: list[str] = []
    for i, scope in _items(problems, raw, "initiatives", path):
        if scope not in SCOPE_RANK:
            problems.append(f"{path}.initiatives[{i}]: phạm vi sáng kiến “{_plain(scope)}” không "
                            "hợp lệ (CO_SO, TINH hoặc TOAN_QUOC)")
        else:
            initiatives.append(scope)

    members = None
    if "members" in raw:
        if kind == INDIVIDUAL:
            problems.append(f"{path}.members: chỉ dùng cho tập thể")
        else:
            members = _members(problems, raw["members"], f"{path}.members")

    if len(problems) > before:
        return None
    return YearRecord(rating, frozenset(titles), tuple(initiatives), members)


_MEMBER_FIELDS = ("total", "completed", "ldtt", "cstdcs", "disciplined")
_MEMBER_LABELS = {"completed": "số hoàn thành nhiệm vụ", "ldtt": "số đạt LĐTT",
                  "cstdcs": "số đạt CSTĐCS", "disciplined": "số bị kỷ luật"}


def _members(problems: list[str], raw: Any, path: str) -> Members | None:
    if not isinstance(raw, dict):
        problems.append(f"{path}: phải là một đối tượng, nhận được {_show(raw)}")
        return None
    before = len(problems)
    _keys(problems, raw, path, required=_MEMBER_FIELDS, optional=())
    values = {}
    for name in _MEMBER_FIELDS:
        if name not in raw:
            continue
        value = raw[name]
        if not _is_int(value) or value < 0:
            problems.append(f"{path}.{name}: phải là số nguyên không âm, nhận được {_show(value)}")
        else:
            values[name] = value
    total = values.get("total")
    if total == 0:
        problems.append(f"{path}.total: tập thể phải có ít nhất 1 thành viên")
    elif total is not None:
        for name in _MEMBER_FIELDS[1:]:
            if name in values and values[name] > total:
                problems.append(f"{path}.{name}: {_MEMBER_LABELS[name]} ({values[name]}) lớn hơn "
                                f"tổng số thành viên ({total})")
    if len(problems) > before:
        return None
    return Members(**values)


def _discipline(problems: list[str], raw: dict, path: str) -> tuple[DisciplinePeriod, ...]:
    if "discipline" not in raw:
        return ()
    entries = raw["discipline"]
    if not isinstance(entries, list):
        problems.append(f"{path}.discipline: phải là danh sách, nhận được {_show(entries)}")
        return ()
    periods = []
    for i, entry in enumerate(entries):
        where = f"{path}.discipline[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: phải là một đối tượng {{from, to}}, nhận được "
                            f"{_show(entry)}")
            continue
        _keys(problems, entry, where, required=("from",), optional=("to",))
        start = _date(problems, entry, "from", where) if "from" in entry else None
        end = _date(problems, entry, "to", where) if entry.get("to") is not None else None
        if start is not None and end is not None and end < start:
            problems.append(f"{where}.to: ngày kết thúc {entry['to']} trước ngày bắt đầu "
                            f"{entry['from']}")
        elif start is not None and (end is not None or entry.get("to") is None):
            periods.append(DisciplinePeriod(start, end))
    return tuple(periods)


def _date(problems: list[str], entry: dict, key: str, path: str) -> dt.date | None:
    value = entry[key]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(f"{path}.{key}: ngày {_show(value)} không hợp lệ (cần dạng YYYY-MM-DD)")
    return None


def _cluster(problems: list[str], raw: Any, path: str) -> ClusterInfo | None:
    if not isinstance(raw, dict):
        problems.append(f"{path}: phải là một đối tượng {{rank, province_run}}, nhận được "
                        f"{_show(raw)}")
        return None
    before = len(problems)
    _keys(problems, raw, path, required=("rank", "province_run"), optional=())
    rank = raw.get("rank")
    if rank is not None and (not _is_int(rank) or rank < 1):
        problems.append(f"{path}.rank: phải là số nguyên từ 1 trở lên hoặc null, nhận được "
                        f"{_show(rank)}")
    province_run = raw.get("province_run")
    if "province_run" in raw and not isinstance(province_run, bool):
        problems.append(f"{path}.province_run: phải là true hoặc false, nhận được "
                        f"{_show(province_run)}")
    if len(problems) > before:
        return None
    return ClusterInfo(rank, province_run)


def _candidates(problems: list[str], doc: dict) -> tuple[str, ...] | None:
    if "candidates" not in doc:
        return None
    raw = doc["candidates"]
    if not isinstance(raw, list):
        problems.append(f"candidates: phải là danh sách mã, nhận được {_show(raw)}")
        return None
    if not raw:
        problems.append("candidates: danh sách rỗng; bỏ trường này để xét mọi danh hiệu, hình "
                        "thức khen thưởng")
        return None
    seen: dict[str, int] = {}
    for i, code in enumerate(raw):
        if not isinstance(code, str) or code not in APPLIES_TO:
            problems.append(f"candidates[{i}]: mã “{_plain(code)}” không hợp lệ (dùng một trong: "
                            f"{', '.join(CODES)})")
        elif code in seen:
            problems.append(f"candidates[{i}]: mã “{code}” bị lặp (đã có ở "
                            f"candidates[{seen[code]}])")
        else:
            seen[code] = i
    return tuple(raw)


def _items(problems: list[str], raw: dict, key: str, path: str) -> list[tuple[int, Any]]:
    if key not in raw:
        return []
    value = raw[key]
    if not isinstance(value, list):
        problems.append(f"{path}.{key}: phải là danh sách, nhận được {_show(value)}")
        return []
    return list(enumerate(value))


def _keys(problems: list[str], obj: dict, path: str, *, required: tuple[str, ...],
          optional: tuple[str, ...]) -> None:
    prefix = f"{path}." if path else ""
    for key in getattr(obj, "duplicates", ()):
        problems.append(f"{prefix}{key}: trường bị khai báo nhiều lần")
    for key in required:
        if key not in obj:
            problems.append(f"{prefix}{key}: thiếu trường bắt buộc")
    allowed = set(required) | set(optional)
    for key in obj:
        if key not in allowed:
            problems.append(f"{prefix}{key}: trường không được hỗ trợ")


def _is_int(value: Any) -> bool:
    return type(value) is int  # bool is an int subclass, and true is not a year


def _plain(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một đối tượng"
    return json.dumps(value)
