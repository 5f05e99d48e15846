"""Bulk import of award history from XLSX: one row per award received, optionally with the
year's rating. Every row is validated first; nothing is written unless all are valid; a row
already recorded is skipped, so importing the same file twice adds nothing.

Built for scale (a province's 15 years, 100 000 rows per file): people and units are matched
through in-memory indexes read once, and the rows are written with bulk inserts that also
write their audit history.
"""

import datetime
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from thidua.awards.models import AwardKind, AwardRecord, AwardSource, CommendationType, Rating, YearResult
from thidua.core.bulk import bulk_insert_audited, checkpoint_in_background
from thidua.core.errors import Forbidden, ValidationFailed
from thidua.core.vntext import fold
from thidua.core.xlsx import RowErrors, as_text, parse_date, read_table, write_table
from thidua.organisations import permissions
from thidua.organisations.models import Person, Unit

AWARD_COLUMNS = [
    ("personal_id", "Số định danh cá nhân"),
    ("ho", "Họ"),
    ("chu_dem", "Chữ đệm"),
    ("ten", "Tên"),
    ("date_of_birth", "Ngày sinh"),
    ("unit", "Mã đơn vị"),
    ("collective", "Mã tập thể được khen"),
    ("year", "Năm"),
    ("code", "Mã danh hiệu, hình thức"),
    ("decision_number", "Số quyết định"),
    ("decision_date", "Ngày quyết định"),
    ("signer", "Người ký"),
    ("rating", "Xếp loại năm"),
    ("note", "Ghi chú"),
    ("commendation_type", "Loại hình khen thưởng"),
]
# Files made with the first template have no such column: their awards are "theo công trạng".
OPTIONAL_COLUMNS = ("commendation_type",)
_AWARD_INSERT_COLUMNS = (
    "person_id", "unit_id", "award_id", "year", "decision_number", "decision_date", "signer", "source", "note",
    "commendation_type",
)
MAX_ROWS = 200_000
BATCH = 5_000


@dataclass
class AwardImportReport:
    rows: int = 0
    created: int = 0
    skipped: int = 0
    ratings_created: int = 0
    ratings_updated: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return (
            f"Đã đọc {self.rows} dòng: thêm {self.created} khen thưởng, bỏ qua {self.skipped} dòng đã có; "
            f"xếp loại năm: thêm {self.ratings_created}, cập nhật {self.ratings_updated}."
        )


def template() -> bytes:
    examples = [
        ["020185000001", "Nguyễn", "Thị", "Hà", datetime.date(1985, 3, 8), "SKHCN", None, 2024, "CSTDCS",
         "125/QĐ-SKHCN", datetime.date(2025, 1, 15), "Giám đốc Sở", "HTXSNV", "", "CONG_TRANG"],
        [None, None, None, None, None, None, "SCT", 2020, "CO_TINH", "312/QĐ-UBND", datetime.date(2021, 3, 2),
         "Chủ tịch UBND tỉnh", "HTXSNV", "Dẫn đầu Cụm thi đua số II", "CONG_TRANG"],
    ]
    return write_table("Khen thưởng", [h for _, h in AWARD_COLUMNS], examples, text_columns=[0, 5, 6, 9])


class _People:
    """Find a person by personal ID, else by folded name + birth date + unit. The name indexes
    are built only when a row needs them: files keyed by personal ID skip that cost."""

    def __init__(self):
        self.by_id: dict[str, int] = dict(
            Person.objects.filter(personal_id__isnull=False).values_list("personal_id", "pk").iterator(chunk_size=50_000)
        )
        self._by_name_birth_unit: dict[tuple, list[int]] | None = None
        self.by_name: dict[str, list[tuple[int, datetime.date | None, str]]] = defaultdict(list)
        self.names: dict[int, str] = {}

    @property
    def by_name_birth_unit(self) -> dict[tuple, list[int]]:
        if self._by_name_birth_unit is None:
            self._by_name_birth_unit = defaultdict(list)
            units = dict(Unit.objects.values_list("pk", "code"))
            for pk, full_name, dob, unit_id in Person.objects.values_list(
                "pk", "full_name", "date_of_birth", "unit_id"
            ).iterator(chunk_size=50_000):
                folded = fold(full_name)
                self._by_name_birth_unit[(folded, dob, units.get(unit_id))].append(pk)
                self.by_name[folded].append((pk, dob, units.get(unit_id)))
                self.names[pk] = full_name
        return self._by_name_birth_unit

    def likely(self, folded: str) -> str:
        self.by_name_birth_unit  # noqa: B018 - builds the name indexes
        candidates = self.by_name.get(folded, [])[:3]
        if not candidates:
            return ""
        described = "; ".join(
            f"{self.names[pk]} (sinh {dob:%d/%m/%Y}, {unit})" if dob else f"{self.names[pk]} ({unit})"
            for pk, dob, unit in candidates
        )
        return f" Có thể là: {described}. Hãy ghi số định danh cá nhân để xác nhận."


def _validate(actor, rows, report: AwardImportReport) -> list[dict[str, Any]]:
    errors = RowErrors(AWARD_COLUMNS)
    started = time.perf_counter()
    people = _People()
    units = dict(Unit.objects.values_list("code", "pk"))
    kinds = {k.code: k.applies_to for k in AwardKind.objects.all()}
    ratings = set(Rating.values)
    types = set(CommendationType.values)
    manage_all = permissions.can_manage_registry(actor)
    own_units = permissions.officer_unit_ids(actor)
    unit_of_person = {} if manage_all else dict(Person.objects.filter(unit_id__in=own_units).values_list("pk", "unit_id"))
    report.timings["indexes"] = time.perf_counter() - started
    seen: dict[tuple, int] = {}
    dates: dict[Any, datetime.date] = {}
    items = []
    this_year = timezone.localdate().year
    for row in rows:
        values, number = row.values, row.number
        collective_code = (as_text(values["collective"]) or "").upper()
        person_id = unit_id = None
        if collective_code:
            unit_id = units.get(collective_code)
            if unit_id is None:
                errors.add(number, "collective", f"không có tập thể mã “{collective_code}”.")
            elif not manage_all and unit_id not in own_units:
                errors.add(number, "collective", "bạn chỉ được nhập khen thưởng của đơn vị mình.")
        else:
            personal_id = as_text(values["personal_id"])
            if isinstance(values["personal_id"], float):
                errors.add(number, "personal_id", "hãy nhập dạng văn bản (ô số làm mất số 0 ở đầu).")
            elif personal_id:
                person_id = people.by_id.get(personal_id)
                if person_id is None:
                    errors.add(number, "personal_id", f"không có cá nhân có số định danh {personal_id}.")
            else:
                name = " ".join(p for p in (as_text(values["ho"]), as_text(values["chu_dem"]), as_text(values["ten"])) if p)
                if not name:
                    errors.add(number, "ten", "cần số định danh cá nhân, hoặc họ tên, ngày sinh và mã đơn vị (hoặc mã tập thể).")
                else:
                    try:
                        dob = parse_date(values["date_of_birth"]) if values["date_of_birth"] is not None else None
                    except ValueError as exc:
                        errors.add(number, "date_of_birth", f"{exc}.")
                        dob = None
                    unit_code = (as_text(values["unit"]) or "").upper()
                    folded = fold(name)
                    matches = people.by_name_birth_unit.get((folded, dob, unit_code), [])
                    if len(matches) == 1:
                        person_id = matches[0]
                    elif len(matches) > 1:
                        errors.add(number, "personal_id", f"có {len(matches)} người cùng họ tên, ngày sinh, đơn vị: cần số định danh cá nhân.")
                    else:
                        errors.add(number, "ten", f"không tìm thấy “{name}” (ngày sinh, mã đơn vị như trong tệp).{people.likely(folded)}")
            if person_id is not None and not manage_all and person_id not in unit_of_person:
                errors.add(number, "unit", "bạn chỉ được nhập khen thưởng của cán bộ đơn vị mình.")
                person_id = None
        year = values["year"]
        if isinstance(year, float) and year.is_integer():
            year = int(year)
        elif isinstance(year, str) and year.strip().isdigit():
            year = int(year.strip())
        if not isinstance(year, int) or not 1945 <= year <= this_year:
            errors.add(number, "year", f"“{as_text(values['year']) or ''}” không phải năm hợp lệ (1945–{this_year}).")
            year = None
        code = (as_text(values["code"]) or "").upper()
        applies = kinds.get(code)
        if applies is None:
            errors.add(number, "code", f"mã “{code}” không có trong danh mục ({', '.join(sorted(kinds))}).")
        elif collective_code and applies == "individual" or not collective_code and applies == "collective":
            errors.add(number, "code", f"“{code}” không áp dụng cho {'tập thể' if collective_code else 'cá nhân'}.")
        decision_number = as_text(values["decision_number"])
        if not decision_number:
            errors.add(number, "decision_number", "bắt buộc nhập.")
        try:
            raw_date = values["decision_date"]
            # A file repeats a few decision dates across 100 000s of rows: parse each once.
            decision_date = dates.get(raw_date) if raw_date is not None else None
            if decision_date is None and raw_date is not None:
                decision_date = dates[raw_date] = parse_date(raw_date)
            if decision_date is None:
                errors.add(number, "decision_date", "bắt buộc nhập.")
        except ValueError as exc:
            errors.add(number, "decision_date", f"{exc}.")
            decision_date = None
        commendation_type = (as_text(values["commendation_type"]) or CommendationType.REGULAR).upper()
        if commendation_type not in types:
            errors.add(number, "commendation_type", f"“{commendation_type}” phải là một trong {', '.join(CommendationType.values)}.")
        rating = (as_text(values["rating"]) or "").upper() or None
        if rating is not None and rating not in ratings:
            errors.add(number, "rating", f"“{rating}” phải là một trong {', '.join(Rating.values)}.")
        subject = ("P", person_id) if person_id else ("U", unit_id)
        if subject[1] is not None and year is not None and code:
            duplicate = seen.get((subject, code, year))
            if duplicate:
                errors.add(number, "code", f"trùng với dòng {duplicate} (cùng đối tượng, danh hiệu, năm).")
            seen.setdefault((subject, code, year), number)
        items.append(
            {"row": number, "person_id": person_id, "unit_id": unit_id, "year": year, "code": code,
             "decision_number": decision_number, "decision_date": decision_date,
             "signer": as_text(values["signer"]) or "", "rating": rating, "note": as_text(values["note"]) or "",
             "commendation_type": commendation_type}
        )
    report.timings["validate"] = time.perf_counter() - started
    errors.raise_if_any()
    return items


def import_awards(*, actor, file: BinaryIO | bytes) -> AwardImportReport:
    if not (permissions.can_manage_registry(actor) or permissions.officer_unit_ids(actor)):
        raise Forbidden("Chỉ Phòng TĐKT hoặc cán bộ thi đua đơn vị được nhập lịch sử khen thưởng.")
    report = AwardImportReport()
    started = time.perf_counter()
    rows = read_table(file, AWARD_COLUMNS, optional=OPTIONAL_COLUMNS)
    report.timings["read"] = time.perf_counter() - started
    if not rows:
        raise ValidationFailed(["Tệp không có dòng dữ liệu nào: từ dòng 2 trở đi đều trống."])
    if len(rows) > MAX_ROWS:
        raise ValidationFailed([f"Tệp có {len(rows)} dòng, vượt giới hạn {MAX_ROWS} dòng."])
    report.rows = len(rows)
    items = _validate(actor, rows, report)
    with checkpoint_in_background(), transaction.atomic():
        _write(actor, items, report)
    report.seconds = time.perf_counter() - started
    return report


def _write(actor, items: list[dict[str, Any]], report: AwardImportReport) -> None:
    started = time.perf_counter()
    years = {item["year"] for item in items}
    existing: dict[tuple, str] = {}
    for person_id, unit_id, code, year, number in AwardRecord.objects.filter(year__in=years).values_list(
        "person_id", "unit_id", "award_id", "year", "decision_number"
    ).iterator(chunk_size=50_000):
        existing[(person_id, unit_id, code, year)] = number
    conflicts = [
        f"Dòng {item['row']}: đã có {item['code']} năm {item['year']} theo quyết định {number}, khác số {item['decision_number']} trong tệp."
        for item in items
        if (number := existing.get((item["person_id"], item["unit_id"], item["code"], item["year"]))) is not None
        and number != item["decision_number"]
    ]
    if conflicts:
        raise ValidationFailed(conflicts)
    source = AwardSource.IMPORT.value
    new = [
        (item["person_id"], item["unit_id"], item["code"], item["year"], item["decision_number"],
         item["decision_date"], item["signer"], source, item["note"], item["commendation_type"])
        for item in items
        if (item["person_id"], item["unit_id"], item["code"], item["year"]) not in existing
    ]
    report.skipped = len(items) - len(new)
    report.created = bulk_insert_audited(AwardRecord, new, actor=actor, columns=_AWARD_INSERT_COLUMNS)
    report.timings["awards"] = time.perf_counter() - started
    _write_ratings(actor, items, years, report)
    report.timings["ratings"] = time.perf_counter() - started


def _write_ratings(actor, items, years, report: AwardImportReport) -> None:
    wanted: dict[tuple, str] = {}
    for item in items:
        if item["rating"]:
            wanted[(item["person_id"], item["unit_id"], item["year"])] = item["rating"]
    if not wanted:
        return
    keys = set(wanted)
    current: dict[tuple, tuple[int, str]] = {}
    for pk, person_id, unit_id, year, rating in YearResult.objects.filter(year__in=years).values_list(
        "pk", "person_id", "unit_id", "year", "rating"
    ).iterator(chunk_size=50_000):
        if (person_id, unit_id, year) in keys:
            current[(person_id, unit_id, year)] = (pk, rating)
    to_create, changed = [], {}
    for (person_id, unit_id, year), rating in wanted.items():
        found = current.get((person_id, unit_id, year))
        if found is None:
            to_create.append((person_id, unit_id, year, rating))
        elif found[1] != rating:
            changed[found[0]] = rating
    bulk_insert_audited(YearResult, to_create, actor=actor, columns=("person_id", "unit_id", "year", "rating"))
    ids = list(changed)
    for start in range(0, len(ids), BATCH):  # in chunks: SQLite limits the parameters of one query
        to_update = list(YearResult.objects.filter(pk__in=ids[start : start + BATCH]))
        for row in to_update:
            row.rating = changed[row.pk]
        bulk_update_with_history(to_update, YearResult, ["rating"], batch_size=BATCH, default_user=actor)
    report.ratings_updated = len(changed)
    report.ratings_created = len(to_create)
