"""geo.atlas: the values and years the sidebar and the link check read on every rerun."""

from __future__ import annotations

from dataclasses import replace

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


def _user_row(adcode: str, year: int, value: float) -> pd.DataFrame:
    """A user's table of one forest-coverage row."""
    return normalise(
        pd.DataFrame(
            {
                "adcode": [adcode],
                "indicator": ["forest_coverage"],
                "year": [year],
                "value": [value],
                "provenance": ["user"],
            }
        )
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


def test_a_view_offers_the_years_with_values_else_the_target_year(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    assert atlas.years_offered("forest_coverage") == [2024, 2023]
    wetland = catalog_for_maps.get("wetland_protection_rate")
    assert atlas.years_offered("wetland_protection_rate") == [wetland.target_year]  # the page says "no values yet"


def test_a_users_table_adds_its_years_without_changing_the_builtin_ones(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    user = _user_row("360102", 2025, 63.5)
    assert atlas.years("forest_coverage", user) == [2025, 2024, 2023]
    assert atlas.years("forest_coverage") == [2024, 2023]
    assert len(atlas.values(user)) == len(BUILTIN) + 1
    assert len(atlas.values()) == len(BUILTIN)


def test_a_user_row_replaces_the_builtin_row_of_the_same_key(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    user = _user_row("360103", 2024, 70.0)
    values = atlas.values(user)
    row = values[(values["adcode"] == "360103") & (values["year"] == 2024)].iloc[0]
    assert (row["value"], row["provenance"]) == (70.0, "user")


def test_an_unknown_indicator_is_named_in_the_error(catalog_for_maps):
    with pytest.raises(UnknownIndicator, match="'no_such_indicator' is not an indicator"):
        _atlas(catalog_for_maps, BUILTIN).years("no_such_indicator")


# --- sub-year periods (issue 16): everything yearly reads yearly rows only ---
def _months(adcode: str, year: int, months, value: float) -> pd.DataFrame:
    return normalise(
        pd.DataFrame(
            {
                "adcode": adcode,
                "indicator": "pm25",
                "year": year,
                "period": [f"{year}-{m:02d}" for m in months],
                "value": value,
                "provenance": "user",
            }
        )
    )


def test_a_months_pm25_is_never_judged(catalog_for_maps):
    from geo.boundaries import load_regions
    from geo.scorecard import scorecard

    atlas = _atlas(catalog_for_maps, BUILTIN)
    user = _months("360000", 2026, [5], 80.0)  # a bad month in the target year
    assert len(atlas.values(user)) == len(BUILTIN)  # the yearly view has no row for it
    assert atlas.years("pm25", user) == [2022]
    assert len(atlas.sub_year_values(user)) == 1 and len(atlas.all_values(user)) == len(BUILTIN) + 1
    card = {c.indicator.id: c for c in scorecard(atlas.values(user), load_regions(), atlas.catalog)}["pm25"]
    assert card.year != 2026 and card.value != 80.0


def test_twelve_months_give_a_derived_year_labelled_as_such(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    values = atlas.values(_months("360102", 2025, range(1, 13), 31.0))
    row = values[(values["adcode"] == "360102") & (values["indicator"] == "pm25")].iloc[0]
    assert (row["year"], row["value"], row["provenance"], row["note"]) == (2025, 31.0, "derived", "mean of 12 months")
    eleven = atlas.values(_months("360102", 2025, range(1, 12), 31.0))
    assert not ((eleven["adcode"] == "360102") & (eleven["indicator"] == "pm25")).any()


def test_a_published_year_outranks_the_year_derived_from_its_months(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    values = atlas.values(_months("360000", 2022, range(1, 13), 40.0))
    row = values[(values["adcode"] == "360000") & (values["indicator"] == "pm25")].iloc[0]
    assert (row["value"], row["provenance"]) == (30.0, "official")


def test_the_bulletins_months_complete_no_year_so_no_year_is_derived_from_them():
    from geo.builtin import load_builtin
    from geo.catalog import load_catalog
    from geo.values import sub_year

    catalog = load_catalog()
    builtin = load_builtin(DATA, catalog, load_pack(DATA).root)
    months = sub_year(builtin.values)
    assert len(months) > 0
    per_year = months.groupby(["indicator", "year"])["period"].nunique()
    assert per_year.max() < 12  # 15 of 70 months were found: no year is complete
    atlas = replace(_atlas(catalog, []), builtin_values=builtin.values)
    assert not atlas.values()["note"].eq("mean of 12 months").any()


def test_a_session_tables_values_are_combined_once_and_a_new_table_is_not_mistaken_for_it(catalog_for_maps):
    atlas = _atlas(catalog_for_maps, BUILTIN)
    user = _months("360000", 2024, [5], 20.0)
    assert atlas.values(user) is atlas.values(user) and atlas.all_values(user) is atlas.all_values(user)
    other = _months("360000", 2024, [6], 21.0)
    assert atlas.sub_year_values(other)["period"].tolist() == ["2024-06"]


def test_an_atlas_made_by_replace_keeps_no_memo_of_its_original(catalog_for_maps):
    # A published version is the built-in atlas with other values (dataclasses.replace): a session's table combined
    # with the original's values must not come back from the new atlas.
    from dataclasses import replace

    base = _atlas(catalog_for_maps, BUILTIN)
    user = _user_row("360104", 2024, 50.0)
    assert len(base.values(user)) == len(BUILTIN) + 1
    one = pd.DataFrame(BUILTIN[:1], columns=["adcode", "indicator", "year", "value", "provenance"])
    published = replace(base, builtin_values=normalise(one))
    assert len(published.values(user)) == 2  # its own one built-in row and the user's, not the original's four
