"""Everything the map and the CLI read, loaded once: catalog, regions, boundaries, built-in values and sections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import geopandas as gpd
import pandas as pd

from geo.boundaries import load_boundaries, load_regions
from geo.builtin import load_builtin
from geo.catalog import Catalog, catalog_of
from geo.errors import UnknownLevel
from geo.pack import Pack, load_pack
from geo.ranklists import RankLists, load_rank_lists
from geo.regions import RegionIndex, load_region_index
from geo.sections import load_builtin_sections, section_rate_values
from geo.settings import Settings
from geo.values import combine, split_allocations, sub_year, with_allocations, yearly, yearly_from_months
from geo.view import build_view, level_values


@dataclass(frozen=True)
class Atlas:
    """The loaded, read-only state; user values are passed in per call, never stored here."""

    pack: Pack
    catalog: Catalog
    regions: pd.DataFrame
    region_index: RegionIndex
    boundaries: Mapping[str, gpd.GeoDataFrame]
    builtin_values: pd.DataFrame
    sections: gpd.GeoDataFrame
    unused_official: pd.DataFrame = field(default_factory=pd.DataFrame)
    unused_bulletins: pd.DataFrame = field(default_factory=pd.DataFrame)
    rank_lists: RankLists | None = None  # the bulletins' monthly PM2.5 ranks: facts shown in panels, never mapped
    # A page run asks for the same session table's values several times (map, panel, province line, downloads):
    # the last few are kept, keyed by the table object itself (held, so its id is not reused while kept).
    # Not init fields: an atlas made by dataclasses.replace (the display copy, a published version) starts with
    # memos of its own, never its original's, which hold other values.
    _memo: dict[int, tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    # The built-in values of one indicator at a level, by (indicator, level): a city's aggregate of its counties
    # took 0.3 s of every city view; at most indicators x levels small tables, as long as the atlas.
    _level_memo: dict[tuple[str, str], pd.DataFrame] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def values(self, user: pd.DataFrame | None = None) -> pd.DataFrame:
        """The yearly values: built-in ones with the user's rows on top (a user row replaces a built-in one for the
        same key), plus a year derived from 12 months where no yearly value exists. Maps, judging, the scorecard,
        comparison and aggregation read this, so a yearly target is never judged on a month.

        Without a user table this is the atlas's own table (already canonical): read it, do not modify it."""
        if user is None or not len(user):
            return self._builtin_yearly
        return self._combined(user)[1]

    def all_values(self, user: pd.DataFrame | None = None) -> pd.DataFrame:
        """Every value, yearly and sub-year (monthly, quarterly, spans): what exports and time series read."""
        if user is None or not len(user):
            return self.builtin_values
        return self._combined(user)[0]

    def _combined(self, user: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(all values, yearly values) with a user table, computed once per table object (tables are not
        modified in place anywhere: every geo function returns a new one)."""
        hit = self._memo.get(id(user))
        if hit is not None and hit[0] is user:
            return hit[1], hit[2]
        # Allocated targets (rows without a value) must not replace a value of the same key: applied after.
        values, allocations = split_allocations(user)
        everything = with_allocations(combine(self.builtin_values, values), allocations)
        out = (everything, self._yearly(everything))
        try:
            while len(self._memo) >= 4:  # a few sessions' tables at most
                self._memo.pop(next(iter(self._memo)), None)
        except (RuntimeError, StopIteration):  # another session's thread changed it meanwhile: it is only a memo
            pass
        self._memo[id(user)] = (user, *out)
        return out

    def sub_year_values(self, user: pd.DataFrame | None = None) -> pd.DataFrame:
        """The monthly, quarterly and span values (built-in and the user's): shown as series, never judged."""
        if user is None or not len(user):
            return self._builtin_sub_year
        return sub_year(self.all_values(user))

    @cached_property
    def _builtin_sub_year(self) -> pd.DataFrame:
        return sub_year(self.builtin_values)

    @cached_property
    def _builtin_yearly(self) -> pd.DataFrame:
        return self._yearly(self.builtin_values)

    def _yearly(self, values: pd.DataFrame) -> pd.DataFrame:
        """The yearly rows, with a derived year (mean of 12 months) under any yearly row of the same key."""
        months = sub_year(values)
        if not len(months):
            return yearly(values)
        averaged = [i.id for i in self.catalog.indicators if i.aggregation not in ("sum", "count")]
        derived = yearly_from_months(months, averaged)
        return combine(derived, yearly(values)) if len(derived) else yearly(values)

    def years(self, indicator: str, user: pd.DataFrame | None = None) -> list[int]:
        """Years with at least one value of the indicator, newest first."""
        ind = self.catalog.get(indicator)  # an unknown id raises the catalog's error, with the valid ones
        years = _years_by_indicator(self.values(user)) if user is not None and len(user) else self._builtin_years
        return list(years.get(ind.id, []))

    def years_offered(self, indicator: str, user: pd.DataFrame | None = None) -> list[int]:
        """The years a view of the indicator can show: those with values, newest first, else its target year (the
        view then says there are no values yet)."""
        return self.years(indicator, user) or [self.catalog.get(indicator).target_year]

    @cached_property
    def _builtin_years(self) -> dict[str, tuple[int, ...]]:
        # Asked for on every rerun (sidebar, link check): computed once per atlas, which never changes.
        return _years_by_indicator(self._builtin_yearly)

    def view(self, indicator: str, year: int, level: str, user: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
        """The joined layer for one indicator, year and level (see geo.view.build_view)."""
        if level not in self.pack.map_levels:
            raise UnknownLevel(f"level {level!r} cannot be mapped", f"use one of {', '.join(self.pack.map_levels)}")
        leveled = self._builtin_level(indicator, level) if user is None or not len(user) else None
        return build_view(
            self.boundaries[level], self.values(user), self.regions, self.catalog, indicator, year, level, leveled
        )

    def _builtin_level(self, indicator: str, level: str) -> pd.DataFrame:
        """The built-in values of `indicator` at `level`, aggregated once per atlas (read-only)."""
        hit = self._level_memo.get((indicator, level))
        if hit is None:
            values = self._builtin_yearly
            mine = values.loc[values["indicator"].astype(str) == self.catalog.get(indicator).id]
            hit = self._level_memo[(indicator, level)] = level_values(mine, self.regions, self.catalog, level)
        return hit


def _years_by_indicator(values: pd.DataFrame) -> dict[str, tuple[int, ...]]:
    """{indicator: years with at least one value, newest first}."""
    known = values.dropna(subset=["year"])
    return {
        str(ind): tuple(sorted({int(y) for y in years}, reverse=True))
        for ind, years in known.groupby("indicator", observed=True)["year"]
    }


def load_atlas(settings: Settings) -> Atlas:
    """Read the region pack in settings.data_dir once: its manifest, catalog, boundaries, values and sections."""
    pack = load_pack(settings.data_dir)
    catalog = catalog_of(pack)
    boundaries = {level: load_boundaries(level, settings.data_dir) for level in pack.levels}
    regions = load_regions(settings.data_dir)
    builtin = load_builtin(settings.data_dir, catalog, pack.root)
    region_index = load_region_index(settings.data_dir)
    sections = load_builtin_sections(boundaries[pack.leaf], pack, settings).sections
    section_values = (
        [section_rate_values(sections, regions, int(y)) for y in sorted(sections["year"].dropna().unique())]
        if len(sections)
        else []
    )
    return Atlas(
        pack=pack,
        catalog=catalog,
        regions=regions,
        region_index=region_index,
        boundaries=boundaries,
        builtin_values=combine(builtin.values, *section_values),
        sections=sections,
        unused_official=builtin.unused_official,
        unused_bulletins=builtin.unused_bulletins,
        rank_lists=load_rank_lists(settings.data_dir / "bulletins", region_index),
    )
