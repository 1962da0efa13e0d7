"""Periods of a value: a year, a month, a quarter or a cumulative span of months, parsed from header/cell texts.

A period is carried as (year, code): `code` is None for a yearly value, "YYYY-MM" for a month, "YYYY-Qn" for a
quarter, "YYYY-MM~MM" for a span of months (2023年1-6月 -> "2023-01~06"). `year` is always the period's year.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, Protocol

from geo.errors import AtlasError

Kind = Literal["year", "month", "quarter", "span"]
KINDS: tuple[Kind, ...] = ("year", "month", "quarter", "span")

_MONTH_CODE = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER_CODE = re.compile(r"^(\d{4})-Q([1-4])$")
_SPAN_CODE = re.compile(r"^(\d{4})-(\d{2})~(\d{2})$")

# Chinese numerals as printed in headers (一季度, 十二月); digits are handled separately.
_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "〇": 0,
    "零": 0,
}
_CN_NUMBER = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])"
_DASH = r"[-–—~～至到]"
_YEAR = r"(\d{4})\s*(?:年度|年)?"

# Named spans as yearbooks print them; each is (first month, last month), or None for the whole year.
_NAMED: dict[str, tuple[int, int] | None] = {
    "上半年": (1, 6),
    "下半年": (7, 12),
    "前三季度": (1, 9),
    "1-3季度": (1, 9),
    "全年": None,
    "年度": None,
}


class PeriodError(AtlasError):
    """A period text or code cannot be read; `key`/`fmt` name an interface string so callers can translate it."""

    def __init__(self, message: str, fix: str, key: str, **fmt: object) -> None:
        super().__init__(message, fix)
        self.key = key
        self.fmt = fmt


class _Translates(Protocol):
    def t(self, key: str, /, **fmt: object) -> str: ...


@dataclass(frozen=True, order=True)
class Period:
    """One period: its year and its code (None for the whole year)."""

    year: int
    code: str | None = None

    @property
    def kind(self) -> Kind:
        """'year', 'month', 'quarter' or 'span'."""
        return kind(self.code)

    @property
    def months(self) -> tuple[int, ...]:
        """The months (1-12) the period covers."""
        return months(self.code)


def _number(text: str) -> int:
    """1-12 from '3', '03', '三', '十二'."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_DIGITS[text[1]] if len(text) > 1 else 0)
    return _CN_DIGITS[text]


def _clean(text: object) -> str:
    """Full-width digits, letters and signs to ASCII (NFKC); spaces of any width removed; '第' dropped."""
    folded = unicodedata.normalize("NFKC", str(text)).strip()
    return re.sub(r"\s+", "", folded).replace("第", "").upper()


def month_code(year: int, month: int) -> str:
    """'2024-05' for (2024, 5)."""
    _check_month(year, month)
    return f"{year:04d}-{month:02d}"


def quarter_code(year: int, quarter: int) -> str:
    """'2024-Q2' for (2024, 2)."""
    if not 1 <= quarter <= 4:
        raise PeriodError(
            f"quarter {quarter} of {year} is not 1-4", "write Q1, Q2, Q3 or Q4", "period_bad_quarter", q=quarter
        )
    return f"{year:04d}-Q{quarter}"


def span_code(year: int, first: int, last: int) -> str:
    """'2023-01~06' for the months 1 to 6 of 2023; a one-month span is that month's code."""
    _check_month(year, first)
    _check_month(year, last)
    if first > last:
        raise PeriodError(
            f"months {first}-{last} of {year} run backwards",
            "write the earlier month first (1-6月)",
            "period_backwards",
            first=first,
            last=last,
        )
    return month_code(year, first) if first == last else f"{year:04d}-{first:02d}~{last:02d}"


def _check_month(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise PeriodError(
            f"month {month} of {year} is not 1-12", "write a month from 1 to 12", "period_bad_month", month=month
        )


def _period(year: int, first: int | None = None, last: int | None = None, quarter: int | None = None) -> Period:
    if quarter is not None:
        return Period(year, quarter_code(year, quarter))
    if first is None:
        return Period(year, None)
    return Period(year, span_code(year, first, last if last is not None else first))


def _rest(rest: str, year: int, after_year: bool = True) -> Period | None:
    """The part of a header after its year (or a header under a year heading): '3月', '1-6月', 'Q2', '一季度'."""
    if rest in ("", "年", "年度") or rest in _NAMED and _NAMED[rest] is None:
        return Period(year, None)
    if rest in _NAMED:
        first, last = _NAMED[rest] or (1, 12)
        return _period(year, first, last)
    m = re.fullmatch(rf"({_CN_NUMBER})(?:月份?)?(?:{_DASH}({_CN_NUMBER}))?月份?", rest)
    if m is None and after_year:  # 2024-03, 2024/3, 2024.03: a bare number is a month only right after a year
        m = re.fullmatch(rf"[-/.](\d{{1,2}})(?:{_DASH}(\d{{1,2}}))?", rest)
    if m:
        first = _number(m.group(1))
        last = _number(m.group(2)) if m.group(2) else first
        return _period(year, first, last)
    m = re.fullmatch(rf"-?Q([1-4])|({_CN_NUMBER})季度?", rest)
    if m:
        return _period(year, quarter=int(m.group(1)) if m.group(1) else _number(m.group(2)))
    return None


def parse(text: object, year: int | None = None) -> Period | None:
    """The period a header or cell text names, or None when it names none ('森林覆盖率').

    Reads 2023, 2023年, 2023年度, 2023年1-6月, 2024年3月, 2024-03, 2024Q2, 2024年一季度, 上半年; a text without a year
    ('3月', 'Q1', '一季度') takes `year` (its year heading) and raises PeriodError when there is none."""
    if text is None:
        return None
    s = _clean(text)
    if not s:
        return None
    m = re.fullmatch(rf"{_YEAR}(.*)", s)
    if m:
        y = int(m.group(1))
        rest = m.group(2)
        if not 1900 <= y <= 2100:
            return None  # a four-digit number that is not a year (e.g. a count)
        return _rest(rest, y)
    bare = _rest(s, year if year is not None else 0, after_year=False)
    if bare is None or s in ("年", "年度"):
        return None
    if year is None:
        raise PeriodError(
            f"{text!s} has no year",
            "put it under a year heading (2024年) or write the year in it (2024年3月)",
            "period_no_year",
            text=str(text),
        )
    return bare


def from_code(year: int | None, code: object) -> Period:
    """The Period of a stored (year, period) pair; PeriodError when the code is malformed or disagrees with year."""
    if code is None or code != code or str(code) in ("", "<NA>"):  # NaN/NA: a yearly value
        if year is None:
            raise PeriodError("a value has no year", "give the year", "period_no_year", text="")
        return Period(int(year), None)
    text = str(code)
    if _MONTH_CODE.fullmatch(text) or _QUARTER_CODE.fullmatch(text) or _SPAN_CODE.fullmatch(text):
        y = int(text[:4])
        rest = text[5:]
        try:
            if rest.startswith("Q"):
                period = _period(y, quarter=int(rest[1]))
            else:
                first, _, last = rest.partition("~")
                period = _period(y, int(first), int(last) if last else None)
        except PeriodError as exc:  # name the code as written, not only the month in it
            raise PeriodError(f"period {text}: {exc.message}", exc.fix or "", exc.key, **exc.fmt) from exc
        if period.code != text:
            raise PeriodError(
                f"period {text} is not canonical", f"write it as {period.code}", "period_bad_code", code=text
            )
        if year is not None and int(year) != y:
            raise PeriodError(
                f"period {text} is not in year {year}",
                f"set the year to {y}",
                "period_wrong_year",
                code=text,
                year=year,
            )
        return period
    raise PeriodError(
        f"period {text} is not a period code",
        "write YYYY-MM (2024-05), YYYY-Qn (2024-Q2) or YYYY-MM~MM (2023-01~06), or leave it empty for a year",
        "period_bad_code",
        code=text,
    )


def kind(code: object) -> Kind:
    """The kind of a period code: None/NA -> 'year'."""
    if code is None or code != code or str(code) in ("", "<NA>"):
        return "year"
    text = str(code)
    if _MONTH_CODE.fullmatch(text):
        return "month"
    if _QUARTER_CODE.fullmatch(text):
        return "quarter"
    if _SPAN_CODE.fullmatch(text):
        return "span"
    raise PeriodError(
        f"period {text} is not a period code", "write YYYY-MM, YYYY-Qn or YYYY-MM~MM", "period_bad_code", code=text
    )


def months(code: object) -> tuple[int, ...]:
    """The months a period covers: a year all twelve, 2024-Q2 (4, 5, 6), 2023-01~06 (1..6)."""
    k = kind(code)
    if k == "year":
        return tuple(range(1, 13))
    text = str(code)
    if k == "quarter":
        q = int(text[-1])
        return tuple(range(3 * q - 2, 3 * q + 1))
    first, _, last = text[5:].partition("~")
    return tuple(range(int(first), int(last or first) + 1))


def label(period: Period, tr: _Translates) -> str:
    """How a person reads the period: '2024年5月' / 'May 2024', '2024年第二季度' / 'Q2 2024', '2023年1-6月'."""
    k = period.kind
    if k == "year":
        return tr.t("period_year", year=period.year)
    if k == "quarter":
        return tr.t("period_quarter", year=period.year, q=int(str(period.code)[-1]))
    names = tr.t("period_month_names").split("|")
    ms = period.months
    if k == "month":
        return tr.t("period_month", year=period.year, month=ms[0], name=names[ms[0] - 1])
    return tr.t(
        "period_span",
        year=period.year,
        first=ms[0],
        last=ms[-1],
        first_name=names[ms[0] - 1],
        last_name=names[ms[-1] - 1],
    )
