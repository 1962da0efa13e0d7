"""layers.mapview.build_map on a tiny hand-built view: offline, every region drawn, colours bound to the legend."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.classify import SCHEMES
from layers.assets import assert_offline, external_urls
from layers.legend import Legend
from layers.mapview import MapOptions, build_map
from layers.palette import STATUS_STYLES, class_colours
from layers.symbols import SymbolLayer

ADD_CALL = re.compile(r"geo_json_\w+_add\((\{.*?\})\);\n", re.S)


def features(m) -> list[dict]:
    """The choropleth's features as the browser receives them (the data passed to addData)."""
    html = m.get_root().render()
    payloads = [json.loads(p) for p in ADD_CALL.findall(html)]
    tipped = [p for p in payloads if any("tip" in f["properties"] for f in p["features"])]
    assert len(tipped) == 1, "exactly one layer carries the tooltips"
    return tipped[0]["features"]


def legend(m) -> dict:
    found = [child for child in m._children.values() if isinstance(child, Legend)]
    assert len(found) == 1
    return json.loads(found[0].payload)


def test_the_map_page_fetches_nothing_from_outside(tiny_view, catalog_for_maps) -> None:
    m = build_map(tiny_view(), catalog_for_maps.get("forest_coverage"), MapOptions())
    assert external_urls(m) == []
    assert assert_offline(m) is m
    html = m.get_root().render()
    assert re.findall(r"https?://[^\s\"'<>]+", html) == []
    assert '"/app/static/leaflet/leaflet.js"' in html and "/app/static/leaflet/leaflet.css" in html


def test_every_region_is_a_feature_with_its_own_polygon(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    feats = features(build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions()))
    assert [f["properties"]["adcode"] for f in feats] == ["360101", "360102", "360103"]
    for i, f in enumerate(feats):
        # A null geometry draws nothing: the map would be empty although the legend counts regions.
        assert f["geometry"] is not None and f["geometry"]["type"] == "Polygon", f["properties"]["adcode"]
        xs = [x for x, _ in f["geometry"]["coordinates"][0]]
        assert min(xs) == pytest.approx(115 + 0.1 * i) and max(xs) == pytest.approx(115.1 + 0.1 * i)


def test_status_colours_and_legend_counts(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    assert view["status"].tolist() == ["met", "not_met", "no_data"]
    m = build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions())
    spec = legend(m)
    assert spec["title"] == "森林覆盖率 · 2024"
    assert spec["subtitle"] == "目标 ≥ 63.1 %，2026年"
    counts = {r["label"]: r["count"] for r in spec["rows"]}
    assert counts == {"达标": 1, "接近目标": 0, "未达标": 1, "无数据": 1}
    fills = {r["label"]: r["fill"] for r in spec["rows"]}
    by_code = {f["properties"]["adcode"]: f["properties"]["style"] for f in features(m)}
    assert by_code["360101"]["fillColor"] == fills["达标"]
    assert by_code["360102"]["fillColor"] == fills["未达标"]
    assert by_code["360103"]["fillColor"] == fills["无数据"]
    # Status never rests on colour alone: each class has its own symbol.
    assert len({r["symbol"] for r in spec["rows"]}) == len(spec["rows"])


def test_english_legend(tiny_view, catalog_for_maps) -> None:
    m = build_map(tiny_view(), catalog_for_maps.get("forest_coverage"), MapOptions(lang="en"))
    spec = legend(m)
    assert spec["title"] == "Forest coverage · 2024"
    assert spec["subtitle"] == "Target ≥ 63.1 %, 2026"
    assert [r["label"] for r in spec["rows"]] == ["Met", "Near target", "Not met", "No data"]


def test_lower_is_better_target_line(tiny_view, catalog_for_maps) -> None:
    ind = catalog_for_maps.get("pm25")
    m = build_map(tiny_view((30.0, 20.0, None), indicator="pm25"), ind, MapOptions(lang="en"))
    assert legend(m)["subtitle"].startswith("Target ≤ ")


def test_no_data_is_its_own_dashed_class_never_the_darkest(tiny_view, catalog_for_maps) -> None:
    for mode in ("status", "value"):
        m = build_map(tiny_view(), catalog_for_maps.get("forest_coverage"), MapOptions(mode=mode))
        rows = legend(m)["rows"]
        nodata = [r for r in rows if r["label"] == "无数据"]
        assert len(nodata) == 1 and nodata[0]["count"] == 1 and nodata[0]["dash"]
        others = [r for r in rows if r is not nodata[0]]
        assert all(not r["dash"] for r in others if r["label"] != "跟踪（不评分）")
        assert nodata[0]["fill"] not in {r["fill"] for r in others}
        style = {f["properties"]["adcode"]: f["properties"]["style"] for f in features(m)}["360103"]
        assert style["dashArray"] and style["fillColor"] == nodata[0]["fill"]
    darkest = {class_colours(k)[-1] for k in range(2, 8)} | {class_colours(k, True)[0] for k in range(2, 8)}
    assert STATUS_STYLES["no_data"].fill not in darkest | {STATUS_STYLES["met"].fill}


def _row_holding(rows: list[dict], value: float) -> dict:
    """The legend row a reader would pick for a value: class i holds (lo, hi], the first also its lower bound."""
    classes = [r for r in rows if r["label"] != "无数据"]
    bounds = [
        tuple(float(x.replace(",", "")) for x in re.findall(r"-?[\d,]+(?:\.\d+)?", r["label"])[:2]) for r in classes
    ]
    for i, (row, (lo, hi)) in enumerate(zip(classes, bounds)):
        if (lo < value or (i == 0 and lo == value)) and value <= hi:
            return row
    raise AssertionError(f"no legend row holds {value}: {[r['label'] for r in classes]}")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.lists(st.one_of(st.none(), st.integers(0, 100)), min_size=3, max_size=12).filter(
        lambda v: any(x is not None for x in v)
    ),
    scheme=st.sampled_from(sorted(SCHEMES)),
)
def test_value_mode_fill_is_the_colour_of_the_legend_row_holding_the_value(
    tiny_view, catalog_for_maps, values, scheme
) -> None:
    view = tiny_view(values)
    m = build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions(mode="value", scheme=scheme))
    rows = legend(m)["rows"]
    assert sum(r["count"] for r in rows) == len(values)
    for f, v in zip(features(m), values):
        fill = f["properties"]["style"]["fillColor"]
        if v is None:
            assert fill == STATUS_STYLES["no_data"].fill
        else:
            assert fill == _row_holding(rows, float(v))["fill"], (v, [r["label"] for r in rows])
    class_rows = [r for r in rows if r["label"] != "无数据"]
    assert len({r["fill"] for r in class_rows}) == len(class_rows)  # each class its own colour
    held = [r for r in class_rows if r["symbol"] == "◎"]
    present = [v for v in values if v is not None]
    if min(present) <= 63.1 <= max(present):
        assert len(held) == 1 and held[0] is _row_holding(rows, 63.1)
    else:
        assert held == []


def test_value_mode_darker_means_better_for_lower_is_better(tiny_view, catalog_for_maps) -> None:
    m = build_map(
        tiny_view((20.0, 30.0, 40.0, 50.0, 60.0)), catalog_for_maps.get("forest_coverage"), MapOptions(mode="value")
    )
    mp = build_map(
        tiny_view((20.0, 30.0, 40.0, 50.0, 60.0), indicator="pm25"),
        catalog_for_maps.get("pm25"),
        MapOptions(mode="value"),
    )
    fills = [f["properties"]["style"]["fillColor"] for f in features(m)]
    fills_pm = [f["properties"]["style"]["fillColor"] for f in features(mp)]
    assert fills == list(reversed(fills_pm))  # the cleanest air gets the darkest colour


def test_template_syntax_in_data_is_never_evaluated(tiny_view, catalog_for_maps) -> None:
    # Jinja in an uploaded source or name must reach the browser as the characters typed: not 49, not a crash.
    view = tiny_view(names=["{{ 7*7 }}县", "{% if 1 %}x{% endif %}", "丙县"], sources=["{{ 7*7 }}", "{%", "ok"])
    feats = features(build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions()))
    texts = [cell for f in feats for row in f["properties"]["tip"] for cell in row]
    assert "{{ 7*7 }}县" in texts and "{{ 7*7 }}" in texts and "{%" in texts and "{% if 1 %}x{% endif %}" in texts
    assert "49" not in texts


def test_the_app_layers_name_geometry_files_and_carry_only_properties_by_adcode(
    tiny_view, catalog_for_maps, tmp_path
) -> None:
    # The app sends no geometry on a rerun: outlines and choropleth fetch static files, joined by adcode.
    from layers.geometry import geometry_refs
    from layers.mapview import base_map, overlay_data, overlay_groups

    view = tiny_view()
    refs = geometry_refs(tmp_path, "/app/static", {"county": view[["geometry"]], "city": view[["geometry"]]})
    assert refs == geometry_refs(tmp_path, "/app/static", {"county": view[["geometry"]], "city": view[["geometry"]]})
    assert re.fullmatch(r"/app/static/geo/county\.[0-9a-f]{16}\.json", refs["county"].url)
    written = json.loads((tmp_path / refs["county"].url.removeprefix("/app/static/")).read_text(encoding="utf-8"))
    assert [f["properties"] for f in written["features"]] == [{"adcode": c} for c in ("360101", "360102", "360103")]
    assert (tmp_path / "geo" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"

    options = MapOptions()
    m = base_map(options, {"city": refs["city"]})
    groups = overlay_groups(overlay_data(view, catalog_for_maps.get("forest_coverage"), options), refs["county"])
    for g in groups:
        g.add_to(m)
    assert external_urls(m) == []
    html = m.get_root().render()
    assert json.dumps(refs["county"].url) in html and json.dumps(refs["city"].url) in html
    # No geometry travels with the script (no GeoJSON geometry member in it).
    assert not re.search(r'"coordinates"\s*:', html) and not re.search(r'"type"\s*:\s*"(Multi)?Polygon"', html)
    assert "innerHTML" not in html
    props = json.loads(re.search(r", (\{\"360101\".*?\})\);\n", html).group(1))
    assert sorted(props) == ["360101", "360102", "360103"]
    assert props["360101"]["tip"][0][1] and props["360101"]["style"]["fillColor"]


def test_the_map_fits_the_packs_bounds_without_a_pan_animation() -> None:
    # Animated, Leaflet draws the layers that arrive during the pan and then projects and draws them all again.
    from geo.pack import load_pack
    from geo.paths import DATA
    from layers.mapview import base_map

    view = load_pack(DATA).map
    html = base_map(MapOptions(view=view), {}).get_root().render()
    call = re.search(r"\.fitBounds\(\s*(\[.*?\]),\s*(\{.*?\})\s*\);", html, re.S)
    assert call, "the map does not fit the region's bounds"
    assert json.loads(call.group(1)) == [[24.45, 113.55], [30.1, 118.5]]  # data/pack.yaml
    assert json.loads(call.group(2)) == {"animate": False}


def _symbols(m) -> list[list]:
    found = [c for c in m._children.values() if isinstance(c, SymbolLayer)]
    return json.loads(found[0].payload) if found else []


def test_the_map_marks_demo_and_user_values_and_the_legend_explains_the_marks(tiny_view, catalog_for_maps) -> None:
    view = tiny_view(values=(70.0, 50.0, 65.0), provenances=["demo", "user", "official"])
    m = build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions())
    assert [p[2] for p in _symbols(m)] == ["✓*", "✗+", "✓"]
    assert legend(m)["notes"] == ["* 演示数据（非官方） (1)", "+ 用户上传数据 (1)"]
    # Coloured by value, the regions keep their marks (and only those).
    by_value = build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions(mode="value", lang="en"))
    assert [p[2] for p in _symbols(by_value)] == ["*", "+"]
    assert legend(by_value)["notes"] == ["* demo value (not official) (1)", "+ your uploaded value (1)"]


def test_official_values_carry_no_mark(tiny_view, catalog_for_maps) -> None:
    view = tiny_view(values=(70.0, 50.0), provenances=["official", "official"])
    assert legend(build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions()))["notes"] == []
    assert _symbols(build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions(mode="value"))) == []


def test_no_target_is_a_legend_class_of_its_own_only_when_present(tiny_view, catalog_for_maps) -> None:
    view = tiny_view(values=(30.0, 10.0), indicator="nature_reserve_area")
    spec = legend(build_map(view, catalog_for_maps.get("nature_reserve_area"), MapOptions()))
    assert {r["label"]: r["count"] for r in spec["rows"]}["本级无目标"] == 2
    forest = legend(build_map(tiny_view(), catalog_for_maps.get("forest_coverage"), MapOptions()))
    assert "本级无目标" not in [r["label"] for r in forest["rows"]]
