"""geo/cells.py: what one cell means. Each parser reads what people write (round trip) and refuses the rest with
a ValueProblem naming the cell's text; the value-type registry lists its names on an unknown one."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from geo.cells import (
    MISSING_MARKS,
    VALUE_PARSERS,
    Parsed,
    ValueProblem,
    header_key,
    is_missing,
    parse_month,
    parse_number,
    parse_value,
    parse_water_class,
    parse_year,
    place_key,
    value_type_names,
)
from geo.errors import AtlasError, CatalogError
from geo.waterclass import class_label

YEARS = (2000, 2035)


def full_width(text: str) -> str:
    """ASCII digits and signs as their full-width forms (U+FF01..), as typed with a Chinese IME."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# ------------------------------------------------------------------ numbers (moved from test_importer.py)
@pytest.mark.parametrize(
    "text, unit, expected",
    [
        ("63.1", "%", Parsed(63.1)),
        (" 63.1% ", "%", Parsed(63.1)),
        ("６３．１％", "%", Parsed(63.1)),
        ("3,079", "万亩", Parsed(3079.0)),
        ("1,234,567.5", "", Parsed(1234567.5)),
        ("-2", "", Parsed(-2.0)),
        ("", "%", Parsed(None)),
        ("—", "%", Parsed(None)),
        ("N/A", "%", Parsed(None)),
        ("5%", "万亩", Parsed(5.0, "'5%' has a percent sign but the unit is 万亩; read as 5")),
    ],
)
def test_parse_number_examples(text, unit, expected):
    assert parse_number(text, unit) == expected


@pytest.mark.parametrize("text", ["inf", "-inf", "1e999", "1,2", "12,34", "1.2.3", "%", "0x10", "1_000"])
def test_parse_number_refuses(text):
    with pytest.raises(ValueProblem):
        parse_number(text, "%")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12), st.booleans())
def test_parse_number_round_trips_written_numbers(x, percent):
    text = f"{x:,.6f}" + ("%" if percent else "")
    parsed = parse_number(text, "%")
    assert parsed.value is not None and math.isclose(parsed.value, round(x, 6), rel_tol=1e-12, abs_tol=1e-9)


@given(st.text(max_size=20))
def test_parse_number_gives_a_finite_number_missing_or_a_problem(text):
    try:
        parsed = parse_number(text, "%")
    except ValueProblem as exc:
        assert exc.message and exc.fix
        return
    assert parsed.value is None or math.isfinite(parsed.value)


@given(st.integers(-(10**9), 10**9), st.booleans())
def test_parse_number_reads_full_width_and_thousands(n, wide):
    text = f"{n:,}"
    assert parse_number(full_width(text) if wide else text).value == float(n)


@given(st.text(alphabet="abcdefxyz#@!?¥", min_size=1, max_size=6))
def test_parse_number_names_the_text_it_refuses(text):
    assume(not is_missing(text))
    with pytest.raises(ValueProblem) as err:
        parse_number(text)
    assert f"'{text.strip()}'" in err.value.message and err.value.fix


# ------------------------------------------------------------------ water classes
@given(st.integers(1, 6), st.sampled_from(["zh", "en"]), st.sampled_from(["", " ", "\u3000"]))
def test_parse_water_class_round_trips_labels(n, lang, pad):
    assert parse_water_class(pad + class_label(n, lang) + pad) == Parsed(float(n))


@given(st.sampled_from(sorted(MISSING_MARKS)), st.booleans())
def test_missing_marks_are_no_value_for_both_types(mark, upper):
    text = mark.upper() if upper else mark
    assert parse_water_class(text) == Parsed(None) and parse_number(text) == Parsed(None)


@given(st.text(alphabet="ⅦⅧ789abcQ类水", min_size=1, max_size=5))
def test_parse_water_class_names_the_text_it_refuses(text):
    assume(not is_missing(text))
    try:
        parse_water_class(text)
    except ValueProblem as exc:
        assert f"'{text.strip()}' is not a water-quality class" == exc.message and "Ⅱ, II, 2, 二类" in exc.fix
    else:
        pytest.fail(f"{text!r} was read as a class")


# ------------------------------------------------------------------ years and months
@given(st.integers(*YEARS), st.sampled_from(["{}", "{}年", "{}.0", " {} "]), st.booleans())
def test_parse_year_round_trips_written_years(year, form, wide):
    text = form.format(year)
    assert parse_year(full_width(text) if wide else text, YEARS) == year


@given(st.integers(1000, 9999))
def test_parse_year_outside_the_range_names_the_year(year):
    assume(not YEARS[0] <= year <= YEARS[1])
    with pytest.raises(ValueProblem) as err:
        parse_year(str(year), YEARS)
    assert err.value.message == f"year {year} is outside 2000-2035" and err.value.fix == "check the year"
    with pytest.raises(ValueProblem, match="the atlas covers"):
        parse_year(str(year), YEARS, outside="check the year; the atlas covers 2000-2035")


@given(st.text(max_size=6))
def test_parse_year_refuses_what_is_not_four_digits(text):
    try:
        year = parse_year(text, YEARS)
    except ValueProblem as exc:
        assert exc.message in (f"'{text}' is not a year", "the year is blank") or exc.message.endswith(
            "is outside 2000-2035"
        )
        assert exc.fix
    else:
        assert YEARS[0] <= year <= YEARS[1]


@given(st.integers(1, 12), st.sampled_from(["{}", "{}月", "{:02d}", "{}.0"]), st.booleans())
def test_parse_month_round_trips_written_months(month, form, wide):
    text = form.format(month)
    assert parse_month(full_width(text) if wide else text) == month


@given(st.one_of(st.integers(13, 99).map(str), st.just("0"), st.text(alphabet="abc-—/", min_size=1, max_size=4)))
def test_parse_month_names_the_text_it_refuses(text):
    with pytest.raises(ValueProblem) as err:
        parse_month(text)
    assert err.value.message == f"'{text}' is not a month"


def test_a_blank_month_is_a_whole_year():
    assert parse_month("") is None and parse_month("月") is None


# ------------------------------------------------------------------ words
def test_header_and_place_keys():
    assert header_key(" Year ") == "year" and header_key("年 份") == "年份"
    assert header_key("Section_Name") == "sectionname"
    assert place_key("樟树市") == place_key("樟树") == "樟树" and place_key("南康区") == place_key("南康市")
    assert place_key("县") == "县"  # a single character is a name, not a suffix


# ------------------------------------------------------------------ the registry
def test_value_types_are_a_read_only_registry():
    assert value_type_names() == ("number", "water_class")
    assert all(name == p.name and p.meaning and p.example for name, p in VALUE_PARSERS.items())
    with pytest.raises(TypeError):
        VALUE_PARSERS["x"] = VALUE_PARSERS["number"]  # type: ignore[index]


@given(st.sampled_from(list(VALUE_PARSERS)))
def test_every_example_of_a_value_type_parses(name):
    for text in VALUE_PARSERS[name].example.split(", "):
        assert parse_value(name, text).value is not None


def test_an_unknown_value_type_lists_the_names():
    with pytest.raises(CatalogError) as err:
        parse_value("class", "Ⅱ")
    assert str(err.value) == "'class' is not a value type; use one of number, water_class"


def test_a_value_problem_is_a_domain_error():
    assert issubclass(ValueProblem, AtlasError)


@given(
    st.sampled_from(["—", "——", "…", "……", "-", "－", "/", "空", "无", "..."]),
    st.sampled_from(["", " ", "\u3000", "\u3000\u3000"]),
)
def test_yearbook_missing_marks_padded_with_any_spaces_are_missing(mark, pad):
    assert is_missing(pad + mark + pad) and parse_number(pad + mark + pad).value is None
