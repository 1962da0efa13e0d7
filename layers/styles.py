"""How a view looks: each region's fill and outline by status or value class, the legend rows built from the very
classes used, the target line, and the marks of values that are not official."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd

from geo.catalog import Indicator
from geo.classify import Classes, classify
from geo.i18n import Translator
from geo.labels import label_points
from geo.rules import RULES, STATUSES
from layers.legend import LegendRow
from layers.options import MapOptions
from layers.palette import PROVENANCE_MARKS, STATUS_STYLES, class_colours
from layers.tooltip import fmt_number, target_text


def styles(
    view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions, tr: Translator
) -> tuple[dict[str, dict[str, Any]], tuple[LegendRow, ...]]:
    """Each region's style (by adcode) and the legend rows, by status or by value class as the options say."""
    if options.mode == "value":
        return _value_styles(view, ind, options, tr)
    counts = view["status"].fillna("no_data").value_counts()
    looks = {code: status_style(str(s) if pd.notna(s) else "no_data") for code, s in view["status"].items()}
    order = [s for s in STATUSES if s not in ("tracked", "no_target") or counts.get(s, 0)]
    rows = tuple(
        LegendRow(
            STATUS_STYLES[s].fill,
            STATUS_STYLES[s].dash,
            STATUS_STYLES[s].symbol,
            tr.t(f"status_{s}"),
            int(counts.get(s, 0)),
        )
        for s in order
    )
    return looks, rows


def status_style(status: str) -> dict[str, Any]:
    """The Leaflet style of one attainment status."""
    st = STATUS_STYLES[status]
    return {"fillColor": st.fill, "fillOpacity": st.opacity, "color": st.line, "weight": 1, "dashArray": st.dash}


def _value_styles(
    view: gpd.GeoDataFrame, ind: Indicator, options: MapOptions, tr: Translator
) -> tuple[dict[str, dict[str, Any]], tuple[LegendRow, ...]]:
    classes: Classes = classify(view["value"], options.scheme, options.k)
    lower = RULES[ind.rule].better == "lower"
    colours = class_colours(max(classes.k, 1), lower)
    idx = classes.assign(view["value"])
    nodata = STATUS_STYLES["no_data"]
    styles = {}
    for code, i in idx.items():
        if pd.isna(i):
            styles[code] = status_style("no_data")
        else:
            styles[code] = {
                "fillColor": colours[int(i)],
                "fillOpacity": 0.8,
                "color": "#ffffff",
                "weight": 1,
                "dashArray": None,
            }
    target = view["target"].dropna()
    target_value = float(target.iloc[0]) if len(target) else None
    rows = []
    for i in range(classes.k):
        lo, hi = classes.bounds[i], classes.bounds[i + 1]
        holds = target_value is not None and lo <= target_value <= hi
        rows.append(
            LegendRow(
                colours[i],
                None,
                "◎" if holds else "",
                f"{fmt_number(lo)} – {fmt_number(hi)} {ind.unit_for(options.lang)}",
                classes.counts[i],
            )
        )
    rows.append(LegendRow(nodata.fill, nodata.dash, nodata.symbol, tr.t("status_no_data"), int(idx.isna().sum())))
    return styles, tuple(rows)


def target_line(ind: Indicator, tr: Translator) -> str:
    """The legend's subtitle: the target and its year, e.g. 目标 ≥ 63.1 %，2026年."""
    if ind.target is None:
        return tr.t("legend_target_text", text=ind.target_text or "—", year=ind.target_year)
    text = target_text(ind, ind.target, tr)
    op, _, rest = text.partition(" ")
    return tr.t(
        "legend_target",
        op=op,
        target=rest.rsplit(" ", 1)[0] if " " in rest else rest,
        unit=ind.unit_for(tr.lang),
        year=ind.target_year,
    )


def notes(view: gpd.GeoDataFrame, tr: Translator) -> tuple[str, ...]:
    """One line per kind of mark on the map (demo, user values), with how many regions carry it."""
    counts = view["provenance"].astype(str).value_counts()
    return tuple(f"{tr.t(f'legend_mark_{p}')} ({int(counts[p])})" for p in PROVENANCE_MARKS if counts.get(p, 0))


def symbols(
    view: gpd.GeoDataFrame, shown: gpd.GeoDataFrame, options: MapOptions
) -> tuple[tuple[float, float, str], ...] | None:
    """Per region: its status symbol (status mode: status never rests on colour alone, ✓ ≈ ✗ ?) followed by the
    mark of a demo or user value (both modes), so that what is not official shows on the map itself."""
    status = view["status"].fillna("no_data").astype(str)
    marks = view["provenance"].map(lambda p: PROVENANCE_MARKS.get(str(p), "") if pd.notna(p) else "")
    by_status = options.mode == "status"
    if not by_status and not marks.astype(bool).any():
        return None
    points = label_points(shown).geometry  # where the region's name goes too (just below the symbol)
    out = []
    for code, pt in points.items():
        text = (STATUS_STYLES[status[code]].symbol if by_status else "") + marks[code]
        if text:
            out.append((round(pt.y, 5), round(pt.x, 5), text))
    return tuple(out)


def outline_style(level: str) -> dict[str, Any]:
    """The style of a context outline (cities thinner than the province)."""
    weight = 1.5 if level == "city" else 2.5
    return {"fill": False, "color": "#333333", "weight": weight, "opacity": 0.9}
