"""Criteria tables to and from XLSX: one row per criterion, its group named on the row."""

from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO

from django.db import transaction

from thidua.core.errors import ValidationFailed
from thidua.core.vntext import fold
from thidua.core.xlsx import RowErrors, as_text, choice_from_cell, read_table, write_table
from thidua.cycles import services
from thidua.cycles.models import ClusterYear, CriteriaGroup, CriteriaTable, CriterionKind

CRITERIA_COLUMNS = [
    ("group_code", "Mã nhóm"),
    ("group_name", "Tên nhóm"),
    ("code", "Mã tiêu chí"),
    ("text", "Nội dung tiêu chí"),
    ("kind", "Loại"),
    ("max_points", "Điểm tối đa"),
    ("guidance", "Hướng dẫn chấm"),
    ("evidence_required", "Bắt buộc minh chứng"),
]
_YES = {"co", "x", "1", "true", "yes"}
_NO = {"khong", "0", "false", "no", ""}


def criteria_export(table: CriteriaTable) -> bytes:
    rows = (
        [
            group.code, group.name, criterion.code, criterion.text, criterion.get_kind_display(),
            criterion.max_points, criterion.guidance, "Có" if criterion.evidence_required else "Không",
        ]
        for group in table.groups.all()
        for criterion in group.criteria.all()
    )
    return write_table("Tiêu chí", [h for _, h in CRITERIA_COLUMNS], rows, text_columns=[0, 2])


def criteria_template() -> bytes:
    example = [
        ["1", "Thực hiện nhiệm vụ chuyên môn", "1.1", "Hoàn thành các chỉ tiêu kế hoạch năm", "Chấm điểm", 30, "", "Có"],
        ["T", "Điểm thưởng", "T1", "Được tặng Cờ thi đua của Chính phủ", "Điểm thưởng", 5, "", "Có"],
        ["P", "Điểm trừ", "P1", "Chậm nộp báo cáo", "Điểm trừ", 5, "Mỗi lần trừ 1 điểm", "Không"],
    ]
    return write_table("Tiêu chí", [h for _, h in CRITERIA_COLUMNS], example, text_columns=[0, 2])


def _validate(rows) -> list[dict[str, Any]]:
    errors = RowErrors(CRITERIA_COLUMNS)
    seen: dict[str, int] = {}
    group_names: dict[str, str] = {}
    items = []
    for row in rows:
        values = row.values
        group_code, code = as_text(values["group_code"]), as_text(values["code"])
        text, group_name = as_text(values["text"]), as_text(values["group_name"])
        for key, value in [("group_code", group_code), ("code", code), ("text", text)]:
            if not value:
                errors.add(row.number, key, "bắt buộc nhập.")
        if code and code in seen:
            errors.add(row.number, "code", f"mã “{code}” trùng với dòng {seen[code]}.")
        if code:
            seen.setdefault(code, row.number)
        if group_code and group_name:
            if group_code in group_names and group_names[group_code] != group_name:
                errors.add(row.number, "group_name", f"nhóm “{group_code}” đã có tên “{group_names[group_code]}”.")
            group_names.setdefault(group_code, group_name)
        kind = choice_from_cell(values["kind"], CriterionKind) if values["kind"] is not None else CriterionKind.SCORE
        if kind is None:
            errors.add(row.number, "kind", "phải là “Chấm điểm”, “Điểm thưởng” hoặc “Điểm trừ”.")
        try:
            max_points = Decimal(str(values["max_points"]).replace(",", "."))
            if not max_points.is_finite() or max_points <= 0:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors.add(row.number, "max_points", f"“{as_text(values['max_points']) or ''}” không phải số điểm dương.")
            max_points = None
        evidence = fold(as_text(values["evidence_required"]) or "")
        if evidence not in _YES | _NO:
            errors.add(row.number, "evidence_required", "ghi “Có” hoặc “Không”.")
        items.append(
            {
                "row": row.number, "group_code": group_code, "code": code, "text": text, "kind": kind,
                "max_points": max_points, "guidance": as_text(values["guidance"]) or "",
                "evidence_required": evidence in _YES,
            }
        )
    for item in items:
        item["group_name"] = group_names.get(item["group_code"]) or item["group_code"]
    errors.raise_if_any()
    return items


def criteria_import(*, actor, cluster_year: ClusterYear, name: str, file: BinaryIO | bytes) -> CriteriaTable:
    """A new criteria table from the file; nothing is written unless every row is valid."""
    rows = read_table(file, CRITERIA_COLUMNS)
    if not rows:
        raise ValidationFailed(["Tệp không có dòng dữ liệu nào: từ dòng 2 trở đi đều trống."])
    items = _validate(rows)
    with transaction.atomic():
        table = services.table_create(actor=actor, cluster_year=cluster_year, name=name)
        groups: dict[str, CriteriaGroup] = {}
        for position, item in enumerate(items):
            group = groups.get(item["group_code"])
            if group is None:
                group = services.group_save(
                    actor=actor, table=table, code=item["group_code"], name=item["group_name"], position=len(groups)
                )
                groups[item["group_code"]] = group
            try:
                services.criterion_save(
                    actor=actor, group=group, code=item["code"], text=item["text"], kind=item["kind"],
                    max_points=item["max_points"], guidance=item["guidance"],
                    evidence_required=item["evidence_required"], position=position,
                )
            except ValidationFailed as exc:
                raise ValidationFailed([f"Dòng {item['row']}: {m}" for m in exc.errors]) from exc
    return table
