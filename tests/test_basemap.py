"""The opt-in base map: no tiles by default; configured tiles appear with their credit, and the boundaries
move to the tiles' datum (GCJ-02 for Amap-style tiles) so that they line up."""

from __future__ import annotations

import math

import numpy as np
from test_mapview import features

from layers.assets import external_urls
from layers.mapview import Basemap, MapOptions, build_map

TILES = "http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png"


def _first_corner(m) -> tuple[float, float]:
    x, y = features(m)[0]["geometry"]["coordinates"][0][0]
    return x, y


def test_no_tile_layer_by_default(tiny_view, catalog_for_maps) -> None:
    html = build_map(tiny_view(), catalog_for_maps.get("forest_coverage"), MapOptions()).get_root().render()
    assert "L.tileLayer" not in html


def test_configured_tiles_come_with_their_attribution(tiny_view, catalog_for_maps) -> None:
    options = MapOptions(basemap=Basemap(TILES, "© local tile server", "wgs84"))
    m = build_map(tiny_view(), catalog_for_maps.get("forest_coverage"), options)
    html = m.get_root().render()
    assert TILES in html and "local tile server" in html  # (the © is JSON-escaped)
    assert external_urls(m, allow=[TILES]) == []


def test_gcj02_tiles_shift_the_boundaries_by_the_amap_offset(tiny_view, catalog_for_maps) -> None:
    ind = catalog_for_maps.get("forest_coverage")
    wgs = _first_corner(build_map(tiny_view(), ind, MapOptions(basemap=Basemap(TILES, "x", "wgs84"))))
    gcj = _first_corner(build_map(tiny_view(), ind, MapOptions(basemap=Basemap(TILES, "x", "gcj02"))))
    dx = (gcj[0] - wgs[0]) * 111_320 * math.cos(math.radians(wgs[1]))
    dy = (gcj[1] - wgs[1]) * 110_574
    assert 400 < np.hypot(dx, dy) < 800, (dx, dy)  # Jiangxi: about 560-650 m
    assert wgs[0] in (115.0, 115.1) and wgs[1] in (28.0, 28.1)  # WGS-84 tiles: stored coordinates as they are
