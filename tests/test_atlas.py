"""geo.atlas: the values and years the sidebar and the link check read on every rerun."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from geo.atlas import Atlas
from geo.errors import UnknownIndicator
from geo.pack import load_pack
from geo.paths import DATA
from geo.values import normalise


def _atlas(catalog, rows) -> Atlas:
    values = normalise(pd.DataFrame(rows, columns=["adcode", "indicator", "year", "value", "provenance"]))
    return Atlas(
        pack=load_pack(DATA),
        catalog=catalog,
        regions=pd.DataFrame(),
        region_index=None,
        boundaries={},
        builtin_values=values,
        sections=gpd.GeoDataFrame(),
    )


BUILTIN = [
    ("360102", "forest_coverage", 2023, 60.0, "demo"),
    ("360102", "forest_coverage", 2024, 61.0, "demo"),
    ("360103", "forest_coverage", 2024, 62.0, "demo"),
    ("360000", "pm25", 2022, 30.0, "official"),
]


def test_years_are_newest_first_per_indicator(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    assert atlas.years("forest_coverage") == [2024, 2023]
    assert atlas.years("pm25") == [2022]
    assert atlas.years("wetland_protection_rate") == []  # in the catalog, no value yet


def test_a_users_table_adds_its_years_without_changing_the_builtin_ones(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    user = normalise(
        pd.DataFrame(
            {
                "adcode": ["360102"],
                "indicator": ["forest_coverage"],
                "year": [2025],
                "value": [63.5],
                "provenance": ["user"],
            }
        )
    )
    assert atlas.years("forest_coverage", user) == [2025, 2024, 2023]
    assert atlas.years("forest_coverage") == [2024, 2023]
    assert len(atlas.values(user)) == len(BUILTIN) + 1
    assert len(atlas.values()) == len(BUILTIN)


def test_a_user_row_replaces_the_builtin_row_of_the_same_key(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    user = normalise(
        pd.DataFrame(
            {
                "adcode": ["360103"],
                "indicator": ["forest_coverage"],
                "year": [2024],
                "value": [70.0],
                "provenance": ["user"],
            }
        )
    )
    values = atlas.values(user)
    row = values[(values["adcode"] == "360103") & (values["year"] == 2024)].iloc[0]
    assert (row["value"], row["provenance"]) == (70.0, "user")


def test_an_unknown_indicator_is_named_in_the_error(catalog_for_maps):
    with pytest.raises(UnknownIndicator, match="'no_such_indicator' is not an indicator"):
        _atlas(catalog_for_maps, BUILTIN).years("no_such_indicator")
