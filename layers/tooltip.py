"""Tooltip rows for a region (label, text) and the Leaflet code that shows them as text, never as HTML."""

from __future__ import annotations

from typing import Any

import pandas as pd
from folium.utilities import JsCode

from geo.catalog import Indicator
from geo.i18n import Translator
from geo.rules import RULES
from geo.sources import render_source

# Leaflet builds the tooltip from DOM text nodes: a name such as <img onerror=...> or ${...} is shown as
# the characters it is. (folium's GeoJsonTooltip writes values into innerHTML through a JS template.)
TOOLTIP_JS = JsCode("""
function(feature, layer) {
  layer.bindTooltip(function () {
    var box = document.createElement('div');
    box.className = 'gp-tip';
    var rows = (feature.properties && feature.properties.tip) || [];
    rows.forEach(function (row, i) {
      var line = document.createElement('div');
      if (i === 0) { var b = document.createElement('b'); b.textContent = String(row[1]); line.appendChild(b); }
      else {
        var k = document.createElement('span'); k.className = 'gp-k'; k.textContent = String(row[0]) + ': ';
        line.appendChild(k); line.appendChild(document.createTextNode(String(row[1])));
      }
      box.appendChild(line);
    });
    return box;
  }, {sticky: true, direction: 'auto'});
  // Touch: a first tap on a region shows its tooltip only; a second tap on the same region is a click (its panel).
  // The first tap's touchend is cancelled, so the browser sends no click (and no mouse events) for it.
  layer.on('add', function () {
    var el = layer.getElement && layer.getElement();
    if (!el || el.__gpTouch) { return; }
    el.__gpTouch = true;
    el.addEventListener('touchend', function (ev) {
      var map = layer._map;
      if (!map || map.__gpArmed === layer) { return; }
      map.__gpArmed = layer;
      var t = ev.changedTouches && ev.changedTouches[0];
      layer.openTooltip(t ? map.mouseEventToLatLng(t) : undefined);
      ev.preventDefault();
    }, {passive: false});
  });
}
""")


def fmt_number(value: Any, digits: int = 2) -> str:
    """A value for people: trimmed decimals, '—' when missing."""
    if _missing(value):
        return "—"
    text = f"{float(value):,.{digits}f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def tooltip_rows(row: Any, ind: Indicator, tr: Translator) -> list[list[str]]:
    """[label, text] pairs for one region of a view: name, city, value, target, gap, status, rank, provenance, source."""
    lang = tr.lang
    unit = ind.unit_for(lang)
    name = row["name_zh"] if lang == "zh" else row["name_en"]
    city = row["city"] if lang == "zh" else row["city_en"]
    status = str(row["status"]) if row["status"] is not None else "no_data"
    prov = row["provenance"]
    rank = "—" if _missing(row["rank"]) else tr.t("rank_of", rank=int(row["rank"]), of=int(row["rank_of"]))
    gap = row["gap"]
    gap_text = "—" if _missing(gap) else (("+" if float(gap) > 0 else "") + fmt_number(gap, ind.decimals) + f" {unit}")
    rows = [
        ["", str(name)],
        [tr.t("tip_city"), str(city) if not _missing(city) else "—"],
        [tr.t("tip_value"), "—" if _missing(row["value"]) else f"{fmt_number(row['value'], ind.decimals)} {unit}"],
        [tr.t("tip_target"), target_text(ind, row["target"], tr)],
        [tr.t("tip_gap"), gap_text],
        [tr.t("tip_status"), tr.t(f"status_{status}")],
        [tr.t("tip_rank"), rank],
        [tr.t("tip_provenance"), "—" if _missing(prov) else tr.t(f"prov_{prov}")],
        [tr.t("tip_source"), render_source(row["source"], tr.t)],
    ]
    share = row.get("share") if hasattr(row, "get") else None
    if not _missing(share):  # a share of a provincial total: the region's part in it, not a target of its own
        rows.insert(5, [tr.t("tip_share"), f"{fmt_number(share)} %"])
    return rows


def target_text(ind: Indicator, target: Any, tr: Translator) -> str:
    """'≥ 63.1 %' style target, or the plan's words when the target is not a number."""
    if _missing(target):
        return ind.target_text or "—"
    op = {"higher": "≥", "lower": "≤"}.get(_better(ind) or "", "")
    return f"{op} {fmt_number(target, ind.decimals)} {ind.unit_for(tr.lang)}".strip()


def _better(ind: Indicator) -> str | None:
    return RULES[ind.rule].better


def _missing(v: Any) -> bool:
    return v is None or bool(pd.isna(v))
