"""The indicator-dependent part of a map as plain data (choropleth properties, legend, symbols) and the context
outlines: the costly part, which callers may cache; the folium objects built from it are cheap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd

from geo.catalog import Indicator
from geo.i18n import Translator
from layers.js import script_json
from layers.legend import LegendSpec
from layers.options import MapOptions, in_datum
from layers.styles import notes, styles, symbols, target_line
from layers.tooltip import tooltip_rows


@dataclass(frozen=True)
class OverlayData:
    """The indicator-dependent part of a map as plain data: choropleth GeoJSON, legend, symbols (read-only)."""

    name: str
    props: str  # {adcode: {tip: text rows, style}} as script-safe JSON text, joined to the geometry by adcode
    legend: LegendSpec
    symbols: tuple[tuple[float, float, str], ...] | None  # (lat, lon, symbol) in status mode
    symbols_name: str


def overlay_data(view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions) -> OverlayData:
    """Everything the choropleth, legend and symbols of one view need (the costly part: cache it)."""
    tr = Translator(options.lang)
    shown = in_datum(view, options)
    looks, rows = styles(view, ind, options, tr)
    props = {str(code): {"tip": tooltip_rows(r, ind, tr), "style": looks[code]} for code, r in view.iterrows()}
    legend = LegendSpec(
        title=ind.name(options.lang) + f" · {int(view['year'].iloc[0])}",
        subtitle=target_line(ind, tr),
        rows=rows,
        notes=notes(view, tr),
    )
    return OverlayData(
        name=ind.name(options.lang),
        props=script_json(props),
        legend=legend,
        symbols=symbols(view, shown, options),
        symbols_name=tr.t("layer_symbols"),
    )


def outline_data(context: Mapping[str, gpd.GeoDataFrame] | None, level: str, options: MapOptions) -> dict[str, str]:
    """GeoJSON text of the context outlines drawn over `level` (cities, province), in the map's datum."""
    return {
        lv: script_json(in_datum(context[lv][["geometry"]], options).__geo_interface__)
        for lv in ("city", "province")
        if context and lv in context and lv != level
    }
