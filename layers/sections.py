"""The monitoring-sections point layer: class-coloured circles, an attainment ring, text-only tooltips, a legend.

Input is `geo.sections.sections_layer(...)` (one row per section, labels already in the chosen language).
Every marker is an `L.circleMarker` (a vector path: no icon images, no CDN). Attainment is shown by the ring
*and* its dash pattern, so it never rests on colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import MacroElement
from folium.map import Layer
from jinja2 import Template

from geo.i18n import Translator
from geo.waterclass import COLOURS, ORDINALS, class_label
from layers.assets import make_offline
from layers.js import script_json
from layers.legend import CONTROL_HEAD, CONTROL_TAIL
from layers.mapview import FitView
from layers.places import MapFurniture, WaterLayer
from layers.script import LayerSwitch
from layers.tooltip import TOOLTIP_JS

RADIUS = 7  # px: big enough to see the class colour inside the ring


@dataclass(frozen=True)
class Ring:
    """The outline of a marker that says whether the section meets its target class."""

    colour: str
    weight: int
    dash: str | None


# Keyed by the common statuses (geo.sections.SECTION_STATUSES, labels status_<status> in strings.yaml).
# met: solid black ring; not met: thick dashed magenta ring (magenta is not a class colour); no class: thin grey.
RINGS: dict[str, Ring] = {
    "met": Ring("#111111", 2, None),
    "not_met": Ring("#C2185B", 3, "4 3"),
    "no_data": Ring("#777777", 1, "2 2"),
}
NO_DATA_FILL = "#D9D9D9"


def marker_style(row: Any) -> dict[str, Any]:
    """Leaflet path options of one section: fill from its class colour, ring from its attainment status."""
    status = _status(row)
    ring = RINGS[status]
    fill = row["colour"] if status != "no_data" and not _missing(row["colour"]) else NO_DATA_FILL
    return {
        "radius": RADIUS,
        "fillColor": str(fill),
        "fillOpacity": 0.95,
        "color": ring.colour,
        "weight": ring.weight,
        "dashArray": ring.dash,
        "opacity": 1,
    }


def section_tip(row: Any, tr: Translator) -> list[list[str]]:
    """[label, text] pairs for one section: name, river, class, target, attainment, trend, county, level, provenance."""
    status = _status(row)
    level = row["control_level"]
    rows = [
        ["", str(row["name"])],
        [tr.t("sec_tip_river"), _text(row["river"])],
        [tr.t("sec_tip_class"), _text(row["measured_class"])],
        [tr.t("sec_tip_target"), _text(row["target_class"])],
        [tr.t("sec_tip_status"), tr.t(f"status_{status}")],
        [tr.t("sec_tip_trend"), trend_text(row, tr)],
        [tr.t("sec_tip_county"), _text(row["county_name"])],
        [tr.t("sec_tip_level"), tr.t(f"sec_level_{level}") if level in ("national", "provincial") else "—"],
        [tr.t("tip_provenance"), "—" if _missing(row["provenance"]) else tr.t(f"prov_{row['provenance']}")],
    ]
    return rows


def trend_text(row: Any, tr: Translator) -> str:
    """'↑ better than 2024 (Ⅲ类)' from the layer's trend and previous class; '—' without a previous figure."""
    trend = row["trend"]
    if _missing(trend):
        return "—"
    return tr.t(f"sec_trend_{trend}", year=int(row["year"]) - 1, prev=_text(row["previous_class"]))


class SectionsLayer(Layer):
    """One Leaflet GeoJSON layer of circle markers; tooltips are built from text nodes (layers.tooltip.TOOLTIP_JS)."""

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.payload }}, {
  pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, feature.properties.style); },
  onEachFeature: {{ this.on_each_feature }}
});
{% if this.show %}{{ this.get_name() }}.addTo({{ this._parent.get_name() }});{% endif %}
{% endmacro %}
""")

    def __init__(self, layer: gpd.GeoDataFrame, tr: Translator, name: str | None = None, show: bool = True) -> None:
        super().__init__(name=name or tr.t("sec_layer"), overlay=True, control=True, show=show)
        self._name = "SectionsLayer"
        features = []
        for _, row in layer.iterrows():
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [round(float(row["lon"]), 6), round(float(row["lat"]), 6)],
                    },
                    "properties": {"tip": section_tip(row, tr), "style": marker_style(row), "status": _status(row)},
                }
            )
        self.features = features
        self.payload = script_json({"type": "FeatureCollection", "features": features})
        self.on_each_feature = TOOLTIP_JS.js_code.strip()


class SectionsLegend(MacroElement):
    """Classes (fill) and rings (attainment) with counts; shown while its layer is on the map."""

    _template = Template(
        CONTROL_HEAD
        + """
  function row(box, r) {
    var line = document.createElement('div');
    line.style.cssText = 'display:flex;align-items:center;gap:6px;margin-top:2px';
    var sw = document.createElement('span');
    sw.style.cssText = 'display:inline-block;width:12px;height:12px;border-radius:50%;box-sizing:border-box;' +
      'background:' + r.fill + ';border:' + r.weight + 'px ' + (r.dash ? 'dashed ' : 'solid ') + r.ring;
    var t = document.createElement('span'); t.textContent = r.label + ' (' + r.count + ')';
    line.appendChild(sw); line.appendChild(t); box.appendChild(line);
  }
  function heading(box, text, bold) {
    var h = document.createElement('div'); h.textContent = text;
    h.style.cssText = bold ? 'font-weight:bold' : 'margin-top:4px;font-style:italic';
    box.appendChild(h);
  }
  control.onAdd = function () {
    var box = legendBox();
    heading(box, spec.title, true);
    heading(box, spec.classes_title, false);
    spec.classes.forEach(function (r) { row(box, r); });
    heading(box, spec.rings_title, false);
    spec.rings.forEach(function (r) { row(box, r); });
    return finish(box);
  };
"""
        + CONTROL_TAIL
    )

    def __init__(self, spec: dict[str, Any], layer: Layer, map: folium.Map) -> None:
        super().__init__()
        self._name = "SectionsLegend"
        self.spec = spec
        self.payload = script_json(spec)
        self.layer = layer  # names are read at render time (layers.script renames elements)
        self.map = map


def legend_spec(layer: gpd.GeoDataFrame, tr: Translator, title: str) -> dict[str, Any]:
    """What the legend shows: every class with its count, the three rings with theirs, a demo note when needed."""
    measured = pd.Series([None if _missing(v) else int(v) for v in layer["measured_ordinal"]], dtype="Int64")
    status = pd.Series([_status(r) for _, r in layer.iterrows()], dtype=object)
    classes = [
        {
            "fill": COLOURS[n],
            "ring": "#666666",
            "weight": 1,
            "dash": None,
            "label": class_label(n, tr.lang),
            "count": int((measured == n).sum()),
        }
        for n in ORDINALS
    ]
    if (status == "no_data").any():
        classes.append(
            {
                "fill": NO_DATA_FILL,
                "ring": "#666666",
                "weight": 1,
                "dash": None,
                "label": tr.t("status_no_data"),
                "count": int((status == "no_data").sum()),
            }
        )
    rings = [
        {
            "fill": "#FFFFFF",
            "ring": RINGS[s].colour,
            "weight": RINGS[s].weight,
            "dash": RINGS[s].dash,
            "label": tr.t(f"status_{s}"),
            "count": int((status == s).sum()),
        }
        for s in ("met", "not_met") + (("no_data",) if (status == "no_data").any() else ())
    ]
    notes = [tr.t("legend_demo")] if (layer["provenance"] == "demo").any() else []
    return {
        "title": title,
        "classes_title": tr.t("sec_legend_classes"),
        "rings_title": tr.t("sec_legend_rings"),
        "classes": classes,
        "rings": rings,
        "notes": notes,
    }


def sections_map(
    layer: gpd.GeoDataFrame,
    tr: Translator,
    title: str,
    counties: gpd.GeoDataFrame | None = None,
    static_url: str = "/app/static",
    water: str | None = None,
) -> folium.Map:
    """An offline map: lakes (`water`, GeoJSON text, layers.places) and county outlines (not interactive) under the
    sections layer, its legend and a layer control; a scale in km."""
    # Fitted to the province, as the county map is: at a fixed zoom 7 a 1280 x 720 screen (map 470 px high) cut off
    # Ganzhou's sections in the south and the Yangtze's in the north. Only the open tab is drawn (ui/page.py), so
    # the map's container has its size when it fits; the centre and zoom stay as the view before the fit.
    area = counties if counties is not None and len(counties) else None
    centre = _centre(area, layer)
    m = folium.Map(
        location=centre,
        zoom_start=7,
        tiles=None,
        control_scale=False,
        max_bounds=False,
        zoom_snap=0.25,
        zoom_delta=0.5,
        scroll_wheel_zoom=False,  # as the county map: a wheel scrolls the page
    )
    make_offline(m, static_url)
    if area is not None:
        w, s, e, n = (float(v) for v in area.to_crs(4326).total_bounds)
        FitView([[s, w], [n, e]]).add_to(m)
    MapFurniture((tr.t("map_credit_lakes"),) if water else ()).add_to(m)  # km only, plain credits
    if water:
        # In the overlay pane, added first: the sections' circles are drawn over the lakes.
        WaterLayer(water, tr.t("layer_lakes"), pane="overlayPane").add_to(m)
    if counties is not None and len(counties):
        outline = counties[[counties.geometry.name]]
        folium.GeoJson(
            outline,
            name=tr.t("layer_counties"),
            interactive=False,
            style_function=lambda _: {"fill": False, "color": "#555555", "weight": 0.8, "opacity": 0.8},
        ).add_to(m)
    points = SectionsLayer(layer, tr)
    points.add_to(m)
    m.add_child(SectionsLegend(legend_spec(layer, tr, title), points, m))
    LayerSwitch(collapsed=True).add_to(m)
    return m


def _centre(counties: gpd.GeoDataFrame | None, layer: gpd.GeoDataFrame) -> list[float]:
    if counties is not None:
        w, s, e, n = (float(v) for v in counties.to_crs(4326).total_bounds)
    elif len(layer):
        w, s, e, n = (
            float(layer["lon"].min()),
            float(layer["lat"].min()),
            float(layer["lon"].max()),
            float(layer["lat"].max()),
        )
    else:
        return [0.0, 0.0]  # nothing to show: no place is better than another
    return [(s + n) / 2, (w + e) / 2]


def _status(row: Any) -> str:
    s = row["status"]
    return s if s in RINGS else "no_data"


def _text(v: Any) -> str:
    return "—" if _missing(v) else str(v)


def _missing(v: Any) -> bool:
    return v is None or (not isinstance(v, (list, dict)) and bool(pd.isna(v)))
