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
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element
from folium.elements import ElementAddToElement
from folium.map import FitBounds, Layer
from jinja2 import Template

from geo.catalog import Indicator
from geo.classify import Classes, classify
from geo.datum import to_datum
from geo.i18n import Translator
from geo.pack import MapView
from geo.rules import RULES, STATUSES
from layers.assets import make_offline
from layers.geometry import GeometryRef, geojson_text
from layers.legend import Legend, LegendRow, LegendSpec
from layers.script import LayerSwitch
from layers.palette import PROVENANCE_MARKS, STATUS_STYLES, class_colours
from layers.symbols import SymbolLayer
from layers.tooltip import TOOLTIP_JS, fmt_number, target_text, tooltip_rows

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
    shown = _in_datum(view, options)
    styles, rows = _styles(view, ind, options, tr)
    props = {str(code): {"tip": tooltip_rows(r, ind, tr), "style": styles[code]} for code, r in view.iterrows()}
    legend = LegendSpec(title=ind.name(options.lang) + f" · {int(view['year'].iloc[0])}",
                        subtitle=_target_line(ind, tr), rows=rows, notes=_notes(view, tr))
    symbols = _symbols(view, shown, options)
    return OverlayData(name=ind.name(options.lang), props=geojson_text(props), legend=legend,
                       symbols=symbols, symbols_name=tr.t("layer_symbols"))


def _symbols(view: gpd.GeoDataFrame, shown: gpd.GeoDataFrame,
             options: MapOptions) -> tuple[tuple[float, float, str], ...] | None:
    """Per region: its status symbol (status mode: status never rests on colour alone, ✓ ≈ ✗ ?) followed by the
    mark of a demo or user value (both modes), so that what is not official shows on the map itself."""
    status = view["status"].fillna("no_data").astype(str)
    marks = view["provenance"].map(lambda p: PROVENANCE_MARKS.get(str(p), "") if pd.notna(p) else "")
    by_status = options.mode == "status"
    if not by_status and not marks.astype(bool).any():
        return None
    points = shown.geometry.representative_point()
    out = []
    for code, pt in points.items():
        text = (STATUS_STYLES[status[code]].symbol if by_status else "") + marks[code]
        if text:
            out.append((round(pt.y, 5), round(pt.x, 5), text))
    return tuple(out)


def outline_data(context: Mapping[str, gpd.GeoDataFrame] | None, level: str,
                 options: MapOptions) -> dict[str, str]:
    """GeoJSON text of the context outlines drawn over `level` (cities, province), in the map's datum."""
    return {lv: geojson_text(_in_datum(context[lv][["geometry"]], options).__geo_interface__)
            for lv in ("city", "province") if context and lv in context and lv != level}


def base_map(options: MapOptions, outlines: Mapping[str, str | GeometryRef],
             extra: Sequence[folium.map.Layer | None] = ()) -> folium.Map:
    """The offline map with what does not depend on the indicator: extent, optional tiles, outlines (GeoJSON
    text, or the URL of a static file the browser fetches), and `extra` layers on top (None ones skipped)."""
    tr = Translator(options.lang)
    view = options.view
    m = folium.Map(location=list(view.centre) if view else [0, 0], zoom_start=view.zoom if view else 2, tiles=None,
                   control_scale=True, prefer_canvas=False, max_bounds=False)
    make_offline(m, options.static_url)
    if view:
        FitView([list(view.bounds[0]), list(view.bounds[1])]).add_to(m)
    if options.basemap:
        folium.TileLayer(tiles=options.basemap.url, attr=options.basemap.attribution,
                         name=tr.t("layer_basemap"), overlay=False, control=True).add_to(m)
    for level, key in (("city", "layer_cities"), ("province", "layer_province")):
        if level in outlines:
            GeoJsonText(outlines[level], name=tr.t(key), style=_outline(level), interactive=False).add_to(m)
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


def build_map(view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions,
              context: Mapping[str, gpd.GeoDataFrame] | None = None) -> folium.Map:
    """A complete offline folium map for one view (its geometry already simplified for display)."""
    data = overlay_data(view, ind, options)
    m = base_map(options, outline_data(context, view["level"].iloc[0], options))
    props = json.loads(data.props)
    shown = _in_datum(view[["geometry"]], options)
    features = gpd.GeoDataFrame({"adcode": view.index.astype(str), "tip": [props[str(c)]["tip"] for c in view.index],
                                 "style": [props[str(c)]["style"] for c in view.index]},
                                geometry=shown.geometry.values, crs=shown.crs)
    choropleth, legend = _choropleth(data, m, geojson_text(features.to_geo_dict(drop_id=True)))
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


class _Text(Element):
    """A finished piece of script, added to the page as it is."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class GeoJsonText(Layer):
    """A GeoJSON layer whose data is ready JSON text (see geojson_text), or a GeometryRef that the browser
    fetches (once per page) and joins to `props` by adcode: each feature's style is its `style` property
    unless a fixed `style` is given; optional per-feature code (tooltips) and hover highlight.

    Instead of folium.GeoJson, because the map is drawn on every rerun: folium re-serialises the data and
    branca wraps every rendered script in a new Jinja template, which scans the whole text again (slow for
    geometry) and would interpret a user's '{{ ... }}' or '{%' in a tooltip as template code. Here the
    data is serialised once (cacheable) and the script joins the page as text.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson(null, {
  interactive: {{ this.interactive }},
  style: {{ this.style_js }},
  onEachFeature: function (feature, layer) {
    {%- if this.on_each_feature %}
    ({{ this.on_each_feature }})(feature, layer);
    {%- endif %}
    {%- if this.highlight %}
    layer.on({
      mouseover: function (e) { e.target.setStyle({{ this.highlight }}); },
      mouseout: function (e) { {{ this.get_name() }}.resetStyle(e.target); }
    });
    {%- endif %}
  }
});
function {{ this.get_name() }}_add(data) { {{ this.get_name() }}.addData(data); }
{%- if this.url %}
(function (layer, url, props) {
  // One fetch per URL and page: the page outlives reruns, so a later layer joins the same parsed features.
  var cache = window.__gpGeometry = window.__gpGeometry || {};
  var got = cache[url] || (cache[url] = fetch(url, {credentials: 'same-origin'}).then(function (r) {
    if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
    return r.json();
  }));
  // Context outlines (not interactive) are drawn after the page's interactive layer, which a person waits for:
  // its script runs right after theirs, so by the time their data arrives its drawing has been announced.
  var ready = {{ this.interactive }} ? got : got.then(function (geo) {
    return Promise.resolve(window.__gpInteractive).catch(function () {}).then(function () { return geo; });
  });
  var drawn = ready.then(function (geo) {
    geo.features.forEach(function (f) {
      var code = f.properties.adcode;
      if (props && !Object.prototype.hasOwnProperty.call(props, code)) { return; }
      var feature = {type: 'Feature', geometry: f.geometry,
                     properties: props ? Object.assign({adcode: code}, props[code]) : {adcode: code}};
      // Coordinates become Leaflet LatLngs once per feature and page, not on every switch (as addData would):
      // converting ~32,000 vertices was most of the browser's work in a recolour.
      var g = f.geometry;
      if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') { layer.addData(feature); return; }
      f.__latlngs = f.__latlngs || L.GeoJSON.coordsToLatLngs(g.coordinates, g.type === 'Polygon' ? 1 : 2);
      var shape = L.polygon(f.__latlngs, layer.options);
      shape.feature = feature;
      shape.defaultOptions = shape.options;  // as addData does: resetStyle (hover out) starts from these
      layer.resetStyle(shape);
      if (layer.options.onEachFeature) { layer.options.onEachFeature(feature, shape); }
      layer.addLayer(shape);
    });
  });
  if ({{ this.interactive }}) { window.__gpInteractive = drawn; }
  drawn.catch(function (err) { delete cache[url]; console.error('map geometry', err); });
})({{ this.get_name() }}, {{ this.url }}, {{ this.props }});
{%- else %}
{{ this.get_name() }}_add({{ this.data }});
{%- endif %}
{% endmacro %}
""")

    def __init__(self, data: str | GeometryRef, name: str, style: Mapping[str, Any] | None = None,
                 on_each_feature: Any = None, highlight: Mapping[str, Any] | None = None, interactive: bool = True,
                 props: str | None = None) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "GeoJson"
        if isinstance(data, GeometryRef):  # fetched by the browser; `props` ({adcode: properties}) joined by adcode
            self.data, self.url, self.props = None, geojson_text(data.url), props or "null"
            self.prefetch_urls: tuple[str, ...] = (data.url,)  # see layers.script.MapScript.prefetch
        else:
            self.data, self.url, self.props = data, None, None
            self.prefetch_urls = ()
        self.style_js = ("function () { return " + json.dumps(dict(style)) + "; }" if style is not None
                         else "function (feature) { return feature.properties.style; }")
        self.on_each_feature = on_each_feature.js_code if hasattr(on_each_feature, "js_code") else on_each_feature
        self.highlight = json.dumps(dict(highlight)) if highlight else None
        self.interactive = "true" if interactive else "false"

    def render(self, **kwargs: Any) -> None:
        """Add the script as text, then (as any layer) the call that adds it to its parent, then the children."""
        self.get_root().script.add_child(_Text(self._template.module.script(self, kwargs)), name=self.get_name())
        if self.show:
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=self._parent.get_name()),
                           name=self.get_name() + "_add")
        for child in list(self._children.values()):
            child.render(**kwargs)


HIGHLIGHT = {"weight": 3, "color": "#000"}


def _in_datum(gdf: gpd.GeoDataFrame, options: MapOptions) -> gpd.GeoDataFrame:
    datum = options.basemap.datum if options.basemap else "wgs84"
    return to_datum(gdf, datum) if datum != "wgs84" else gdf


def _styles(view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions,
            tr: Translator) -> tuple[dict[str, dict], tuple[LegendRow, ...]]:
    if options.mode == "value":
        return _value_styles(view, ind, options, tr)
    counts = view["status"].fillna("no_data").value_counts()
    styles = {code: _status_style(str(s) if pd.notna(s) else "no_data") for code, s in view["status"].items()}
    order = [s for s in STATUSES if s not in ("tracked", "no_target") or counts.get(s, 0)]
    rows = tuple(LegendRow(STATUS_STYLES[s].fill, STATUS_STYLES[s].dash, STATUS_STYLES[s].symbol,
                           tr.t(f"status_{s}"), int(counts.get(s, 0))) for s in order)
    return styles, rows


def _status_style(status: str) -> dict:
    st = STATUS_STYLES[status]
    return {"fillColor": st.fill, "fillOpacity": st.opacity, "color": st.line if not st.dash else st.line,
            "weight": 1, "dashArray": st.dash}


def _value_styles(view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions,
                  tr: Translator) -> tuple[dict[str, dict], tuple[LegendRow, ...]]:
    classes: Classes = classify(view["value"], options.scheme, options.k)
    lower = RULES[ind.rule].better == "lower"
    colours = class_colours(max(classes.k, 1), lower)
    idx = classes.assign(view["value"])
    nodata = STATUS_STYLES["no_data"]
    styles = {}
    for code, i in idx.items():
        if pd.isna(i):
            styles[code] = _status_style("no_data")
        else:
            styles[code] = {"fillColor": colours[int(i)], "fillOpacity": 0.8, "color": "#ffffff", "weight": 1,
                            "dashArray": None}
    target = view["target"].dropna()
    target_value = float(target.iloc[0]) if len(target) else None
    rows = []
    for i in range(classes.k):
        lo, hi = classes.bounds[i], classes.bounds[i + 1]
        holds = target_value is not None and lo <= target_value <= hi
        rows.append(LegendRow(colours[i], None, "◎" if holds else "",
                              f"{fmt_number(lo)} – {fmt_number(hi)} {ind.unit_for(options.lang)}", classes.counts[i]))
    rows.append(LegendRow(nodata.fill, nodata.dash, nodata.symbol, tr.t("status_no_data"), int(idx.isna().sum())))
    return styles, tuple(rows)


def _target_line(ind: Indicator, tr: Translator) -> str:
    if ind.target is None:
        return tr.t("legend_target_text", text=ind.target_text or "—", year=ind.target_year)
    text = target_text(ind, ind.target, tr)
    op, _, rest = text.partition(" ")
    return tr.t("legend_target", op=op, target=rest.rsplit(" ", 1)[0] if " " in rest else rest,
                unit=ind.unit_for(tr.lang), year=ind.target_year)


def _notes(view: gpd.GeoDataFrame, tr: Translator) -> tuple[str, ...]:
    """One line per kind of mark on the map (demo, user values), with how many regions carry it."""
    counts = view["provenance"].astype(str).value_counts()
    return tuple(f"{tr.t(f'legend_mark_{p}')} ({int(counts[p])})" for p in PROVENANCE_MARKS if counts.get(p, 0))


def _outline(level: str) -> dict[str, Any]:
    weight = 1.5 if level == "city" else 2.5
    return {"fill": False, "color": "#333333", "weight": weight, "opacity": 0.9}
