"""XLSX in and out: openpyxl writes (styles, widths), python-calamine reads (fast).

Readers report problems in Vietnamese naming the row (as Excel numbers it) and the column header.
"""

import datetime
import io
from dataclasses import dataclass
from typing import Any, BinaryIO, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from thidua.core.errors import ValidationFailed
from thidua.core.vntext import fold, nfc

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_table(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    text_columns: Sequence[int] = (),
) -> bytes:
    """One sheet with a bold header row; `text_columns` (0-based) are stored as text so that
    Excel keeps leading zeros (personal IDs, codes)."""
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [len(h) + 2 for h in headers]
    for row in rows:
        values = []
        for index, value in enumerate(row):
            if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)
            values.append(value)
            widths[index] = min(60, max(widths[index], len(str(value or "")) + 2))
        sheet.append(values)
    for index in text_columns:
        letter = get_column_letter(index + 1)
        for cell in sheet[letter]:
            cell.number_format = "@"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number Excel shows
    values: dict[str, Any]  # by column key


def read_table(
    file: BinaryIO | bytes, columns: Sequence[tuple[str, str]], optional: Sequence[str] = ()
) -> list[SheetRow]:
    """Rows of the first sheet, keyed by the column keys of `columns` ((key, header) pairs).

    Headers are matched without regard to case, accents or order; a missing header is an error
    unless its key is in `optional`.
    Completely empty rows are skipped.
    """
    data = file if isinstance(file, bytes) else file.read()
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - calamine raises several types for bad files
        raise ValidationFailed(
            ["Không đọc được tệp: tệp phải là bảng tính Excel (.xlsx) hợp lệ."]
        ) from exc
    if not sheet:
        raise ValidationFailed(["Tệp không có dữ liệu: thiếu dòng tiêu đề."])
    header_row = [fold(str(cell)) for cell in sheet[0]]
    positions: dict[str, int] = {}
    missing = []
    for key, header in columns:
        try:
            positions[key] = header_row.index(fold(header))
        except ValueError:
            if key not in optional:  # an optional column may be left out: its cells read as empty
                missing.append(f"Dòng 1: thiếu cột “{header}”.")
    if missing:
        raise ValidationFailed(missing)
    # Imports read 100 000s of rows: one tuple of (key, position) pairs and no per-cell calls
    # for the cells that need nothing (numbers, dates, plain ASCII without doubled spaces).
    pairs = tuple(positions.items())
    absent = dict.fromkeys(optional)
    rows = []
    for offset, raw in enumerate(sheet[1:], start=2):
        values = absent.copy()
        width = len(raw)
        filled = False
        for key, position in pairs:
            value = raw[position] if position < width else None
            if value.__class__ is str:
                if value == "":
                    value = None
                elif (
                    not value.isascii() or not value.isprintable()  # tabs, newlines: not printable
                    or "  " in value or value[0] == " " or value[-1] == " "
                ):
                    value = nfc(value) or None
            if value is not None:
                filled = True
            values[key] = value
        if filled:
            rows.append(SheetRow(offset, values))
    return rows


class RowErrors:
    """Collects one Vietnamese message per problem, each naming its row and column."""

    def __init__(self, columns: Sequence[tuple[str, str]]):
        self._headers = dict(columns)
        self.messages: list[str] = []

    def add(self, row: int, key: str | None, message: str) -> None:
        if key is None:
            self.messages.append(f"Dòng {row}: {message}")
        else:
            self.messages.append(f"Dòng {row}, cột “{self._headers[key]}”: {message}")

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationFailed(self.messages)


def parse_date(value: Any) -> datetime.date:
    """A date cell, or text as dd/mm/yyyy (also yyyy-mm-dd). Raises ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        parts = value.strip().split("/")
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
            # dd/mm/yyyy, the common case, without strptime's cost (imports parse 100 000s).
            try:
                return datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                pass
        for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    raise ValueError(f"“{value}” không phải ngày hợp lệ (định dạng dd/mm/yyyy)")


def as_text(value: Any) -> str | None:
    """Cell as text; whole numbers lose their “.0” (a code typed into a number cell)."""
    if value is None:
        return None
    if value.__class__ is str:  # cells from read_table are normalised already
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def choice_from_cell(value: Any, choices: type) -> str | None:
    """A choice given by its code or its Vietnamese label, accents and case ignored."""
    text = fold(as_text(value) or "")
    for code, label in choices.choices:
        if text in (fold(code), fold(label)):
            return code
    return None
