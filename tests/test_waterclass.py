"""Water-quality classes: every written form parses, labels round-trip, garbage is refused by name."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.errors import AtlasError
from geo.rules import Observation, assess
from geo.waterclass import COLOURS, EXAMPLE_FORMS, GOOD_WATER, class_colour, class_label, normalise_form, parse_class

ROMAN_UNI = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ", 5: "Ⅴ"}
ROMAN_ASCII = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
CHINESE = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


def forms_of(n: int) -> list[str]:
    """The written forms the issue lists for class n (by hand, not from the module's table)."""
    if n == 6:
        return ["劣Ⅴ", "劣V", "劣V类", "劣Ⅴ类", "劣五类", "劣五", "6", "Worse than V"]
    return [
        ROMAN_UNI[n],
        ROMAN_ASCII[n],
        str(n),
        CHINESE[n] + "类",
        ROMAN_UNI[n] + "类",
        ROMAN_ASCII[n] + "类",
        f"Class {ROMAN_ASCII[n]}",
    ]


def full_width(text: str) -> str:
    """ASCII letters/digits as their full-width forms (U+FF01..), as typed with a Chinese IME."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@st.composite
def written(draw) -> tuple[int, str]:
    n = draw(st.integers(1, 6))
    form = draw(st.sampled_from(forms_of(n)))
    if draw(st.booleans()):
        form = full_width(form)
    if draw(st.booleans()):
        form = form.lower()
    pad = st.sampled_from(["", " ", "\u3000", "  ", "\t"])
    return n, draw(pad) + form + draw(pad)


@given(written())
def test_every_accepted_form_parses(case):
    n, form = case
    assert parse_class(form) == n


@given(st.integers(1, 6), st.sampled_from(["zh", "en"]))
def test_label_parse_round_trip(n, lang):
    assert parse_class(class_label(n, lang)) == n


def test_labels_and_spacing_inside():
    assert class_label(2, "zh") == "Ⅱ类"
    assert class_label(2, "en") == "Class II"
    assert class_label(6, "zh") == "劣Ⅴ类"
    assert class_label(6, "en") == "Worse than V"
    assert parse_class("Ⅲ 类") == 3
    assert parse_class("劣 Ｖ 类") == 6
    assert parse_class(4) == 4 and parse_class(4.0) == 4


def test_examples_in_message_all_parse():
    for form in EXAMPLE_FORMS:
        parse_class(form)


# Also accepted, beyond the list: a bare Chinese numeral ('三'), a digit with 类 ('3类'), '劣5'.
EXTRA_FORMS = {"劣5", "劣5类"} | {f"{n}类" for n in range(1, 6)} | set(CHINESE.values())
GOOD_KEYS = {normalise_form(f) for n in range(1, 7) for f in forms_of(n)} | EXTRA_FORMS


@given(st.text(min_size=0, max_size=6))
def test_garbage_is_refused_with_the_value_and_the_forms(text):
    if normalise_form(text) in GOOD_KEYS:
        return
    with pytest.raises(AtlasError) as err:
        parse_class(text)
    assert f"'{text}' is not a water-quality class" in str(err.value)
    assert "Ⅱ, II, 2, 二类" in str(err.value)


@pytest.mark.parametrize("bad", ["0", "7", "VI", "劣Ⅳ", "II类水", "3.5", "", None, True, 7, 2.5, "Class"])
def test_specific_garbage(bad):
    with pytest.raises(AtlasError, match="is not a water-quality class"):
        parse_class(bad)


def meets(measured: object, target: object) -> bool:
    """A written class meets a written target when the class_at_most rule (what sections are judged by) says met;
    geo.waterclass.meets, which nothing but these tests called, said the same."""
    obs = Observation(value=parse_class(measured), target=parse_class(target), year=2024, target_year=2024)
    return assess("class_at_most", obs).status == "met"


def test_meets_is_at_or_better():
    assert meets("Ⅱ", "Ⅲ") and meets("Ⅲ", "Ⅲ")
    assert not meets("Ⅳ", "Ⅲ")
    assert not meets("劣V", "V") and meets(1, "劣Ⅴ类")


@given(st.integers(1, 6), st.integers(1, 6))
def test_meets_matches_ordinals(m, t):
    assert meets(class_label(m, "zh"), class_label(t, "en")) == (m <= t)


def test_colours_are_data_for_every_class():
    assert set(COLOURS) == {1, 2, 3, 4, 5, 6}
    assert class_colour(6) == COLOURS[6]
    assert all(c.startswith("#") and len(c) == 7 for c in COLOURS.values())
    assert parse_class("Ⅲ") <= GOOD_WATER < parse_class("Ⅳ")
    with pytest.raises(AtlasError, match="not a water-quality class ordinal"):
        class_label(0)


@given(st.integers(1, 6), st.integers(1, 6))
def test_meets_agrees_with_the_class_at_most_rule(m, t):
    status = assess("class_at_most", Observation(value=m, target=t, year=2024, target_year=2026)).status
    assert (status == "met") == meets(m, t) == (m <= t)
