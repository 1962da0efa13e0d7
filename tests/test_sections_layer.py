"""layers/sections.py without Streamlit: marker colours and rings, text-only tooltips, the legend, offline output."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.i18n import Translator
from geo.sections import import_sections, sections_layer
from geo.settings import Settings
from geo.waterclass import COLOURS
from layers.assets import assert_offline
from layers.sections import NO_DATA_FILL, RINGS, SectionsLayer, legend_spec, marker_style, sections_map
from layers.tooltip import TOOLTIP_JS

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>${x}&amp;'


@pytest.fixture(scope="module")
def counties() -> gpd.GeoDataFrame:
    """Two square counties side by side."""
    return gpd.GeoDataFrame(
        {"name_zh": ["甲县", "乙县"], "name_en": ["Jia", "Yi"]},
        geometry=[box(115.0, 28.0, 115.1, 28.1), box(115.1, 28.0, 115.2, 28.1)],
        crs="EPSG:4326",
        index=pd.Index(["360101", "360102"], name="adcode"),
    )


@pytest.fixture(scope="module")
def sections(counties) -> gpd.GeoDataFrame:
    """Three sections over two years: one improves to meet Ⅱ, one falls to Ⅳ against Ⅲ, one has no class in 2025."""
    rows = [
        # name, river, level, lon, lat, target, year, measured, provenance
        (HOSTILE, "赣江", "国控", 115.05, 28.05, "Ⅱ", 2024, "Ⅲ", "user"),
        (HOSTILE, "赣江", "国控", 115.05, 28.05, "Ⅱ", 2025, "II类", "user"),
        ("抚河·乙", "抚河", "省控", 115.15, 28.05, "Ⅲ", 2024, "Ⅲ", "demo"),
        ("抚河·乙", "抚河", "省控", 115.15, 28.05, "Ⅲ", 2025, "四类", "demo"),
        ("信江·丙", "信江", "", 115.15, 28.02, "Ⅲ", 2025, "", "user"),
    ]
    frame = pd.DataFrame(
        rows,
        columns=[
            "name",
            "river",
            "control_level",
            "lon",
            "lat",
            "target_class",
            "year",
            "measured_class",
            "provenance",
        ],
    )
    result = import_sections(frame, "t.csv", counties, Settings())
    assert result.ok, result.report()
    return result.sections


def _layer(sections, lang="en"):
    return sections_layer(sections, 2025, lang=lang).set_index("name", drop=False)


def test_fill_is_the_class_colour_and_the_ring_says_attainment(sections) -> None:
    layer = _layer(sections)
    met, failed, none = (marker_style(layer.loc[n]) for n in (HOSTILE, "抚河·乙", "信江·丙"))
    assert met["fillColor"] == COLOURS[2] and (met["color"], met["weight"], met["dashArray"]) == (
        RINGS["met"].colour,
        RINGS["met"].weight,
        None,
    )
    assert failed["fillColor"] == COLOURS[4] and failed["color"] == RINGS["not_met"].colour
    assert failed["dashArray"] == RINGS["not_met"].dash and failed["dashArray"]  # not by colour alone
    assert none["fillColor"] == NO_DATA_FILL and none["color"] == RINGS["no_data"].colour


def test_tooltip_rows_carry_name_river_class_target_and_trend(sections) -> None:
    features = {f["properties"]["tip"][0][1]: f for f in SectionsLayer(_layer(sections), Translator("en")).features}
    tip = dict((k, v) for k, v in features[HOSTILE]["properties"]["tip"][1:])
    assert features[HOSTILE]["properties"]["tip"][0] == ["", HOSTILE]
    assert tip["River or lake"] == "赣江" and tip["Class"] == "Class II" and tip["Target class"] == "Class II"
    assert tip["Attainment"] == "Met" and tip["Trend"] == "↑ better than 2024 (Class III)"
    assert tip["Control level"] == "National" and tip["County"] == "甲县" and tip["Provenance"] == "User data"
    worse = dict(features["抚河·乙"]["properties"]["tip"][1:])
    assert worse["Trend"] == "↓ worse than 2024 (Class III)" and worse["Attainment"] == "Not met"
    assert worse["Provenance"] == "Demo (not official)"
    blank = dict(features["信江·丙"]["properties"]["tip"][1:])
    assert blank["Class"] == "—" and blank["Trend"] == "—" and blank["Control level"] == "—"
    zh = {
        f["properties"]["tip"][0][1]: dict(f["properties"]["tip"][1:])
        for f in SectionsLayer(_layer(sections, "zh"), Translator("zh")).features
    }
    assert zh[HOSTILE]["水质类别"] == "Ⅱ类" and zh[HOSTILE]["变化"] == "↑ 好于2024年（Ⅲ类）"
    # The common status words (status_met, status_not_met, status_no_data), as on every other scorecard.
    assert (zh[HOSTILE]["达标情况"], zh["抚河·乙"]["达标情况"], zh["信江·丙"]["达标情况"]) == (
        "达标",
        "未达标",
        "无数据",
    )
    assert blank["Attainment"] == "No data"


def test_a_hostile_name_stays_text(sections, counties) -> None:
    tr = Translator("en")
    html = sections_map(_layer(sections), tr, "t", counties).get_root().render()
    benign = sections.assign(name=sections["name"].replace(HOSTILE, "赣江·甲"))
    plain = sections_map(_layer(benign), tr, "t", counties).get_root().render()
    # The name never appears as markup: no extra tag, no early end of the script element.
    assert "<img" not in html and "alert(2)</script>" not in html
    assert html.count("<script") == plain.count("<script") and html.count("</script>") == plain.count("</script>")
    # It is carried as JSON data and read back unchanged ...
    payload = re.search(r"L\.geoJSON\((\{.*?\}), \{\n  pointToLayer", html, re.S).group(1)
    names = [f["properties"]["tip"][0][1] for f in json.loads(payload)["features"]]
    assert HOSTILE in names
    # ... and the tooltip is built from text nodes (layers.tooltip.TOOLTIP_JS), not from an HTML string.
    assert TOOLTIP_JS.js_code.strip() in html
    assert "innerHTML" not in html and "GeoJsonTooltip" not in html


def test_legend_counts_classes_and_rings_and_flags_demo(sections) -> None:
    spec = legend_spec(_layer(sections), Translator("en"), "Sections 2025")
    counts = {r["label"]: r["count"] for r in spec["classes"]}
    assert counts["Class II"] == 1 and counts["Class IV"] == 1 and counts["Class I"] == 0
    assert counts["No data"] == 1 and len(spec["classes"]) == 7
    rings = {r["label"]: (r["count"], r["ring"], r["dash"]) for r in spec["rings"]}
    assert rings["Met"] == (1, RINGS["met"].colour, None)
    assert rings["Not met"] == (1, RINGS["not_met"].colour, RINGS["not_met"].dash)
    assert rings["No data"] == (1, RINGS["no_data"].colour, RINGS["no_data"].dash)
    assert spec["notes"] == ["Includes demo values (not official)"]
    only_user = sections[sections["provenance"] == "user"]
    assert legend_spec(_layer(only_user), Translator("en"), "t")["notes"] == []


def test_the_map_is_offline_and_has_the_layer_and_legend(sections, counties) -> None:
    m = assert_offline(sections_map(_layer(sections), Translator("zh"), "断面", counties))
    html = m.get_root().render()
    assert html.count("L.circleMarker(") == 1  # one pointToLayer for every marker
    assert "gp-legend" in html and "L.control.layers" in html
    assert "/app/static/leaflet/leaflet.js" in html


def test_the_sections_are_drawn_over_the_lakes_with_a_km_scale(sections, counties) -> None:
    water = '{"type":"FeatureCollection","features":[]}'
    html = sections_map(_layer(sections), Translator("zh"), "断面", counties, water=water).get_root().render()
    assert 'pane: "overlayPane"' in html
    assert html.index("var water_layer_") < html.index("var sections_layer_")  # added first: drawn under them
    assert "imperial: false" in html and "L.control.scale()" not in html and "湖泊：Natural Earth" in html


def test_the_map_opens_fitted_to_the_counties(sections, counties) -> None:
    """At a fixed zoom 7 a 1280 x 720 screen cut the province's south and north off; fitted, every section shows."""
    html = sections_map(_layer(sections), Translator("zh"), "断面", counties).get_root().render()
    fit = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", html, re.S)
    assert fit is not None and json.loads(fit.group(1)) == [[28.0, 115.0], [28.1, 115.2]]
    assert '"animate": false' in html and '"zoomSnap": 0.25' in html
