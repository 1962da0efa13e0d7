"""The province's published monthly PM2.5 rank lists: each city's rank, and the best-ten and worst-ten counties.

Ranks are facts as published (one row per printed entry, with its source), not values to colour a map by. Names
are resolved to adcodes through the region index; a listed unit without a county code (九江经开区, 新余高新区) is
kept as printed with no adcode, and said so.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.errors import CatalogError, UnknownRegion
from geo.regions import RegionIndex

CITY_RANKS = "city_pm25_rank_monthly.csv"
COUNTY_LISTS = "county_pm25_best_worst_lists.csv"
LISTS: tuple[str, ...] = ("best_ten", "worst_ten")  # as the bulletins name them: lowest / highest monthly PM2.5
_EXACT = ("name", "old name")  # a printed name must be a unit's name, not a guess from a short form or pinyin


@dataclass(frozen=True)
class RankLists:
    """cities: period, city, adcode, rank, source_url, quote; counties: period, list, position, name, adcode
    (<NA> for a unit without a county code), source_url."""

    cities: pd.DataFrame
    counties: pd.DataFrame

    @property
    def not_counties(self) -> list[str]:
        """Listed names that are not counties (development zones), kept as printed."""
        return sorted(set(self.counties.loc[self.counties["adcode"].isna(), "name"]))


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, pd.errors.ParserError) as exc:
        raise CatalogError(
            f"{path}: cannot be read ({exc})", "restore it from git (see data/bulletins/README.md)"
        ) from exc


def _read_or_empty(path: Path, columns: list[str]) -> pd.DataFrame:
    """The table, or an empty one with its columns when the pack has no such file."""
    return _read(path) if path.is_file() else pd.DataFrame({c: pd.Series(dtype="string") for c in columns})


def _code(index: RegionIndex, name: str, level: str) -> str | None:
    """The adcode of a printed name, or None when it names no unit of that level exactly."""
    try:
        match = index.match(name, level=level)
    except UnknownRegion:
        return None
    return match.adcode if match.via in _EXACT else None


def load_rank_lists(folder: Path, index: RegionIndex) -> RankLists:
    """The rank lists in a pack's bulletins folder (empty tables when it has none)."""
    cities = _read_or_empty(folder / CITY_RANKS, ["period", "city", "rank", "source_url", "quote"])
    counties = _read_or_empty(folder / COUNTY_LISTS, ["period", "list", "position", "name", "source_url"])
    city_codes = {n: _code(index, n, "city") for n in set(cities["city"])}
    unknown = sorted(n for n, c in city_codes.items() if c is None)
    if unknown:  # every city of the province is ranked; a name that is none is a transcription error
        raise CatalogError(f"{folder / CITY_RANKS}: {', '.join(unknown)} is not a city", "correct the name")
    county_codes = {n: _code(index, n, "county") for n in set(counties["name"])}
    cities = cities.assign(
        adcode=cities["city"].map(city_codes).astype("string"), rank=pd.to_numeric(cities["rank"]).astype("Int64")
    )
    counties = counties.assign(
        adcode=counties["name"].map(county_codes).astype("string"),
        position=pd.to_numeric(counties["position"]).astype("Int64"),
    )
    return RankLists(cities.reset_index(drop=True), counties.reset_index(drop=True))


def listed(lists: RankLists, adcode: str) -> dict[str, list[str]]:
    """{list: the months (YYYY-MM, oldest first) the county was in it}, only the lists it was in."""
    rows = lists.counties.loc[lists.counties["adcode"] == adcode]
    return {
        name: sorted(set(rows.loc[rows["list"] == name, "period"])) for name in LISTS if (rows["list"] == name).any()
    }


def zones_of(lists: RankLists, city_name_zh: str) -> dict[str, dict[str, list[str]]]:
    """{zone as printed: {list: months}} for the listed units that are not counties and whose printed name begins
    with the city's name without 市 (九江经开区 under 九江市): shown with the city, as printed."""
    short = city_name_zh.removesuffix("市")
    zones = lists.counties.loc[lists.counties["adcode"].isna() & lists.counties["name"].str.startswith(short)]
    return (
        {
            str(zone): {
                name: sorted(set(rows.loc[rows["list"] == name, "period"]))
                for name in LISTS
                if (rows["list"] == name).any()
            }
            for zone, rows in zones.groupby("name", sort=True)
        }
        if short
        else {}
    )


def city_ranks(lists: RankLists, adcode: str) -> pd.DataFrame:
    """A city's published monthly ranks (period, rank, of, source_url), oldest first; `of` counts the month's cities."""
    of = lists.cities.groupby("period")["city"].nunique()
    rows = lists.cities.loc[lists.cities["adcode"] == adcode, ["period", "rank", "source_url"]]
    return rows.assign(of=rows["period"].map(of).astype("Int64")).sort_values("period").reset_index(drop=True)


def sources_of(lists: RankLists, adcode: str, names: Collection[str] = ()) -> list[str]:
    """The addresses a region's rank entries (and those of the units printed as `names`) were read from, oldest
    month first, each once."""
    counties = lists.counties
    rows = pd.concat(
        [
            lists.cities.loc[lists.cities["adcode"] == adcode, ["period", "source_url"]],
            counties.loc[(counties["adcode"] == adcode) | counties["name"].isin(list(names)), ["period", "source_url"]],
        ]
    ).sort_values("period")
    return list(dict.fromkeys(rows["source_url"]))
