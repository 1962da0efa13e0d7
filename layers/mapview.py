"""The folium map of one view: choropleth by status or value class, context outlines, symbols, legend, controls.

Two ways to draw it. `build_map` gives one complete map (tests, HTML export). The app draws a *base map*
(`base_map`: the outlines, which depend only on level, datum and language) and an *overlay*
(`overlay_groups` + `layer_control`: choropleth, its legend, status symbols, layer switch); `layers.script`
turns both into page scripts: the base script stays the same when the indicator, year or colouring
changes, so the page keeps its map and swaps only the overlay (zoom and pan kept). Everything expensive is
computed by `overlay_data` / `outline_data` as plain data that callers may cache; the folium objects built
from it are cheap and made afresh on every run (`layers.script` renames and re-parents them, so they are
never shared).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import folium
import geopandas as gpd
from folium.map import FitBounds

from geo.catalog import Indicator
from geo.i18n import Translator
from layers.assets import make_offline
from layers.geojson import HIGHLIGHT, GeoJsonText
from layers.geometry import GeometryRef
from layers.js import script_json
from layers.legend import Legend
from layers.options import MODES, Basemap, MapOptions, in_datum
from layers.overlay import OverlayData, outline_data, overlay_data
from layers.places import MapFurniture, Places, place_data, place_layers
from layers.script import LayerSwitch
from layers.styles import outline_style
from layers.symbols import SymbolLayer
from layers.tooltip import TOOLTIP_JS

# The names the page and the tests build maps with (one import for the whole drawing).
__all__ = [
    "MODES",
    "Basemap",
    "MapOptions",
    "OverlayData",
    "Places",
    "base_map",
    "build_map",
    "layer_control",
    "outline_data",
    "overlay_data",
    "overlay_groups",
    "place_data",
]


def base_map(
    options: MapOptions,
    outlines: Mapping[str, str | GeometryRef],
    extra: Sequence[folium.map.Layer | None] = (),
    places: Places | None = None,
) -> folium.Map:
    """The offline map with what does not depend on the indicator: extent, optional tiles, outlines (GeoJSON
    text, or the URL of a static file the browser fetches), `extra` layers on top (None ones skipped), and with
    `places` the water, the region names and the search box; a scale in km and a plain attribution always."""
    tr = Translator(options.lang)
    view = options.view
    m = folium.Map(
        location=list(view.centre) if view else [0, 0],
        zoom_start=view.zoom if view else 2,
        tiles=None,
        control_scale=False,  # Leaflet's own would show miles too: MapFurniture adds one in km
        prefer_canvas=False,
        max_bounds=False,
        # Quarter zoom steps: fitted at whole steps the province filled only ~40 % of a wide map.
        zoom_snap=0.25,
        zoom_delta=0.5,
        # The map fills most of a laptop's screen: a wheel over it scrolled the map out to a dot instead of the page.
        # Zoom is on the +/- buttons, a double click and a pinch.
        scroll_wheel_zoom=False,
    )
    make_offline(m, options.static_url)
    bounds = places.bounds if places is not None and places.bounds else (view.bounds if view else None)
    if bounds:
        FitView([list(bounds[0]), list(bounds[1])]).add_to(m)
    if options.basemap:
        folium.TileLayer(
            tiles=options.basemap.url,
            attr=options.basemap.attribution,
            name=tr.t("layer_basemap"),
            overlay=False,
            control=True,
        ).add_to(m)
    for level, key in (("city", "layer_cities"), ("province", "layer_province")):
        if level in outlines:
            GeoJsonText(outlines[level], name=tr.t(key), style=outline_style(level), interactive=False).add_to(m)
    credits: tuple[str, ...] = ()
    if places is not None:
        for layer in place_layers(places, tr):
            layer.add_to(m)
        credits = (tr.t("map_credit_lakes"),) if places.lakes is not None else ()
    MapFurniture(credits).add_to(m)
    for layer in extra:
        if layer is not None:
            layer.add_to(m)
    return m


def overlay_groups(data: OverlayData, geometry: GeometryRef) -> list[folium.FeatureGroup]:
    """The indicator layer (choropleth with its legend) and the status symbols, each its own toggleable group.

    The choropleth carries only its properties by adcode; the browser joins them to the features of
    `geometry` (fetched once per page, then reused from memory on every switch)."""
    choropleth_group = folium.FeatureGroup(name=data.name)
    choropleth, legend = _choropleth(data, None, geometry)
    choropleth.add_to(choropleth_group)
    choropleth_group.add_child(legend)
    groups = [choropleth_group]
    if data.symbols is not None:
        symbols_group = folium.FeatureGroup(name=data.symbols_name)
        SymbolLayer(list(data.symbols), data.symbols_name).add_to(symbols_group)
        groups.append(symbols_group)
    return groups


def layer_control() -> LayerSwitch:
    """The layer switcher (part of the overlay: the page replaces it with the groups it lists)."""
    return LayerSwitch(collapsed=True)


def build_map(
    view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions, context: Mapping[str, gpd.GeoDataFrame] | None = None
) -> folium.Map:
    """A complete offline folium map for one view (its geometry already simplified for display)."""
    data = overlay_data(view, ind, options)
    m = base_map(options, outline_data(context, view["level"].iloc[0], options))
    props = json.loads(data.props)
    shown = in_datum(view[["geometry"]], options)
    features = gpd.GeoDataFrame(
        {
            "adcode": view.index.astype(str),
            "tip": [props[str(c)]["tip"] for c in view.index],
            "style": [props[str(c)]["style"] for c in view.index],
        },
        geometry=shown.geometry.values,
        crs=shown.crs,
    )
    choropleth, legend = _choropleth(data, m, script_json(features.to_geo_dict(drop_id=True)))
    choropleth.add_to(m)
    m.add_child(legend)
    if data.symbols is not None:
        SymbolLayer(list(data.symbols), data.symbols_name).add_to(m)
    layer_control().add_to(m)
    return m


def _choropleth(data: OverlayData, m: folium.Map | None, geometry: str | GeometryRef) -> tuple[GeoJsonText, Legend]:
    """The choropleth: complete GeoJSON text (features with adcode, tip, style), or a fetched geometry joined
    to `data.props` by adcode."""
    props = data.props if isinstance(geometry, GeometryRef) else None
    layer = GeoJsonText(geometry, name=data.name, on_each_feature=TOOLTIP_JS, highlight=HIGHLIGHT, props=props)
    return layer, Legend(data.legend, layer, m)


class FitView(FitBounds):
    """folium's FitBounds, without the pan animation: animated, Leaflet draws the layers that arrive meanwhile
    and then projects and draws them all again when the pan ends (~30 ms of a first draw)."""

    def __init__(self, bounds: Sequence[Sequence[float]]) -> None:
        super().__init__(bounds)
        self.options["animate"] = False
