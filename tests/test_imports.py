"""XLSX import and export of units and people: validate everything first, atomic, idempotent."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from thidua.core.errors import Forbidden, ValidationFailed
from thidua.core.xlsx import read_table
from thidua.organisations import imports
from thidua.organisations.models import Person, Unit
from tests.test_permissions import snapshot


def workbook(header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


UNIT_HEADER = [h for _, h in imports.UNIT_COLUMNS]
PERSON_HEADER = [h for _, h in imports.PERSON_COLUMNS]


def test_templates_have_vietnamese_headers():
    for data, columns in [
        (imports.units_template(), imports.UNIT_COLUMNS),
        (imports.people_template(), imports.PERSON_COLUMNS),
    ]:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert [c.value for c in sheet[1]] == [h for _, h in columns]


def test_units_import_creates_in_dependency_order_and_is_idempotent(users, registry):
    data = workbook(UNIT_HEADER, [
        ["SYT-BV", "Bệnh viện Đa khoa tỉnh", "BVĐK", "Đơn vị sự nghiệp", "SYT", None, None, None, None],
        ["SYT", "Sở Y tế", "SYT", "Sở", "UBND", "01/01/2008", None, None, "ghi chú"],
    ])
    report = imports.units_import(actor=users["office"], file=data)
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    hospital = Unit.objects.get(code="SYT-BV")
    assert hospital.parent.code == "SYT"
    assert Unit.objects.get(code="SYT").valid_from == datetime.date(2008, 1, 1)

    before = snapshot()
    history_before = Unit.history.count()
    again = imports.units_import(actor=users["office"], file=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == before and Unit.history.count() == history_before


def test_units_import_reports_every_error_by_row_and_column_and_writes_nothing(users, registry):
    data = workbook(UNIT_HEADER, [
        ["SYT", "Sở Y tế", "", "Sở", "UBND", None, None, None, None],
        ["", "Không mã", "", "Sở", None, None, None, None, None],
        ["SXX", "", "", "Loại lạ", "KHONGCO", "32/13/2020", None, None, None],
        ["SYT", "Trùng mã", "", "Sở", None, None, None, None, None],
    ])
    before = snapshot()
    with pytest.raises(ValidationFailed) as caught:
        imports.units_import(actor=users["office"], file=data)
    errors = "\n".join(caught.value.errors)
    assert "Dòng 3, cột “Mã đơn vị”" in errors
    assert "Dòng 4, cột “Tên đầy đủ”" in errors
    assert "Dòng 4, cột “Loại hình”" in errors
    assert "Dòng 4, cột “Mã đơn vị cấp trên”" in errors
    assert "Dòng 4, cột “Hiệu lực từ ngày”" in errors
    assert "Dòng 5, cột “Mã đơn vị”" in errors and "dòng 2" in errors
    assert snapshot() == before


def test_missing_column_is_named(users, registry):
    data = workbook(UNIT_HEADER[:-2], [["SYT", "Sở Y tế", "", "Sở", None, None, None]])
    with pytest.raises(ValidationFailed) as caught:
        imports.units_import(actor=users["office"], file=data)
    assert "Dòng 1: thiếu cột “Mã đơn vị kế thừa”" in caught.value.errors[0]


def test_people_import_matches_on_personal_id_then_name_birth_unit(users, registry):
    data = workbook(PERSON_HEADER, [
        ["Nguyễn", "Thị", "Hà", "Nữ", "17/05/1980", "020185000001", "SKHCN", "Trưởng phòng", None, None],
        ["Trần", "Văn", "Dũng", "Nam", "17/05/1980", None, "SCT", "Chuyên viên", None, None],
        ["Lò", "Văn", "Mười", "nam", datetime.datetime(1990, 1, 2), "020090000777", "sct", None, None, None],
    ])
    report = imports.people_import(actor=users["office"], file=data)
    assert (report.created, report.updated) == (1, 2)
    assert Person.objects.get(pk=registry["ha"].pk).position == "Trưởng phòng"
    assert Person.objects.get(personal_id="020090000777").unit == registry["trade"]
    assert Person.objects.count() == 3

    before = snapshot()
    again = imports.people_import(actor=users["office"], file=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert snapshot() == before


def test_people_import_refuses_numeric_personal_id_and_bad_rows(users, registry):
    data = workbook(PERSON_HEADER, [
        ["Lò", "Văn", "Mười", "Nam", "02/01/1990", 20090000777, "SCT", None, None, None],
        ["", "Văn", "", "Không rõ", "hôm qua", "123", "NOPE", None, "không phải email", None],
    ])
    before = snapshot()
    with pytest.raises(ValidationFailed) as caught:
        imports.people_import(actor=users["office"], file=data)
    errors = "\n".join(caught.value.errors)
    assert "Dòng 2, cột “Số định danh cá nhân”" in errors
    for column in ["Họ", "Tên", "Giới tính", "Ngày sinh", "Số định danh cá nhân", "Mã đơn vị"]:
        assert f"Dòng 3, cột “{column}”" in errors, column
    assert snapshot() == before


def test_an_officer_imports_only_their_own_units_people(users, registry):
    data = workbook(PERSON_HEADER, [
        ["Lò", "Văn", "Mười", "Nam", "02/01/1990", "020090000777", "SKHCN", None, None, None],
        ["Lò", "Thị", "Mai", "Nữ", "02/01/1991", "020191000778", "SCT", None, None, None],
    ])
    before = snapshot()
    with pytest.raises((Forbidden, ValidationFailed)) as caught:
        imports.people_import(actor=users["officer"], file=data)
    assert "Dòng 3" in str(caught.value.errors if hasattr(caught.value, "errors") else caught.value)
    assert snapshot() == before


def test_import_page_shows_errors_and_success(client_for, users, registry):
    client = client_for(users["office"])
    empty = io.BytesIO(workbook(UNIT_HEADER, []))
    empty.name = "trong.xlsx"
    assert "Tệp không có dòng dữ liệu nào" in client.post(reverse("unit-import"), {"file": empty}).content.decode()
    bad = workbook(UNIT_HEADER, [["", "Sở Y tế", "", "Sở", None, None, None, None, None]])
    upload = io.BytesIO(bad)
    upload.name = "don-vi.xlsx"
    page = client.post(reverse("unit-import"), {"file": upload}).content.decode()
    assert "Dòng 2, cột “Mã đơn vị”" in page
    good = io.BytesIO(workbook(UNIT_HEADER, [["SYT", "Sở Y tế", "", "Sở", None, None, None, None, None]]))
    good.name = "don-vi.xlsx"
    response = client.post(reverse("unit-import"), {"file": good}, follow=True)
    assert "Thêm mới 1" in response.content.decode()


def test_exports_round_trip_through_import(client_for, users, registry):
    client = client_for(users["office"])
    response = client.get(reverse("person-list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = read_table(response.content, imports.PERSON_COLUMNS)
    assert {(r.values["ten"], r.values["unit"]) for r in rows} == {("Hà", "SKHCN"), ("Dũng", "SCT")}
    report = imports.people_import(actor=users["office"], file=response.content)
    assert report.unchanged == 2
    for name in ["unit-list", "cluster-list"]:
        assert client.get(reverse(name), {"export": "xlsx"})["Content-Type"].startswith("application/vnd")
