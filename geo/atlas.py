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
from geo.regions import RegionIndex, load_region_index
from geo.sections import load_builtin_sections, section_rate_values
from geo.settings import Settings
from geo.values import combine, split_allocations, with_allocations
from geo.view import build_view


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

    def values(self, user: pd.DataFrame | None = None) -> pd.DataFrame:
        """Built-in values with the user's rows on top (a user row replaces a built-in one for the same key).

        Without a user table this is the built-in table itself (already canonical): read it, do not modify it."""
        if user is None or not len(user):
            return self.builtin_values
        # Allocated targets (rows without a value) must not replace a value of the same key: applied after.
        values, allocations = split_allocations(user)
        return with_allocations(combine(self.builtin_values, values), allocations)

    def years(self, indicator: str, user: pd.DataFrame | None = None) -> list[int]:
        """Years with at least one value of the indicator, newest first."""
        ind = self.catalog.get(indicator)  # an unknown id raises the catalog's error, with the valid ones
        years = _years_by_indicator(self.values(user)) if user is not None and len(user) else self._builtin_years
        return list(years.get(ind.id, []))

    @cached_property
    def _builtin_years(self) -> dict[str, tuple[int, ...]]:
        # Asked for on every rerun (sidebar, link check): computed once per atlas, which never changes.
        return _years_by_indicator(self.builtin_values)

    def view(self, indicator: str, year: int, level: str, user: pd.DataFrame | None = None) -> gpd.GeoDataFrame:
        """The joined layer for one indicator, year and level (see geo.view.build_view)."""
        if level not in self.pack.map_levels:
            raise UnknownLevel(f"level {level!r} cannot be mapped", f"use one of {', '.join(self.pack.map_levels)}")
        return build_view(self.boundaries[level], self.values(user), self.regions, self.catalog, indicator, year, level)


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
        region_index=load_region_index(settings.data_dir),
        boundaries=boundaries,
        builtin_values=combine(builtin.values, *section_values),
        sections=sections,
        unused_official=builtin.unused_official,
    )
