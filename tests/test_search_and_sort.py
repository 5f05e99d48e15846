"""Accent-insensitive search and Vietnamese sort order, on the real database (SQLite and PostgreSQL)."""

import unicodedata

import pytest

from tests.conftest import make_person
from thidua.organisations import selectors
from thidua.organisations.models import Gender, Person


@pytest.mark.parametrize(
    "query",
    ["nguyen thi ha", "Nguyen Thi Ha", "NGUYỄN THỊ HÀ", "Nguyễn Thị Hà", "thi ha", "ha nguyen"],
)
def test_people_search_ignores_accents_and_case(registry, users, query):
    found = list(selectors.people_list(user=users["office"], query=query))
    assert registry["ha"] in found
    assert registry["dung"] not in found


def test_d_finds_d_bar(registry, users):
    make_person(registry["trade"], "Đặng", "Đình", "Đức")
    found = [p.full_name for p in selectors.people_list(user=users["office"], query="dang dinh duc")]
    assert found == ["Đặng Đình Đức"]


def test_decomposed_input_is_stored_composed_and_found(registry, users):
    nfd = unicodedata.normalize("NFD", "Lương")
    person = make_person(registry["trade"], nfd, "Thị", "Ánh", Gender.FEMALE)
    person.refresh_from_db()
    assert person.ho == "Lương" and unicodedata.is_normalized("NFC", person.full_name)
    assert person in selectors.people_list(user=users["office"], query="luong anh")


def test_units_search_ignores_accents(registry):
    found = list(selectors.unit_list(query="so khoa hoc"))
    assert found == [registry["science"]]


def test_people_list_sorts_the_vietnamese_way(registry, users):
    unit = registry["trade"]
    Person.objects.filter(unit=unit).delete()
    for ho, chu_dem, ten in [
        ("Trần", "Văn", "Bình"),
        ("Nguyễn", "Thị", "Ánh"),
        ("Đỗ", "Văn", "Đạt"),
        ("Lê", "Thị", "Ánh"),
        ("Nguyễn", "Văn", "An"),
        ("Vũ", "Văn", "Dũng"),
        ("Hoàng", "Thu", "Ơn"),
        ("Phạm", "Thu", "Ôn"),
        ("Bùi", "Thị", "Ư"),
        ("Lý", "Thị", "Uyên"),
    ]:
        make_person(unit, ho, chu_dem, ten)
    names = [p.full_name for p in selectors.people_list(user=users["office"], unit=unit)]
    assert names == [
        "Nguyễn Văn An",
        "Lê Thị Ánh",
        "Nguyễn Thị Ánh",
        "Trần Văn Bình",
        "Vũ Văn Dũng",
        "Đỗ Văn Đạt",
        "Phạm Thu Ôn",
        "Hoàng Thu Ơn",
        "Lý Thị Uyên",
        "Bùi Thị Ư",
    ]
