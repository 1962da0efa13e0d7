"""How a map is drawn: colouring mode, value classification, language, base map and where it opens."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd

from geo.datum import to_datum
from geo.pack import MapView

MODES = ("status", "value")


@dataclass(frozen=True)
class Basemap:
    """An opt-in tile layer: URL template, attribution and the datum its tiles are drawn in."""

    url: str
    attribution: str
    datum: str = "wgs84"


@dataclass(frozen=True)
class MapOptions:
    """How to draw: colouring mode, value classification, language, base map."""

    mode: str = "status"
    scheme: str = "quantiles"
    k: int = 5
    lang: str = "zh"
    basemap: Basemap | None = None
    static_url: str = "/app/static"
    view: MapView | None = None  # where the map opens (the region pack's); None: the whole world


def in_datum(gdf: gpd.GeoDataFrame, options: MapOptions) -> gpd.GeoDataFrame:
    """The frame in the datum of the map's tiles (WGS-84 without a base map)."""
    datum = options.basemap.datum if options.basemap else "wgs84"
    return to_datum(gdf, datum) if datum != "wgs84" else gdf
