"""What one cell of a user's table means: missing marks, numbers, water classes, years, months, header words.

The one kernel both imports use (geo.importer for indicator values, geo.sections for monitoring sections).
A parser returns the value or raises ValueProblem, a domain error naming the cell's text and the fix. How an
indicator's values are read is declared in the catalog (`value_type`) and looked up in VALUE_PARSERS.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from geo.errors import AtlasError, CatalogError
from geo.waterclass import parse_class

# Cells that mean "no figure" in Chinese statistical tables.
MISSING_MARKS = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        "——",
        "/",
        "na",
        "n/a",
        "nan",
        "null",
        "无",
        "空",
        "…",
        "……",
        "......",
        "...",
        "..",
        "x",
        "–",
        "－",
    }
)
# Words of a provenance column -> canonical provenance ("derived" is reserved for values computed here).
PROVENANCE_WORDS: Mapping[str, str] = MappingProxyType(
    {"official": "official", "官方": "official", "user": "user", "用户": "user", "demo": "demo", "演示": "demo"}
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_YEAR = re.compile(r"(\d{4})(?:\.0+)?")  # a spreadsheet may hand over 2023.0
_MONTH = re.compile(r"\s*(\d{1,2})(?:\.0+)?\s*")


class ValueProblem(AtlasError):
    """A cell that does not hold what its column needs; `message` names the text, `fix` says what to write."""

    def __init__(self, message: str, fix: str, key: str | None = None, **params: object) -> None:
        super().__init__(message, fix)
        self.fix: str = fix
        self.key = key  # the message in catalogs/messages.yaml, for the report in the user's language
        self.params = params


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: the number (None = missing) and a warning to report when the reading took liberties."""

    value: float | None
    warning: str | None = None
    warning_params: Mapping[str, object] = field(default_factory=dict, compare=False)  # of the key value_percent


@dataclass(frozen=True)
class ValueParser:
    """A declared value type of the catalog: what its cells hold, an example, and the parser of one cell."""

    name: str
    meaning: str
    example: str
    parse: Callable[[Any, str], Parsed]


# ------------------------------------------------------------------------------------------------ words


def header_key(text: str) -> str:
    """A header as compared: NFKC, lower case, no spaces/_/-, e.g. ' Year ' -> 'year', '年 份' -> '年份'."""
    return re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFKC", str(text)).lower())


def place_key(name: str) -> str:
    """A place name as compared: header_key without one final 市, 县 or 区 (樟树 and 樟树市 name one county)."""
    key = header_key(name)
    return key[:-1] if len(key) > 1 and key[-1] in "市县区" else key


def is_missing(text: Any) -> bool:
    """Whether a cell means 'no figure': blank, a dash, n/a, 无, … (after NFKC, any case)."""
    s = unicodedata.normalize("NFKC", "" if text is None else str(text)).strip().replace("\u2212", "-")
    return s.lower() in MISSING_MARKS or s.replace(" ", "") in MISSING_MARKS


def provenance_of(word: str) -> str | None:
    """The canonical provenance a provenance cell names (official, user, demo), or None."""
    return PROVENANCE_WORDS.get(word.lower())


# ------------------------------------------------------------------------------------------------ values


def parse_number(text: Any, unit: str = "") -> Parsed:
    """A number from a cell as people write it: '63.1', '63.1%', '3,079', '６３．１'; blanks/dashes -> missing."""
    raw = "" if text is None else str(text)
    if is_missing(raw):
        return Parsed(None)
    s = unicodedata.normalize("NFKC", raw).strip().replace("\u2212", "-")
    warning = None
    warning_params: dict[str, object] = {}
    if s.endswith("%"):
        s = s[:-1].strip()
        if unit != "%":
            warning = f"'{raw.strip()}' has a percent sign but the unit is {unit or 'none'}; read as {s}"
            warning_params = {"unit": unit or "—", "number": s}
    if _THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    if not _NUMBER.fullmatch(s):
        shown = raw.strip()
        if "," in s:
            raise ValueProblem(
                f"'{shown}' is not a number (a comma is only read between groups of three digits)",
                "write the number with a decimal point, e.g. 63.1, or as 3,079 / 3079",
                "value_comma",
            )
        raise ValueProblem(
            f"'{shown}' is not a number",
            "write a number such as 63.1 (a % sign is allowed for rates)",
            "value_not_number",
        )
    number = float(s)
    if not math.isfinite(number):
        raise ValueProblem(
            f"'{raw.strip()}' is too large to be a figure",
            "write the number in the catalog unit, e.g. 63.1",
            "value_too_large",
        )
    return Parsed(number, warning, warning_params)


def parse_water_class(text: Any, unit: str = "") -> Parsed:
    """The ordinal (1..6 for Ⅰ..劣Ⅴ) of a written water-quality class; blanks/dashes -> missing."""
    s = ("" if text is None else str(text)).strip()
    if is_missing(s):
        return Parsed(None)
    try:
        return Parsed(float(parse_class(s)))
    except AtlasError as exc:
        raise ValueProblem(exc.message, exc.fix or "write a class such as Ⅱ, II or Ⅱ类", "value_not_class") from None


def parse_year(text: str, years: tuple[int, int], outside: str = "check the year") -> int:
    """A four-digit year ('2023', '2023年', '2023.0', full-width digits) within `years`; `outside` is the fix
    given for a year beyond them."""
    m = _YEAR.fullmatch(unicodedata.normalize("NFKC", text).strip().removesuffix("年"))
    if not m:
        raise ValueProblem(
            f"'{text}' is not a year" if text.strip() else "the year is blank",
            "write the year as four digits, e.g. 2023",
            "year_not_year" if text.strip() else "year_blank",
        )
    year = int(m.group(1))
    if not years[0] <= year <= years[1]:
        raise ValueProblem(
            f"year {year} is outside {years[0]}-{years[1]}",
            outside,
            "year_outside",
            year=year,
            first=years[0],
            last=years[1],
        )
    return year


def parse_month(text: str) -> int | None:
    """A month 1..12 ('3', '3月', '03'); None for a blank cell (a whole year's figure)."""
    s = unicodedata.normalize("NFKC", text).strip().removesuffix("月")
    if not s:
        return None
    m = _MONTH.fullmatch(s)
    if not m or not 1 <= int(m.group(1)) <= 12:
        raise ValueProblem(f"'{text}' is not a month", "write the month as 1-12, or leave it empty for a whole year")
    return int(m.group(1))


VALUE_PARSERS: Mapping[str, ValueParser] = MappingProxyType(
    {
        p.name: p
        for p in (
            ValueParser(
                "number",
                "a figure in the indicator's unit; % signs and 3,079-style thousands are read",
                "63.1, 63.1%, 3,079",
                parse_number,
            ),
            ValueParser(
                "water_class",
                "a surface-water quality class, stored as its ordinal 1..6 (Ⅰ..劣Ⅴ)",
                "Ⅱ, II, Ⅱ类, 劣Ⅴ",
                parse_water_class,
            ),
        )
    }
)


def value_type_names() -> tuple[str, ...]:
    """Names of all declared value types, in registry order."""
    return tuple(VALUE_PARSERS)


def parse_value(value_type: str, text: Any, unit: str = "") -> Parsed:
    """Read one cell by the named value type; CatalogError lists the valid names."""
    try:
        parser = VALUE_PARSERS[value_type]
    except (KeyError, TypeError):
        raise CatalogError(
            f"{value_type!r} is not a value type", f"use one of {', '.join(value_type_names())}"
        ) from None
    return parser.parse(text, unit)
