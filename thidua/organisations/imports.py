"""XLSX import and export of units and people.

An import reads and validates every row before writing anything; then it writes inside one
transaction through the ordinary services, so permissions and audit apply to each row. Rows
that match an existing record and carry the same values write nothing: re-importing a file is
a no-op.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core.errors import Forbidden, ValidationFailed
from thidua.core.xlsx import RowErrors, SheetRow, as_text, choice_from_cell, parse_date, read_table, write_table
from thidua.organisations import permissions, services
from thidua.organisations.models import (
    CODE_VALIDATOR,
    PERSONAL_ID_VALIDATOR,
    Gender,
    Person,
    Unit,
    UnitKind,
)

MAX_ROWS = 50_000

UNIT_COLUMNS = [
    ("code", "Mã đơn vị"),
    ("name", "Tên đầy đủ"),
    ("short_name", "Tên viết tắt"),
    ("kind", "Loại hình"),
    ("parent", "Mã đơn vị cấp trên"),
    ("valid_from", "Hiệu lực từ ngày"),
    ("valid_to", "Hiệu lực đến ngày"),
    ("successor", "Mã đơn vị kế thừa"),
    ("note", "Ghi chú"),
]

PERSON_COLUMNS = [
    ("ho", "Họ"),
    ("chu_dem", "Chữ đệm"),
    ("ten", "Tên"),
    ("gender", "Giới tính"),
    ("date_of_birth", "Ngày sinh"),
    ("personal_id", "Số định danh cá nhân"),
    ("unit", "Mã đơn vị"),
    ("position", "Chức vụ"),
    ("email", "Thư điện tử"),
    ("phone", "Điện thoại"),
]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"Thêm mới {self.created}, cập nhật {self.updated}, "
            f"không thay đổi {self.unchanged} dòng."
        )


def _date(row: SheetRow, key: str, errors: RowErrors) -> datetime.date | None:
    value = row.values[key]
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        errors.add(row.number, key, str(exc) + ".")
        return None


def _read(file: BinaryIO | bytes, columns) -> list[SheetRow]:
    rows = read_table(file, columns)
    if not rows:
        raise ValidationFailed(["Tệp không có dòng dữ liệu nào: từ dòng 2 trở đi đều trống."])
    if len(rows) > MAX_ROWS:
        raise ValidationFailed([f"Tệp có {len(rows)} dòng, vượt giới hạn {MAX_ROWS} dòng."])
    return rows


# --- Units -----------------------------------------------------------------------------------


def units_template() -> bytes:
    example = ["SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", "Sở", "UBND-TINH", None, None, None, ""]
    return write_table("Đơn vị", [h for _, h in UNIT_COLUMNS], [example], text_columns=[0, 4, 7])


def units_export(units) -> bytes:
    rows = (
        [
            u.code,
            u.name,
            u.short_name,
            u.get_kind_display(),
            u.parent.code if u.parent else None,
            u.valid_from,
            u.valid_to,
            u.successor.code if u.successor else None,
            u.note,
        ]
        for u in units
    )
    return write_table("Đơn vị", [h for _, h in UNIT_COLUMNS], rows, text_columns=[0, 4, 7])


def _validate_unit_rows(rows: list[SheetRow]) -> list[dict[str, Any]]:
    errors = RowErrors(UNIT_COLUMNS)
    known_codes = set(Unit.objects.values_list("code", flat=True))
    file_codes: dict[str, int] = {}
    parsed = []
    for row in rows:
        values = row.values
        code = (as_text(values["code"]) or "").upper()
        if not code:
            errors.add(row.number, "code", "bắt buộc nhập.")
        else:
            try:
                CODE_VALIDATOR(code)
            except ValidationError as exc:
                errors.add(row.number, "code", exc.messages[0])
            if code in file_codes:
                errors.add(row.number, "code", f"mã “{code}” trùng với dòng {file_codes[code]}.")
            file_codes.setdefault(code, row.number)
        name = as_text(values["name"])
        if not name:
            errors.add(row.number, "name", "bắt buộc nhập.")
        kind = choice_from_cell(values["kind"], UnitKind)
        if kind is None:
            labels = ", ".join(label for _, label in UnitKind.choices)
            errors.add(row.number, "kind", f"“{as_text(values['kind']) or ''}” không thuộc: {labels}.")
        parsed.append(
            {
                "row": row.number,
                "code": code,
                "name": name,
                "short_name": as_text(values["short_name"]) or "",
                "kind": kind,
                "parent": (as_text(values["parent"]) or "").upper() or None,
                "valid_from": _date(row, "valid_from", errors),
                "valid_to": _date(row, "valid_to", errors),
                "successor": (as_text(values["successor"]) or "").upper() or None,
                "note": as_text(values["note"]) or "",
            }
        )
    all_codes = known_codes | set(file_codes)
    for item in parsed:
        for key in ("parent", "successor"):
            if item[key] and item[key] not in all_codes:
                errors.add(item["row"], key, f"không có đơn vị mã “{item[key]}”.")
        if item["valid_from"] and item["valid_to"] and item["valid_to"] < item["valid_from"]:
            errors.add(item["row"], "valid_to", "phải sau ngày bắt đầu hiệu lực.")
    errors.raise_if_any()
    return parsed


def _in_dependency_order(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Parents and successors defined in the same file are written before the rows naming them."""
    pending = {item["code"]: item for item in items}
    ordered: list[dict[str, Any]] = []
    while pending:
        ready = [
            item
            for item in pending.values()
            if all(item[k] is None or item[k] not in pending or item[k] == item["code"] for k in ("parent", "successor"))
        ]
        if not ready:
            rows = ", ".join(str(item["row"]) for item in pending.values())
            raise ValidationFailed([f"Các dòng {rows}: đơn vị cấp trên / kế thừa tạo thành vòng lặp."])
        for item in ready:
            ordered.append(item)
            del pending[item["code"]]
    return ordered


def units_import(*, actor, file: BinaryIO | bytes) -> ImportReport:
    if not permissions.can_manage_registry(actor):
        raise Forbidden(services.REGISTRY_REFUSED)
    items = _in_dependency_order(_validate_unit_rows(_read(file, UNIT_COLUMNS)))
    report = ImportReport()
    with transaction.atomic():
        by_code = {u.code: u for u in Unit.objects.filter(code__in=[i["code"] for i in items])}
        for item in items:
            fields = {k: item[k] for k in ("code", "name", "short_name", "kind", "valid_from", "valid_to", "note")}
            for key in ("parent", "successor"):
                code = item[key]
                fields[key] = None if code is None else (by_code.get(code) or Unit.objects.get(code=code))
            try:
                existing = by_code.get(item["code"])
                if existing is None:
                    by_code[item["code"]] = services.unit_create(actor=actor, **fields)
                    report.created += 1
                else:
                    before = existing.history.count()
                    by_code[item["code"]] = services.unit_update(actor=actor, unit=existing, **fields)
                    if by_code[item["code"]].history.count() == before:
                        report.unchanged += 1
                    else:
                        report.updated += 1
            except ValidationFailed as exc:
                raise ValidationFailed([f"Dòng {item['row']}: {m}" for m in exc.errors]) from exc
    return report


# --- People ----------------------------------------------------------------------------------


def people_template() -> bytes:
    example = ["Nguyễn", "Thị", "Hà", "Nữ", datetime.date(1985, 3, 12), "020185000123", "SKHCN", "Chuyên viên", "", ""]
    return write_table("Cá nhân", [h for _, h in PERSON_COLUMNS], [example], text_columns=[5, 6, 9])


def people_export(people) -> bytes:
    rows = (
        [
            p.ho,
            p.chu_dem,
            p.ten,
            p.get_gender_display(),
            p.date_of_birth,
            p.personal_id,
            p.unit.code,
            p.position,
            p.email,
            p.phone,
        ]
        for p in people
    )
    return write_table("Cá nhân", [h for _, h in PERSON_COLUMNS], rows, text_columns=[5, 6, 9])


def _personal_id(row: SheetRow, errors: RowErrors) -> str | None:
    value = row.values["personal_id"]
    if value is None:
        return None
    if isinstance(value, float):
        # A number cell has already lost any leading zero: refuse rather than guess.
        text = str(int(value)) if value.is_integer() else str(value)
        if len(text) != 12:
            errors.add(row.number, "personal_id", "hãy nhập dạng văn bản (ô số làm mất số 0 ở đầu).")
            return None
    text = as_text(value) or ""
    try:
        PERSONAL_ID_VALIDATOR(text)
    except ValidationError as exc:
        errors.add(row.number, "personal_id", exc.messages[0])
        return None
    return text


def _validate_people_rows(actor, rows: list[SheetRow]) -> list[dict[str, Any]]:
    errors = RowErrors(PERSON_COLUMNS)
    unit_codes = {(as_text(r.values["unit"]) or "").upper() for r in rows}
    units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes)}
    seen_ids: dict[str, int] = {}
    seen_keys: dict[tuple, int] = {}
    parsed = []
    for row in rows:
        values = row.values
        ho, ten = as_text(values["ho"]), as_text(values["ten"])
        if not ho:
            errors.add(row.number, "ho", "bắt buộc nhập.")
        if not ten:
            errors.add(row.number, "ten", "bắt buộc nhập.")
        gender = choice_from_cell(values["gender"], Gender)
        if gender is None:
            errors.add(row.number, "gender", "phải là “Nam” hoặc “Nữ”.")
        code = (as_text(values["unit"]) or "").upper()
        unit = units.get(code)
        if unit is None:
            errors.add(row.number, "unit", f"không có đơn vị mã “{code}”." if code else "bắt buộc nhập.")
        elif not permissions.can_edit_people_of(actor, unit):
            errors.add(row.number, "unit", f"bạn không có quyền quản lý cán bộ của {unit.name}.")
        personal_id = _personal_id(row, errors)
        if personal_id:
            if personal_id in seen_ids:
                errors.add(row.number, "personal_id", f"trùng với dòng {seen_ids[personal_id]}.")
            seen_ids.setdefault(personal_id, row.number)
        date_of_birth = _date(row, "date_of_birth", errors)
        if date_of_birth and date_of_birth > timezone.localdate():
            errors.add(row.number, "date_of_birth", "không được sau ngày hôm nay.")
        item = {
            "row": row.number,
            "ho": ho or "",
            "chu_dem": as_text(values["chu_dem"]) or "",
            "ten": ten or "",
            "gender": gender,
            "date_of_birth": date_of_birth,
            "personal_id": personal_id,
            "unit": unit,
            "position": as_text(values["position"]) or "",
            "email": as_text(values["email"]) or "",
            "phone": as_text(values["phone"]) or "",
        }
        if not personal_id and unit is not None:
            key = (item["ho"], item["chu_dem"], item["ten"], date_of_birth, unit.pk)
            if key in seen_keys:
                errors.add(row.number, None, f"trùng họ tên, ngày sinh và đơn vị với dòng {seen_keys[key]}.")
            seen_keys.setdefault(key, row.number)
        parsed.append(item)
    errors.raise_if_any()
    return parsed


def _match_person(item: dict[str, Any]) -> Person | None:
    if item["personal_id"]:
        found = Person.objects.filter(personal_id=item["personal_id"]).first()
        if found:
            return found
    return Person.objects.filter(
        ho=item["ho"],
        chu_dem=item["chu_dem"],
        ten=item["ten"],
        date_of_birth=item["date_of_birth"],
        unit=item["unit"],
    ).first()


def people_import(*, actor, file: BinaryIO | bytes, today: datetime.date | None = None) -> ImportReport:
    """Create or update people; a changed unit or position becomes a new position-history row."""
    items = _validate_people_rows(actor, _read(file, PERSON_COLUMNS))
    today = today or timezone.localdate()
    report = ImportReport()
    own = ("ho", "chu_dem", "ten", "gender", "date_of_birth", "personal_id", "email", "phone")
    with transaction.atomic():
        for item in items:
            fields = {k: item[k] for k in own}
            try:
                person = _match_person(item)
                if person is None:
                    services.person_create(actor=actor, unit=item["unit"], position=item["position"], start_date=today, **fields)
                    report.created += 1
                    continue
                before = person.history.count()
                person = services.person_update(actor=actor, person=person, **fields)
                if person.unit_id != item["unit"].pk or person.position != item["position"]:
                    services.person_move(actor=actor, person=person, unit=item["unit"], position=item["position"], start_date=today)
                if person.history.count() == before:
                    report.unchanged += 1
                else:
                    report.updated += 1
            except ValidationFailed as exc:
                raise ValidationFailed([f"Dòng {item['row']}: {m}" for m in exc.errors]) from exc
            except Forbidden as exc:
                raise ValidationFailed([f"Dòng {item['row']}: {exc.message}"]) from exc
    return report
