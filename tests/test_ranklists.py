"""geo/ranklists.py: the published monthly PM2.5 rank lists, every entry kept, names resolved to adcodes."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.paths import DATA
from geo.ranklists import city_ranks, listed, load_rank_lists, sources_of, zones_of
from geo.regions import load_region_index

FOLDER = DATA / "bulletins"


@pytest.fixture(scope="module")
def lists():
    return load_rank_lists(FOLDER, load_region_index())


def test_every_printed_entry_is_kept_with_its_source(lists) -> None:
    assert len(lists.counties) == len(pd.read_csv(FOLDER / "county_pm25_best_worst_lists.csv")) == 87
    assert len(lists.cities) == len(pd.read_csv(FOLDER / "city_pm25_rank_monthly.csv")) == 77
    assert lists.counties["source_url"].str.startswith("http").all()
    assert lists.cities["adcode"].notna().all()  # every city name resolves


def test_units_that_are_not_counties_are_kept_as_printed_without_a_code(lists) -> None:
    assert lists.not_counties == ["上饶经开区", "九江经开区", "新余高新区", "萍乡经开区"]
    zones = lists.counties[lists.counties["name"].str.contains("经开区|高新区")]
    assert zones["adcode"].isna().all() and len(zones) == 7


def test_a_county_is_listed_in_the_months_it_was_printed(lists) -> None:
    assert listed(lists, "360734") == {"best_ten": ["2021-10", "2023-01", "2024-05", "2025-01", "2025-06"]}  # 寻乌县
    worst = listed(lists, "360313")  # 湘东区
    assert set(worst) == {"worst_ten"} and len(worst["worst_ten"]) == 3
    assert listed(lists, "360000") == {} and sources_of(lists, "360734")[0].startswith("http")


def test_a_citys_monthly_ranks_say_of_how_many(lists) -> None:
    ranks = city_ranks(lists, "360100")  # 南昌市
    assert ranks["period"].tolist() == sorted(ranks["period"]) and (ranks["of"] == 11).all()
    assert ranks.set_index("period").loc["2024-05", "rank"] == 7


def test_a_pack_without_bulletins_has_empty_lists(tmp_path) -> None:
    empty = load_rank_lists(tmp_path, load_region_index())
    assert len(empty.counties) == len(empty.cities) == 0 and listed(empty, "360734") == {}


def test_a_development_zone_is_shown_with_its_city_as_printed(lists) -> None:
    assert zones_of(lists, "九江市") == {"九江经开区": {"worst_ten": ["2023-01", "2024-05", "2025-06"]}}
    assert zones_of(lists, "南昌市") == {} and zones_of(lists, "") == {}
    zone_sources = sources_of(lists, "360400", ["九江经开区"])
    printed = set(lists.counties.loc[lists.counties["name"] == "九江经开区", "source_url"])
    assert printed <= set(zone_sources) and set(sources_of(lists, "360400")) <= set(zone_sources)
