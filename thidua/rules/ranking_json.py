"""The ranking calculator's JSON format: a document in, the ranking out.

Input: `{"criteria": [{"code", "group", "kind", "max"}], "units": [code], "scores": [{"unit",
"scorer", "criterion", "points"}], "method": {"aggregate", "tie_breaks"}, "quotas": [{"form",
"count"}]}`. Every field named here is required (an empty list is fine); other fields are ignored,
so a criterion may carry its name. Numbers are read as Decimal, never through float.

Output: `{"ranking": [{"unit", "rank", "total", "tied"}], "proposals": {form: [unit]},
"needs_vote": [{"form", "units"}]}` with totals as JSON numbers (97.5, not "97.50").
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from thidua.rules.ranking import (
    Criterion,
    Method,
    Quota,
    RankingInputError,
    RankingResult,
    Score,
    describe_value,
    rank,
    validate,
)

T = TypeVar("T")

# The json module's messages, in the words a Vietnamese user reads.
_SYNTAX = [
    ("Expecting value", "thiếu giá trị"),
    ("Expecting ',' delimiter", "thiếu dấu phẩy"),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm"),
    ("Expecting property name enclosed in double quotes", "tên trường phải nằm trong dấu nháy kép"),
    ("Unterminated string", "chuỗi chưa đóng dấu nháy"),
    ("Invalid control character", "ký tự điều khiển không được phép trong chuỗi"),
    ("Invalid \\u", "mã \\u không hợp lệ"),
    ("Invalid \\escape", "ký tự thoát không hợp lệ"),
    ("Extra data", "có dữ liệu thừa sau tài liệu"),
    ("Illegal trailing comma", "dấu phẩy thừa"),
]


@dataclass(frozen=True)
class Document:
    criteria: tuple[Criterion, ...]
    units: tuple[str, ...]
    scores: tuple[Score, ...]
    method: Method
    quotas: tuple[Quota, ...]


def load_json(text: str) -> Any:
    try:
        # NaN and Infinity become Decimals so that validation names them where they are.
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as e:
        reason = next((vi for en, vi in _SYNTAX if e.msg.startswith(en)), "sai cú pháp")
        raise RankingInputError(
            [f"JSON không hợp lệ ở dòng {e.lineno}, cột {e.colno}: {reason}"]
        ) from None


def parse_document(doc: Any) -> Document:
    """The document's dataclasses; RankingInputError lists every problem, each with its path."""
    if not isinstance(doc, dict):
        raise RankingInputError(
            [f"Tài liệu phải là một đối tượng JSON, nhận được {describe_value(doc)}"]
        )
    problems: list[str] = []
    criteria = _entries(problems, doc, "criteria", lambda e: Criterion(
        code=e.get("code"), group=e.get("group"), kind=e.get("kind"), max=_number(e.get("max")),
    ))
    units = _entries(problems, doc, "units", lambda u: u, objects=False)
    scores = _entries(problems, doc, "scores", lambda e: Score(
        unit=e.get("unit"), scorer=e.get("scorer"), criterion=e.get("criterion"),
        points=_number(e.get("points")),
    ))
    method = None
    raw_method = _field(problems, doc, "method", dict, "một đối tượng")
    if raw_method is not None:
        tie_breaks = raw_method.get("tie_breaks")
        method = Method(
            aggregate=raw_method.get("aggregate"),
            tie_breaks=tuple(tie_breaks) if isinstance(tie_breaks, list) else tie_breaks,
        )
    quotas = _entries(problems, doc, "quotas", lambda e: Quota(
        form=e.get("form"), count=e.get("count"),
    ))
    problems += validate(criteria, units, scores, method, quotas)
    if problems:
        raise RankingInputError(problems)
    return Document(criteria, units, scores, method, quotas)  # type: ignore[arg-type]


def result_to_json(result: RankingResult) -> dict:
    return {
        "ranking": [
            {"unit": r.unit, "rank": r.rank, "total": _json_number(r.total), "tied": r.tied}
            for r in result.ranking
        ],
        "proposals": {form: list(units) for form, units in result.proposals.items()},
        "needs_vote": [{"form": form, "units": list(units)} for form, units in result.needs_vote],
    }


def ranking_document(doc: dict) -> dict:
    """The output document for an input document; RankingInputError when it cannot be ranked."""
    d = parse_document(doc)
    return result_to_json(rank(d.criteria, d.units, d.scores, d.method, d.quotas))


def _field(problems: list[str], doc: dict, key: str, kind: type, kind_name: str) -> Any:
    if key not in doc:
        problems.append(f"{key}: thiếu trường bắt buộc")
    elif not isinstance(doc[key], kind):
        problems.append(f"{key}: phải là {kind_name}, nhận được {describe_value(doc[key])}")
    else:
        return doc[key]
    return None


def _entries(
    problems: list[str], doc: dict, key: str, build: Callable[[Any], T], objects: bool = True
) -> tuple[T | None, ...] | None:
    items = _field(problems, doc, key, list, "một danh sách")
    if items is None:
        return None
    entries: list[T | None] = []
    for i, item in enumerate(items):
        if objects and not isinstance(item, dict):
            problems.append(f"{key}[{i}]: phải là một đối tượng, nhận được {describe_value(item)}")
            entries.append(None)  # keeps the later entries' indices right
        else:
            entries.append(build(item))
    return tuple(entries)


def _number(value: Any) -> Any:
    # A document built in Python may hold floats; their shortest repr is what the author meant.
    return Decimal(repr(value)) if isinstance(value, float) else value


def _json_number(value: Decimal) -> int | float:
    # Two-decimal values survive float's shortest repr exactly, and JSON has no decimal type.
    return int(value) if value == value.to_integral_value() else float(value)
