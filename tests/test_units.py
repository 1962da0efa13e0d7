"""geo/units.py: which units convert, by how much, and which refuse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.units import UNITS, factor, unit_in_title, unit_key


@pytest.mark.parametrize(
    "found, wanted, expected",
    [
        ("公顷", "万亩", 0.0015),
        ("亩", "万亩", 0.0001),
        ("万亩", "公顷", 10_000 / 15),
        ("μg/L", "mg/L", 0.001),
        ("微克/升", "mg/l", 0.001),
        ("％", "%", 1.0),
        ("万 亩", "万亩", 1.0),
    ],
)
def test_safe_conversions(found, wanted, expected):
    assert factor(found, wanted) == pytest.approx(expected)


@pytest.mark.parametrize("found, wanted", [("万亩", "%"), ("个", "%"), ("吨", "万亩"), ("mg/L", "μg/m³")])
def test_unsafe_conversions_are_refused(found, wanted):
    assert factor(found, wanted) is None


@given(st.sampled_from(sorted(UNITS)), st.sampled_from(sorted(UNITS)))
def test_a_conversion_there_and_back_is_one(a, b):
    there, back = factor(a, b), factor(b, a)
    assert (there is None) == (back is None)
    if there is not None and back is not None:
        assert there * back == pytest.approx(1.0)


def test_units_in_titles():
    assert unit_in_title("单位：万亩") == "万亩" and unit_in_title("计量单位: 公顷") == "公顷"
    assert unit_in_title("表3-2 森林覆盖率") is None
    assert unit_key("μg/m³") == unit_key("ug/m3".replace("u", "μ"))
