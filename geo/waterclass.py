"""Surface-water quality classes (GB 3838-2002 Ⅰ..Ⅴ and 劣Ⅴ): parsing the forms people write, labels, colours."""

from __future__ import annotations

import re
import unicodedata

from geo.errors import AtlasError

# Ordinals: 1 = Class I (best) .. 5 = Class V, 6 = worse than Class V (劣Ⅴ类). Lower is better.
ORDINALS: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
WORST = 6
GOOD_WATER = 3  # Classes Ⅰ-Ⅲ: the 'good water' (优良水体) share of national bulletins

_ROMAN_ASCII = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
_ROMAN_UNICODE = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ", 5: "Ⅴ"}
_CHINESE = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}

LABELS: dict[str, dict[int, str]] = {
    "zh": {**{n: f"{r}类" for n, r in _ROMAN_UNICODE.items()}, 6: "劣Ⅴ类"},
    "en": {**{n: f"Class {r}" for n, r in _ROMAN_ASCII.items()}, 6: "Worse than V"},
}

# The conventional palette of Chinese water-quality maps: Ⅰ/Ⅱ blue shades, Ⅲ green, Ⅳ yellow, Ⅴ orange, 劣Ⅴ red.
COLOURS: dict[int, str] = {
    1: "#7ECBF2",
    2: "#1F78C8",
    3: "#2FA84F",
    4: "#F2D31B",
    5: "#F28C1E",
    6: "#D7191C",
}

# Example forms shown in error messages (every one of them parses).
EXAMPLE_FORMS: tuple[str, ...] = (
    "Ⅱ",
    "II",
    "2",
    "二类",
    "Ⅱ类",
    "II类",
    "Class II",
    "劣Ⅴ",
    "劣V",
    "劣V类",
    "劣五类",
    "6",
)


def _lookup() -> dict[str, int]:
    """Every accepted form after normalisation (NFKC, upper case, no spaces) -> ordinal."""
    table: dict[str, int] = {}
    for n in range(1, 6):
        for body in (_ROMAN_ASCII[n], str(n), _CHINESE[n]):
            table[body] = n
            table[body + "类"] = n
        table["CLASS" + _ROMAN_ASCII[n]] = n
    for body in ("劣V", "劣五", "劣5"):
        table[body] = WORST
        table[body + "类"] = WORST
    table["6"] = WORST
    table["WORSETHANV"] = WORST
    return table


_FORMS = _lookup()
_SPACES = re.compile(r"\s+")


def normalise_form(text: str) -> str:
    """The comparison key of a written class: NFKC (full-width and Ⅰ..Ⅴ become ASCII), upper case, no spaces."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).upper()


def parse_class(value: object) -> int:
    """Ordinal 1..6 of a written water-quality class ('Ⅱ', 'II', '2', '二类', '劣Ⅴ', '劣V类', ...)."""
    if isinstance(value, bool):
        raise _refuse(value)
    if isinstance(value, int) and value in ORDINALS:
        return value
    if isinstance(value, float) and value.is_integer() and int(value) in ORDINALS:
        return int(value)  # spreadsheets hand over 2.0 for a typed 2
    if not isinstance(value, str):
        raise _refuse(value)
    ordinal = _FORMS.get(normalise_form(value))
    if ordinal is None:
        raise _refuse(value)
    return ordinal


def _refuse(value: object) -> AtlasError:
    return AtlasError(
        f"'{value}' is not a water-quality class", f"write one of Ⅰ..Ⅴ or 劣Ⅴ, e.g. {', '.join(EXAMPLE_FORMS)}"
    )


def _check(ordinal: int) -> int:
    if isinstance(ordinal, bool) or ordinal not in ORDINALS:
        raise AtlasError(f"{ordinal!r} is not a water-quality class ordinal", "use 1 (Class I) .. 6 (worse than V)")
    return int(ordinal)


def class_label(ordinal: int, lang: str = "zh") -> str:
    """Display label of a class: 'Ⅱ类' / 'Class II', '劣Ⅴ类' / 'Worse than V'."""
    if lang not in LABELS:
        raise AtlasError(f"lang={lang!r} has no class labels", "use zh or en")
    return LABELS[lang][_check(ordinal)]


def class_colour(ordinal: int) -> str:
    """Hex colour of a class in the conventional palette."""
    return COLOURS[_check(ordinal)]
