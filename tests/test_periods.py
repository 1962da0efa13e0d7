"""geo/periods.py: header and cell texts read as periods, codes checked, labels in zh and en."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.i18n import Translator
from geo.periods import Period, PeriodError, from_code, kind, label, month_code, months, parse, span_code

years = st.integers(min_value=1990, max_value=2060)
month_numbers = st.integers(min_value=1, max_value=12)
CN = "一二三四五六七八九十"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def cn_number(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023", Period(2023)),
        ("2023年", Period(2023)),
        ("2023年度", Period(2023)),
        ("2023年1-6月", Period(2023, "2023-01~06")),
        ("2023年1月-6月", Period(2023, "2023-01~06")),
        ("2024年3月", Period(2024, "2024-03")),
        ("2024-03", Period(2024, "2024-03")),
        ("2024Q2", Period(2024, "2024-Q2")),
        ("2024年一季度", Period(2024, "2024-Q1")),
        ("2024年第四季度", Period(2024, "2024-Q4")),
        ("２０２４年　５月", Period(2024, "2024-05")),
        ("2022年全年", Period(2022)),
    ],
)
def test_headers_with_their_year(text: str, expected: Period) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [("3月", "2023-03"), ("十二月", "2023-12"), ("Q1", "2023-Q1"), ("一季度", "2023-Q1"), ("上半年", "2023-01~06")],
)
def test_a_header_under_a_year_heading_takes_that_year(text: str, code: str) -> None:
    assert parse(text, year=2023) == Period(2023, code)


def test_a_month_without_a_year_heading_is_an_error_naming_it_and_the_fix() -> None:
    with pytest.raises(PeriodError) as err:
        parse("3月")
    assert "3月" in str(err.value) and "year heading" in str(err.value) and err.value.key == "period_no_year"


@pytest.mark.parametrize("text", ["森林覆盖率", "3", "12", "", None, "1234", "单位：万亩", "注：2023年数据为初步统计"])
def test_texts_that_name_no_period(text: str | None) -> None:
    assert parse(text, year=2023) is None


def test_a_month_out_of_range_is_an_error() -> None:
    with pytest.raises(PeriodError, match="month 13"):
        parse("2024年13月")


@given(years, month_numbers, st.booleans(), st.booleans())
def test_any_month_written_any_way_reads_as_its_code(year: int, month: int, chinese: bool, full_width: bool) -> None:
    text = f"{year}年{cn_number(month) if chinese else month}月"
    if full_width:
        text = text.translate(FULL_WIDTH)
    period = parse(text)
    assert period == Period(year, month_code(year, month)) and period.kind == "month" and period.months == (month,)


@given(years, month_numbers, month_numbers)
def test_a_span_of_months_reads_as_a_cumulative_code(year: int, a: int, b: int) -> None:
    first, last = min(a, b), max(a, b)
    period = parse(f"{year}年{first}-{last}月")
    assert period is not None and period.months == tuple(range(first, last + 1))
    assert period.code == span_code(year, first, last)
    assert from_code(year, period.code) == period  # codes round-trip


@given(years, st.integers(min_value=1, max_value=4))
def test_quarters_cover_their_three_months(year: int, q: int) -> None:
    period = parse(f"{year}Q{q}")
    assert (
        period is not None and kind(period.code) == "quarter" and months(period.code) == (3 * q - 2, 3 * q - 1, 3 * q)
    )


@given(st.text(max_size=12))
def test_parse_never_fails_except_with_a_period_error(text: str) -> None:
    try:
        parse(text, year=2024)
    except PeriodError:
        pass


@pytest.mark.parametrize("code", ["2024-5", "2024-13", "2024-Q5", "2024-06~01", "May 2024", "2024-01~01"])
def test_malformed_codes_are_refused(code: str) -> None:
    with pytest.raises(PeriodError):
        from_code(None, code)


def test_a_code_must_agree_with_its_year() -> None:
    with pytest.raises(PeriodError, match="not in year 2023"):
        from_code(2023, "2024-05")
    assert from_code(2024, None) == Period(2024) and kind(None) == "year" and len(months(None)) == 12


def test_labels_in_both_languages() -> None:
    zh, en = Translator("zh"), Translator("en")
    assert label(Period(2024, "2024-05"), zh) == "2024年5月" and label(Period(2024, "2024-05"), en) == "May 2024"
    assert label(Period(2024, "2024-Q2"), zh) == "2024年第2季度" and label(Period(2024, "2024-Q2"), en) == "Q2 2024"
    assert label(Period(2023, "2023-01~06"), zh) == "2023年1-6月"
    assert label(Period(2023), zh) == "2023年" and label(Period(2023), en) == "2023"
