"""geo/values.py: the canonical table, how tables combine, and allocated targets laid over values."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.values import combine, normalise, split_allocations, with_allocations


def table(rows: list[tuple]) -> pd.DataFrame:
    t = pd.DataFrame(rows, columns=["adcode", "indicator", "year", "value", "target"])
    t["provenance"] = "user"
    return normalise(t)


VALUES = table(
    [
        ("360101", "reserve", 2024, 30.0, None),
        ("360101", "reserve", 2025, 35.0, None),
        ("360102", "reserve", 2025, 20.0, 25.0),
    ]
)


def test_an_allocation_row_is_a_target_without_a_value() -> None:
    values, allocations = split_allocations(
        table([("360101", "reserve", 2025, 35.0, None), ("360101", "reserve", None, None, 40.0)])
    )
    assert list(values["value"]) == [35.0] and list(allocations["target"]) == [40.0]


def test_a_yearless_allocation_holds_for_every_year_and_a_years_own_allocation_wins() -> None:
    allocations = table([("360101", "reserve", None, None, 40.0), ("360101", "reserve", 2025, None, 45.0)])
    out = with_allocations(VALUES, allocations).set_index(["adcode", "year"])
    assert out.loc[("360101", 2024), "target"] == 40.0
    assert out.loc[("360101", 2025), "target"] == 45.0
    assert out.loc[("360102", 2025), "target"] == 25.0  # the row's own target is kept


def test_an_allocation_never_replaces_a_value_and_a_region_without_one_keeps_its_target() -> None:
    allocations = table([("360101", "reserve", 2025, None, 50.0), ("360103", "reserve", 2025, None, 10.0)])
    out = with_allocations(VALUES, allocations).set_index(["adcode", "year"])
    assert out.loc[("360101", 2025), "value"] == 35.0
    assert pd.isna(out.loc[("360103", 2025), "value"]) and out.loc[("360103", 2025), "target"] == 10.0


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["360101", "360102", "360103"]),
            st.sampled_from([None, 2024, 2025]),
            st.floats(min_value=0, max_value=1000, allow_nan=False),
        ),
        max_size=6,
    )
)
def test_allocations_change_targets_only(allocs: list[tuple]) -> None:
    allocations = table([(code, "reserve", year, None, target) for code, year, target in allocs])
    out = with_allocations(VALUES, allocations)
    kept = out.merge(VALUES, on=["adcode", "indicator", "year"], suffixes=("", "_before"))
    assert len(kept) == len(VALUES)  # every value row is still there
    assert (kept["value"] == kept["value_before"]).all()
    assert out.loc[out["value"].isna(), "target"].notna().all()  # added rows are allocations
    assert out["year"].notna().all()


def test_a_later_table_replaces_the_row_of_an_earlier_one() -> None:
    out = combine(VALUES, table([("360101", "reserve", 2025, 36.0, None)]))
    assert out.set_index(["adcode", "year"]).loc[("360101", 2025), "value"] == 36.0 and len(out) == 3
