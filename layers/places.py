"""What makes the map readable besides its colours: region names placed inside their shapes without overlaps, a
search box to find a region, lakes and reservoirs under the names, a scale in kilometres, the plain attribution,
and the extent that fits the province to the map."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from geo.i18n import Translator
from geo.labels import label_points
from layers.js import script_json, script_template
from layers.options import MapOptions, in_datum

WATER_STYLE: Mapping[str, Any] = {"color": "#4a90c2", "weight": 0.8, "fillColor": "#a9d3f0", "fillOpacity": 0.9}


@dataclass(frozen=True)
class Places:
    """The readable map's data for one level and language, as script-safe JSON text (cacheable, read-only)."""

    labels: str  # [[lat, lon, name], ...], larger regions first: the order in which names give way
    search: str  # [[name, adcode, south, west, north, east], ...] in the regions' order
    lakes: str | None  # GeoJSON of the water layer, None when it has not been built
    bounds: tuple[tuple[float, float], tuple[float, float]] | None  # [[south, west], [north, east]] of the province
    url: str | None = (
        None  # the same labels, search and lakes as one static file the browser fetches once (`file_text`)
    )

    def file_text(self) -> str:
        """The labels, search entries and lakes as one JSON document, for a static file (see `url`)."""
        return f'{{"labels":{self.labels},"search":{self.search},"lakes":{self.lakes or "null"}}}'

    def source(self, key: str) -> str:
        """The script expression of a promise of one part (labels, search, lakes): fetched from `url` (once per page,
        shared by the three layers), else the part itself."""
        if self.url is None:
            inline = {"labels": self.labels, "search": self.search, "lakes": self.lakes or "null"}[key]
            return f"Promise.resolve({inline})"
        return f"({_FETCH})({script_json(self.url)}, {script_json(key)})"


# One fetch per URL and page (the page outlives reruns); a failed fetch is forgotten so that the next run retries.
_FETCH = """function (url, key) {
  var cache = window.__gpPlaces = window.__gpPlaces || {};
  var got = cache[url] || (cache[url] = fetch(url, {credentials: 'same-origin'}).then(function (r) {
    if (!r.ok) { throw new Error(url + ': HTTP ' + r.status); }
    return r.json();
  }));
  got.catch(function () { delete cache[url]; });
  return got.then(function (d) { return d[key]; });
}"""


def place_data(
    units: gpd.GeoDataFrame,
    options: MapOptions,
    lakes: gpd.GeoDataFrame | None = None,
    root: gpd.GeoDataFrame | None = None,
) -> Places:
    """Names, search entries, water and extent for the map of `units` (display geometry of one level), in the map's
    datum; the search names a county with its city (两个同名的县 stay apart)."""
    name = "name_zh" if options.lang == "zh" else "name_en"
    shown = in_datum(units, options)
    points = label_points(shown)
    labels = [[round(p.y, 5), round(p.x, 5), str(n)] for p, n in zip(points.geometry, points[name])]
    city = "city_zh" if options.lang == "zh" else None
    search = []
    for code, row in shown.iterrows():
        text = str(row[name])
        if city and city in shown.columns and isinstance(row.get(city), str) and row[city] not in ("", text):
            text += f"（{row[city]}）"
        w, s, e, n = row.geometry.bounds
        search.append([text, str(code), round(s, 5), round(w, 5), round(n, 5), round(e, 5)])
    water = (
        script_json(in_datum(lakes[[lakes.geometry.name]], options).__geo_interface__) if lakes is not None else None
    )
    bounds = None
    if root is not None and len(root):
        w, s, e, n = (float(v) for v in in_datum(root, options).to_crs(4326).total_bounds)
        bounds = ((round(s, 4), round(w, 4)), (round(n, 4), round(e, 4)))
    return Places(script_json(labels), script_json(search), water, bounds)


class LabelLayer(Layer):
    """Region names at their label points; overlapping names hidden, larger regions first (layers/js/labels.js)."""

    _template = Template(script_template("labels.js"))

    def __init__(self, places: Places, name: str) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "LabelLayer"
        self.source = places.source("labels")
        self.prefetch_urls: tuple[str, ...] = (places.url,) if places.url else ()  # see layers.script.MapScript


class WaterLayer(Layer):
    """Lakes and reservoirs, in a pane over the region colours (layers/js/water.js)."""

    _template = Template(script_template("water.js"))

    def __init__(self, data: str | Places, name: str, pane: str = "gpWater") -> None:
        """`data`: GeoJSON text, or the places whose lakes to draw; `pane`: gpWater (over the region colours), or
        overlayPane where it is added first, under the points."""
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "WaterLayer"
        self.source = data.source("lakes") if isinstance(data, Places) else f"Promise.resolve({data})"
        self.pane = script_json(pane)
        self.style = json.dumps(dict(WATER_STYLE))


class SearchControl(MacroElement):
    """A box on the map that finds a region by name, zooms to it and outlines it (layers/js/search.js)."""

    _template = Template(script_template("search.js"))

    def __init__(self, places: Places, tr: Translator) -> None:
        super().__init__()
        self._name = "SearchControl"
        self.source = places.source("search")
        self.text = script_json(
            {
                "label": tr.t("map_search_label"),
                "placeholder": tr.t("map_search_placeholder"),
                "none": tr.t("map_search_none"),
            }
        )


class MapFurniture(MacroElement):
    """A scale bar in kilometres only, and the attribution without Leaflet's flag and link (plain credits)."""

    _template = Template("""
{% macro script(this, kwargs) %}
L.control.scale({imperial: false, metric: true, maxWidth: 120}).addTo({{ this._parent.get_name() }});
{{ this._parent.get_name() }}.attributionControl.setPrefix(false);
{%- for credit in this.credits %}
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ credit }});
{%- endfor %}
{% endmacro %}
""")

    def __init__(self, credits: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._name = "MapFurniture"
        self.credits = [script_json(c) for c in credits]


def place_layers(places: Places, tr: Translator) -> list[Layer | MacroElement]:
    """The water (when built), the names and the search box, in drawing order."""
    out: list[Layer | MacroElement] = []
    if places.lakes is not None:
        out.append(WaterLayer(places, tr.t("layer_lakes")))
    out.append(LabelLayer(places, tr.t("layer_labels")))
    out.append(SearchControl(places, tr))
    return out
