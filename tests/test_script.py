"""layers.script: a folium map split into a base script (kept by the page) and an overlay script (swapped)."""

from __future__ import annotations

import re

import folium

from layers.geometry import GeometryRef
from layers.mapview import MapOptions, base_map, layer_control, overlay_data, overlay_groups
from layers.script import LayerSwitch, map_script

OUTLINES = {
    "city": GeometryRef("/app/static/geo/city.test.json"),
    "province": GeometryRef("/app/static/geo/province.test.json"),
}
COUNTIES = GeometryRef("/app/static/geo/county.test.json")


def _script(view, catalog, indicator="forest_coverage", prefix="gp"):
    data = overlay_data(view, catalog.get(indicator), MapOptions())
    return map_script(base_map(MapOptions(), OUTLINES), [*overlay_groups(data, COUNTIES), layer_control()], prefix)


def test_the_base_holds_the_map_and_outlines_and_the_overlay_the_indicator_layer(tiny_view, catalog_for_maps):
    script = _script(tiny_view(), catalog_for_maps)
    assert script.map_name == "map_gpb0"
    assert f'var {script.map_name} = L.map(\n                "{script.map_name}"' in script.base
    assert "province.test.json" in script.base and "city.test.json" in script.base
    assert "county.test.json" not in script.base  # the choropleth is the overlay's
    assert "county.test.json" in script.overlay and "gp-legend" in script.overlay
    assert "L.map(" not in script.overlay
    # What the page removes before the next overlay: the indicator group, the symbols group, the layer control.
    groups, symbols, control = script.overlay_names
    assert groups.startswith("feature_group_gpo") and symbols.startswith("feature_group_gpo")
    assert control.startswith("layer_control_gpo")
    for name in script.overlay_names:
        assert f"var {name} = " in script.overlay


def test_names_are_stable_so_a_later_overlay_finds_the_base_drawn_earlier(tiny_view, catalog_for_maps):
    forest = _script(tiny_view((70.0, 50.0, None)), catalog_for_maps)
    again = _script(tiny_view((70.0, 50.0, None)), catalog_for_maps)
    other = _script(tiny_view((10.0, 20.0, 30.0), indicator="pm25"), catalog_for_maps, indicator="pm25")
    assert forest == again and forest.base_key == again.base_key and forest.overlay_key == again.overlay_key
    assert other.base_key == forest.base_key  # another indicator: the page keeps its map
    assert other.overlay_key != forest.overlay_key
    assert other.overlay_names == forest.overlay_names  # ... and replaces the same globals
    assert not re.search(r"_[0-9a-f]{32}\b", forest.base + forest.overlay)  # no random folium ids left


def test_every_reference_in_the_overlay_points_at_a_name_the_scripts_define(tiny_view, catalog_for_maps):
    script = _script(tiny_view(), catalog_for_maps)
    defined = set(re.findall(r"\bvar (\w+) =", script.base + script.overlay))
    used = set(re.findall(r"\b((?:map|feature_group|geo_json|layer_control|symbol_layer)_gp[bo]\d+)\b", script.overlay))
    assert used and used <= defined, used - defined


def test_assets_are_the_local_leaflet_and_geometry_is_prefetched(tiny_view, catalog_for_maps):
    script = _script(tiny_view(), catalog_for_maps)
    assert script.assets == (("js", "/app/static/leaflet/leaflet.js"), ("css", "/app/static/leaflet/leaflet.css"))
    assert set(script.prefetch) == {
        "/app/static/geo/city.test.json",
        "/app/static/geo/province.test.json",
        "/app/static/geo/county.test.json",
    }
    assert script.prefetch[0] == "/app/static/geo/county.test.json"  # the indicator layer's file before the outlines'


def test_the_layer_switch_lists_outlines_and_groups_with_escaped_names():
    m = base_map(MapOptions(lang="en"), OUTLINES)
    group = folium.FeatureGroup(name='Forest "</script>" ${x}')
    script = map_script(m, [group, LayerSwitch(collapsed=True)])
    control = script.overlay[script.overlay.index("var layer_control_") :]
    assert "L.control.layers(" in control and "let " not in control
    assert '"Forest \\"\\u003c/script\\u003e\\" ${x}": feature_group_gpo0' in control  # JSON text, never markup
    assert re.search(r'"City boundaries": geo_json_gpb\d+, "Province boundary": geo_json_gpb\d+', control), control


def test_a_map_without_overlay_is_all_base(catalog_for_maps):
    script = map_script(base_map(MapOptions(), OUTLINES), prefix="gps")
    assert script.overlay == "" and script.overlay_names == ()
    assert script.map_name == "map_gpsb0"
