"""Value classes: every value lands in the class whose bounds hold it; unknown schemes are named."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.classify import SCHEMES, classify
from geo.errors import AtlasError


@pytest.mark.parametrize("scheme", sorted(SCHEMES))
@given(values=st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=60))
def test_each_value_lies_within_its_class_bounds(scheme: str, values: list[float]) -> None:
    s = pd.Series(values)
    classes = classify(s, scheme, k=5)
    idx = classes.assign(s)
    for v, i in zip(values, idx):
        lo, hi = classes.bounds[i], classes.bounds[i + 1]
        assert lo - 1e-9 <= v <= hi + 1e-9
    assert sum(classes.counts) == len(values)


def test_missing_values_get_no_class_and_are_not_counted() -> None:
    s = pd.Series([1.0, None, 3.0, 5.0])
    classes = classify(s, "equal_interval", k=2)
    assert classes.assign(s).isna().tolist() == [False, True, False, False]
    assert sum(classes.counts) == 3


def test_natural_breaks_is_deterministic() -> None:
    s = pd.Series([1, 1.2, 1.4, 5, 5.1, 5.3, 9, 9.5, 10.0])
    assert classify(s, "natural_breaks", 3) == classify(s, "natural_breaks", 3)
    assert classify(s, "natural_breaks", 3).bounds == (1.0, 1.4, 5.3, 10.0)


def test_unknown_scheme_lists_valid_ones() -> None:
    with pytest.raises(
        AtlasError, match="scheme 'jenks' is unknown; use one of quantiles, natural_breaks, equal_interval"
    ):
        classify(pd.Series([1.0]), "jenks")
