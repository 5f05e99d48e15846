"""Vietnamese text rules: pure functions, no database."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from thidua.core.vntext import fold, nfc, person_sort_key, search_terms, sort_key


def test_nfc_composes_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "  Nguyễn   Thị Hà ")
    assert decomposed != "Nguyễn Thị Hà"
    assert nfc(decomposed) == "Nguyễn Thị Hà"


def test_fold_strips_tones_and_turns_d_bar_into_d():
    assert fold("Nguyễn Thị Hà") == "nguyen thi ha"
    assert fold("ĐẶNG Đình Đức") == "dang dinh duc"
    assert fold(unicodedata.normalize("NFD", "Ưng Ước")) == "ung uoc"


def test_search_terms_are_folded_words():
    assert search_terms("  Nguyen  THỊ hà ") == ["nguyen", "thi", "ha"]


def test_letters_follow_the_vietnamese_alphabet():
    letters = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
    assert sorted(reversed(letters), key=sort_key) == letters


def test_d_bar_sorts_after_every_d_word():
    words = ["Đào", "Dũng", "Duy", "Dương", "Đức"]
    assert sorted(words, key=sort_key) == ["Dũng", "Duy", "Dương", "Đào", "Đức"]


def test_letters_decide_before_tones():
    # "Ánh" and "Anh" differ only in tone, so "Anh" comes first; "Ánh" still precedes "Ba".
    assert sorted(["Ba", "Ánh", "Anh"], key=sort_key) == ["Anh", "Ánh", "Ba"]


def test_tones_in_dictionary_order():
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones


def test_people_sort_by_ten_then_chu_dem_then_ho():
    people = [
        ("Trần", "Văn", "Bình"),
        ("Nguyễn", "Thị", "Ánh"),
        ("Lê", "Thị", "Ánh"),
        ("Nguyễn", "Văn", "An"),
        ("Phạm", "Ngọc", "Ánh"),
        ("Đỗ", "Thu", "Ơn"),
        ("Hoàng", "Thu", "Ôn"),
    ]
    ordered = sorted(people, key=lambda p: person_sort_key(*p))
    assert ordered == [
        ("Nguyễn", "Văn", "An"),
        ("Phạm", "Ngọc", "Ánh"),
        ("Lê", "Thị", "Ánh"),
        ("Nguyễn", "Thị", "Ánh"),
        ("Trần", "Văn", "Bình"),
        ("Hoàng", "Thu", "Ôn"),
        ("Đỗ", "Thu", "Ơn"),
    ]


def test_a_prefix_sorts_before_its_extensions():
    assert sorted(["Anh", "An", "Ân", "Ăn"], key=sort_key) == ["An", "Anh", "Ăn", "Ân"]


vietnamese_words = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ ", max_size=12)


@given(vietnamese_words)
def test_sort_key_is_the_same_for_nfc_and_nfd(word):
    assert sort_key(unicodedata.normalize("NFD", word)) == sort_key(unicodedata.normalize("NFC", word))


@given(vietnamese_words, vietnamese_words)
def test_sort_key_is_digits_and_orders_like_itself_under_bytes(a, b):
    key_a, key_b = sort_key(a), sort_key(b)
    assert key_a.isdigit() or key_a == "00"
    # ASCII digits sort the same under every collation, so bytes order equals string order.
    assert (key_a < key_b) == (key_a.encode() < key_b.encode())


@given(vietnamese_words)
def test_fold_is_idempotent_and_ascii_for_vietnamese(word):
    folded = fold(word)
    assert fold(folded) == folded
    assert folded.isascii()
