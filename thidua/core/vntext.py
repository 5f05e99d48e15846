"""Vietnamese text: NFC normalisation, accent folding for search, and a sort key.

Sorting follows the 29-letter Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r
s t u ư v x y, with the foreign f j w z in their Latin places), comparing letters first and tone
marks only between words whose letters are equal, tones in dictionary order: ngang, huyền, hỏi,
ngã, sắc, nặng (the order of ICU's "vi" collation).

The sort key is a string of ASCII digits only, so that it orders the same way under every
database collation (SQLite BINARY, PostgreSQL "C", "en_US.UTF-8" or ICU) and can be indexed.
"""

import re
import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: f"{index + 20:02d}" for index, letter in enumerate(ALPHABET)}
_DIGIT_CODE = {str(d): f"{d + 10:02d}" for d in range(10)}
_WORD_GAP = "01"
_PART_END = "00"

# Combining marks that change the letter (ă â ê ô ơ ư) and those that carry the tone.
_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_SPACES = re.compile(r"\s+")


def nfc(value: str) -> str:
    """The canonical stored form: NFC, trimmed, inner whitespace collapsed to one space."""
    # Imports call this for every cell: the C-level checks skip the work most cells don't need.
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def fold(value: str) -> str:
    """Lower-case text without diacritics (đ → d), for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", value.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip()


def _letter_and_tone(char: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = "0"
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        else:
            base = _MODIFIED.get((base, mark), base)
    return base, tone


def _part_key(value: str) -> str:
    letters: list[str] = []
    tones: list[str] = []
    for char in nfc(value):
        if char.isspace() or char in "-'’.":
            letters.append(_WORD_GAP)
            continue
        letter, tone = _letter_and_tone(char)
        code = _LETTER_CODE.get(letter) or _DIGIT_CODE.get(letter)
        if code is None:
            # A letter outside the alphabet (e.g. "ç" in a foreign name): sort it as its base.
            folded = fold(letter)[:1]
            code = _LETTER_CODE.get(folded, "99")
        letters.append(code)
        tones.append(tone)
    return "".join(letters) + _PART_END + "".join(tones)


def sort_key(*parts: str) -> str:
    """Key comparing `parts` in order, each by letters first and then by tones."""
    return _PART_END.join(_part_key(part or "") for part in parts)


def person_sort_key(ho: str, chu_dem: str, ten: str) -> str:
    """The Vietnamese way to sort people: by tên, then chữ đệm, then họ."""
    return sort_key(ten, chu_dem, ho)


def search_terms(query: str) -> list[str]:
    """The folded words of a search box entry; every word must match."""
    return [word for word in fold(query).split(" ") if word]
