"""layers.legend: the legend control's payload is data rendered as text, bound to its layer."""

from __future__ import annotations

import json
import re

import folium

from layers.legend import Legend, LegendRow, LegendSpec


def _legend(title: str = "森林覆盖率 · 2024", label: str = "达标") -> tuple[folium.Map, folium.GeoJson, Legend]:
    m = folium.Map(tiles=None)
    layer = folium.GeoJson({"type": "FeatureCollection", "features": []}, name="layer").add_to(m)
    spec = LegendSpec(
        title,
        "目标 ≥ 63.1 %，2026年",
        (LegendRow("#0072B2", None, "✓", label, 3), LegendRow("#ffffff", "4 4", "?", "无数据", 1)),
        ("含演示数据（非官方）",),
    )
    legend = Legend(spec, layer, m)
    m.add_child(legend)
    return m, layer, legend


def test_payload_holds_title_subtitle_rows_and_notes() -> None:
    _, _, legend = _legend()
    data = json.loads(legend.payload)
    assert data == {
        "title": "森林覆盖率 · 2024",
        "subtitle": "目标 ≥ 63.1 %，2026年",
        "notes": ["含演示数据（非官方）"],
        "rows": [
            {"fill": "#0072B2", "dash": None, "symbol": "✓", "label": "达标", "count": 3},
            {"fill": "#ffffff", "dash": "4 4", "symbol": "?", "label": "无数据", "count": 1},
        ],
    }


def test_legend_follows_its_layer_on_and_off() -> None:
    m, layer, _ = _legend()
    html = m.get_root().render()
    script = html[html.index("var spec =") :]
    assert f"var layer = {layer.get_name()};" in script and f"var map = {m.get_name()};" in script
    assert "map.on('overlayadd'" in script and "map.on('overlayremove'" in script and "control.remove()" in script
    # The legend script runs after the layer exists.
    assert html.index(f"var {layer.get_name()} = ") < html.index("var spec =")


def test_texts_are_rendered_as_text_and_cannot_close_the_script() -> None:
    hostile = "</script><img src=x onerror=document.title='pwned'>"
    m, _, legend = _legend(title=hostile, label="${document.title='x'}")
    html = m.get_root().render()
    assert hostile not in html and "</script><img" not in html
    assert json.loads(legend.payload.replace("<\\/", "</"))["title"] == hostile
    block = re.search(r"var spec = .*?\}\)\(\);", html, re.S).group(0)
    assert "innerHTML" not in block and "textContent" in block
