"""The folium map of one view: choropleth by status or value class, context outlines, symbols, legend, controls."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import folium
import geopandas as gpd
import pandas as pd

from geo.catalog import Indicator
from geo.classify import Classes, classify
from geo.datum import to_datum
from geo.i18n import Translator
from geo.rules import RULES, STATUSES
from layers.assets import make_offline
from layers.legend import Legend, LegendRow, LegendSpec
from layers.palette import STATUS_STYLES, class_colours
from layers.symbols import SymbolLayer
from layers.tooltip import TOOLTIP_JS, fmt_number, target_text, tooltip_rows

MODES = ("status", "value")
JIANGXI_BOUNDS = [[24.45, 113.55], [30.1, 118.5]]


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


def build_map(view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions,
              context: Mapping[str, gpd.GeoDataFrame] | None = None) -> folium.Map:
    """A complete offline folium map for one view (its geometry already simplified for display)."""
    tr = Translator(options.lang)
    datum = options.basemap.datum if options.basemap else "wgs84"
    shown = to_datum(view, datum) if datum != "wgs84" else view
    m = folium.Map(location=[27.3, 115.9], zoom_start=7, tiles=None, control_scale=True, prefer_canvas=False,
                   max_bounds=False)
    make_offline(m, options.static_url)
    m.fit_bounds(JIANGXI_BOUNDS)
    if options.basemap:
        folium.TileLayer(tiles=options.basemap.url, attr=options.basemap.attribution,
                         name=tr.t("layer_basemap"), overlay=False, control=True).add_to(m)
    for level, key in (("city", "layer_cities"), ("province", "layer_province")):
        if context and level in context and level != view["level"].iloc[0]:
            outline = to_datum(context[level], datum) if datum != "wgs84" else context[level]
            folium.GeoJson(outline[["geometry"]], name=tr.t(key), interactive=False,
                           style_function=_outline(level)).add_to(m)
    styles, rows = _styles(view, ind, options, tr)
    data = gpd.GeoDataFrame({
        "adcode": view.index.astype(str),
        "tip": [tooltip_rows(r, ind, tr) for _, r in view.iterrows()],
        "style": [styles[c] for c in view.index],
    }, geometry=shown.geometry, crs=shown.crs, index=view.index)  # same index, or every geometry aligns to null
    choropleth = folium.GeoJson(data.__geo_interface__, name=f"{ind.name(options.lang)}", on_each_feature=TOOLTIP_JS,
                                highlight_function=lambda f: {"weight": 3, "color": "#000"}, zoom_on_click=False)
    choropleth.add_to(m)
    legend = LegendSpec(title=ind.name(options.lang) + f" · {int(view['year'].iloc[0])}",
                        subtitle=_target_line(ind, tr), rows=rows, notes=_notes(view, tr))
    m.add_child(Legend(legend, choropleth, m.get_name()))
    if options.mode == "status":
        _symbols(view, shown, tr).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _styles(view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions,
            tr: Translator) -> tuple[dict[str, dict], tuple[LegendRow, ...]]:
    if options.mode == "value":
        return _value_styles(view, ind, options, tr)
    counts = view["status"].fillna("no_data").value_counts()
    styles = {code: _status_style(str(s) if pd.notna(s) else "no_data") for code, s in view["status"].items()}
    order = [s for s in STATUSES if s != "tracked" or counts.get("tracked", 0)]
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
    return (tr.t("legend_demo"),) if (view["provenance"] == "demo").any() else ()


def _outline(level: str):
    weight = 1.5 if level == "city" else 2.5
    return lambda _: {"fill": False, "color": "#333333", "weight": weight, "opacity": 0.9}


def _symbols(view: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, tr: Translator) -> SymbolLayer:
    # A symbol per region so that status never rests on colour alone (✓ ≈ ✗ ?).
    points = shown.geometry.representative_point()
    status = view["status"].fillna("no_data").astype(str)
    return SymbolLayer([(pt.y, pt.x, STATUS_STYLES[status[code]].symbol) for code, pt in points.items()],
                       tr.t("layer_symbols"))
