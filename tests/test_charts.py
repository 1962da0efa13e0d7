"""layers.charts: the Vega-Lite specs carry the data, the target line, status colours and the target year."""

from __future__ import annotations

import pandas as pd

from layers.charts import ChartText, bars, ranking, small_multiples, trend
from layers.palette import STATUS_STYLES


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _values(spec: dict, chart: dict) -> list[dict]:
    data = chart.get("data", spec.get("data"))
    return spec["datasets"][data["name"]]


def test_bars_colour_by_status_with_a_target_rule():
    data = pd.DataFrame(
        {
            "name": ["甲县", "乙县", "一市"],
            "value": [70.0, 50.0, 60.0],
            "status": ["met", "not_met", "near"],
            "role": ["selected", "selected", "city"],
        }
    )
    text = ChartText(
        statuses={"met": "达标", "near": "接近目标", "not_met": "未达标", "no_data": "无数据", "tracked": "跟踪"}
    )
    spec = bars(data, 63.1, text).to_dict()
    bar, rule = _layers(spec)
    assert bar["mark"]["type"] == "bar" and rule["mark"]["type"] == "rule"
    assert _values(spec, rule)[0]["target"] == 63.1
    scale = bar["encoding"]["color"]["scale"]
    assert scale["range"][scale["domain"].index("未达标")] == STATUS_STYLES["not_met"].fill
    rows = _values(spec, bar)
    assert [r["reference"] for r in rows] == [False, False, True]
    assert bar["encoding"]["x"]["sort"] == ["甲县", "乙县", "一市"]


def test_bars_without_target_is_a_single_chart():
    data = pd.DataFrame({"name": ["甲县"], "value": [1.0], "status": ["tracked"], "role": ["selected"]})
    assert "layer" not in bars(data, None).to_dict()


def test_ranking_outlines_selected_and_drops_missing():
    data = pd.DataFrame(
        {
            "adcode": ["1", "2", "3"],
            "name": ["a", "b", "c"],
            "value": [3.0, 2.0, None],
            "status": ["met", "not_met", "no_data"],
            "rank": [1, 2, None],
        }
    )
    spec = ranking(data, 2.5, ["2"]).to_dict()
    bar = _layers(spec)[0]
    rows = _values(spec, bar)
    assert [(r["name"], r["chosen"]) for r in rows] == [("a", False), ("b", True)]
    assert bar["encoding"]["y"]["sort"] == ["a", "b"]


def test_trend_marks_target_year_and_pace():
    data = pd.DataFrame({"name": ["a", "a"], "year": [2022, 2024], "value": [55.0, 57.0]})
    pace = pd.DataFrame(
        {
            "adcode": ["1", "1"],
            "name": ["a", "a"],
            "year": [2024, 2026],
            "value": [57.0, 63.1],
            "per_year": [3.05, 3.05],
        }
    )
    spec = trend(data, 63.1, 2026, pace).to_dict()
    kinds = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert kinds == ["line", "rule", "rule", "line"]
    assert _values(spec, spec["layer"][2])[0]["year"] == 2026
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [2022, 2026]


def test_small_multiples_facet_by_indicator_with_own_scales():
    data = pd.DataFrame(
        {
            "indicator": ["森林", "森林", "PM2.5"],
            "year": [2022, 2023, 2022],
            "value": [60.0, 61, 30],
            "target": [63.1, 63.1, 29],
        }
    )
    spec = small_multiples(data).to_dict()
    assert spec["facet"]["field"] == "indicator" and spec["resolve"]["scale"]["y"] == "independent"


def test_highlight_layer_outlines_only_known_chosen_regions():
    import geopandas as gpd
    from shapely.geometry import box

    from layers.highlight import highlight_layer

    b = gpd.GeoDataFrame(
        geometry=[box(115, 28, 115.1, 28.1), box(115.1, 28, 115.2, 28.1)],
        crs="EPSG:4326",
        index=pd.Index(["360702", "360703"], name="adcode"),
    )
    layer = highlight_layer(b, ["360703", "999999", "360703"], "对比地区")
    assert len(layer.data["features"]) == 1 and layer.layer_name == "对比地区"
    assert highlight_layer(b, ["999999"], "x") is None
