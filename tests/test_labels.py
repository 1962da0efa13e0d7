"""geo/labels.py: every name's point lies inside its region's shape, on its largest part; larger regions first."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, box

from geo.boundaries import load_boundaries
from geo.labels import label_points


def test_every_county_and_city_point_is_inside_its_shape() -> None:
    for level in ("county", "city"):
        units = load_boundaries(level)
        points = label_points(units)
        assert set(points.index) == set(units.index) and points.crs == units.crs
        inside = [units.geometry[c].contains(p) for c, p in points.geometry.items()]
        assert all(inside), [c for c, ok in zip(points.index, inside) if not ok]
        assert points["name_zh"].tolist() == units.loc[points.index, "name_zh"].tolist()


def test_a_crescent_and_an_island_get_their_point_on_the_main_land() -> None:
    crescent = box(0, 0, 10, 10).difference(box(2, 2, 10, 8))  # a C: its centroid is outside it
    island = MultiPolygon([box(20, 0, 30, 10), box(40, 0, 40.5, 0.5)])
    units = gpd.GeoDataFrame({"name_zh": ["甲", "乙"]}, geometry=[crescent, island], crs=3857, index=["1", "2"])
    points = label_points(units)
    assert crescent.contains(points.geometry["1"]) and not crescent.contains(crescent.centroid)
    assert box(20, 0, 30, 10).contains(points.geometry["2"])
    assert list(points.index) == ["2", "1"]  # larger first: the order in which names give way
    assert list(units.geometry.geom_type) == ["Polygon", "MultiPolygon"]  # input untouched


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 50), st.floats(0.1, 20), st.floats(0.1, 20)), min_size=1))
def test_any_rectangle_gets_a_point_inside(rects: list[tuple[float, float, float, float]]) -> None:
    shapes = [Polygon(box(x, y, x + w, y + h).exterior) for x, y, w, h in rects]
    units = gpd.GeoDataFrame(geometry=shapes, crs=4326, index=pd.Index([str(i) for i in range(len(shapes))]))
    points = label_points(units)
    assert all(shapes[int(c)].contains(p) for c, p in points.geometry.items())
