"""A thin outline over the regions chosen for comparison, drawn on top of the map and never catching clicks."""

from __future__ import annotations

from collections.abc import Sequence

import folium
import geopandas as gpd

from geo.datum import to_datum

HIGHLIGHT_STYLE = {"fillOpacity": 0.0, "color": "#000000", "weight": 3, "opacity": 0.9, "dashArray": None}


def highlight_layer(
    boundaries: gpd.GeoDataFrame, adcodes: Sequence[str], name: str, datum: str = "wgs84"
) -> folium.GeoJson | None:
    """An outline layer of the given regions (boundaries indexed by adcode); None when none of them is there."""
    chosen = boundaries.loc[[c for c in dict.fromkeys(str(a) for a in adcodes) if c in boundaries.index]]
    if chosen.empty:
        return None
    shown = to_datum(chosen, datum) if datum != "wgs84" else chosen
    return folium.GeoJson(
        shown[["geometry"]].__geo_interface__,
        name=name,
        interactive=False,
        control=True,
        style_function=lambda _: dict(HIGHLIGHT_STYLE),
    )
