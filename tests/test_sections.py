"""Monitoring sections: row checks, county by position, attainment figures, demo propagation, export layer."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, box

from geo.errors import InputFileError
from geo.rules import STATUSES, Observation, assess
from geo.sections import (
    INDICATOR,
    LAYER_COLUMNS,
    SECTION_STATUSES,
    basin_summary,
    import_sections,
    section_attainment,
    section_rate_values,
    sections_layer,
    weakest,
)
from geo.settings import Settings
from geo.values import VALUE_COLUMNS
from layers.sections import RINGS

SETTINGS = Settings()


@pytest.fixture
def counties() -> gpd.GeoDataFrame:
    """Two adjacent square 'counties' near Nanchang: west 360101 and east 360102 (border at lon 116.0)."""
    return gpd.GeoDataFrame(
        {"name_zh": ["西县", "东县"], "name_en": ["West", "East"]},
        index=pd.Index(["360101", "360102"], name="adcode"),
        geometry=[box(115.5, 28.5, 116.0, 29.0), box(116.0, 28.5, 116.5, 29.0)],
        crs="EPSG:4326",
    )


@pytest.fixture
def regions() -> pd.DataFrame:
    """The regions table of the two counties: both in city 360100 of province 360000, plus an empty city."""
    return pd.DataFrame(
        {
            "adcode": ["360000", "360100", "360101", "360102", "360200"],
            "level": ["province", "city", "county", "county", "city"],
            "parent_adcode": ["", "360000", "360100", "360100", "360000"],
            "name_zh": ["省", "市", "西县", "东县", "空市"],
        }
    )


def table(*rows: dict) -> pd.DataFrame:
    base = {
        "name": "A",
        "river": "赣江",
        "control_level": "国控",
        "lon": "115.7",
        "lat": "28.7",
        "target_class": "Ⅱ",
        "year": "2024",
        "measured_class": "II",
    }
    return pd.DataFrame([{**base, **r} for r in rows]).astype(str)


def run(counties, *rows: dict, provenance: str = "user"):
    return import_sections(table(*rows), "s.csv", counties, SETTINGS, provenance=provenance)


def messages(result) -> list[str]:
    return [str(i) for i in result.issues]


def test_county_is_assigned_by_position(counties):
    res = run(counties, {"name": "W", "lon": "115.75"}, {"name": "E", "lon": "116.25", "river": "抚河"})
    assert not res.issues
    got = res.sections.set_index("name")
    assert got.loc["W", "adcode"] == "360101" and got.loc["W", "county_zh"] == "西县"
    assert got.loc["E", "adcode"] == "360102" and got.loc["E", "basin"] == "抚河"
    assert got.loc["W", "control_level"] == "national"
    assert res.sections.crs.equals("EPSG:4326")
    assert res.sections.geometry.iloc[0].equals(Point(115.75, 28.7))


def test_a_disagreeing_county_column_is_a_warning_and_the_position_wins(counties):
    res = run(counties, {"name": "W", "lon": "115.75", "county": "东县"}, {"name": "V", "county": "西"})
    assert [str(i) for i in res.warnings] == [
        "s.csv row 2, column county: county '东县' is given, but lon 115.75, lat 28.7 lies in 西县 (360101); "
        "the position decides; check the coordinates or the county"
    ]
    assert list(res.sections["adcode"]) == ["360101", "360101"]


def test_swapped_coordinates(counties):
    res = run(counties, {"lon": "28.68", "lat": "115.89"})
    assert messages(res) == [
        "s.csv row 2, column lon: lon 28.68, lat 115.89 look swapped; exchange the lon and lat values"
    ]
    assert res.sections.empty and list(res.rejected["row"]) == [2]


def test_projected_coordinates(counties):
    res = run(counties, {"lon": "500000", "lat": "3200000"})
    assert messages(res) == [
        "s.csv row 2, column lon: lon 500000, lat 3200000 looks like a projected CRS "
        "(metres, e.g. Gauss-Krüger); give WGS-84 lon/lat in decimal degrees (EPSG:4326)"
    ]


def test_outside_jiangxi(counties):
    res = run(counties, {"lon": "120.15", "lat": "30.28"})
    assert messages(res) == [
        "s.csv row 2, column lon: lon 120.15, lat 30.28 lies outside Jiangxi; check the "
        "position; the counties span lon 115.5–116.5, lat 28.5–29.0"
    ]


def test_just_outside_a_border_snaps_with_a_warning(counties):
    res = run(counties, {"lon": "116.51"})  # ~1.1 km east of the east county
    assert len(res.sections) == 1 and res.sections["adcode"].iloc[0] == "360102"
    assert "lies 1.1 km outside the county boundaries; placed in the nearest county, 东县 (360102)" in messages(res)[0]


def test_bad_class_and_values(counties):
    res = run(
        counties,
        {"measured_class": "Ⅶ"},
        {"name": "B", "target_class": ""},
        {"name": "C", "year": "24.5"},
        {"name": "D", "control_level": "县控"},
        {"name": "E", "lon": "abc"},
    )
    text = messages(res)
    assert text[0].startswith("s.csv row 2, column measured_class: 'Ⅶ' is not a water-quality class; write one of")
    assert (
        text[1]
        == "s.csv row 3, column target_class: the target class is empty; give the section's target class, e.g. Ⅲ"
    )
    assert text[2] == "s.csv row 4, column year: '24.5' is not a year; write the year as four digits, e.g. 2023"
    assert (
        text[3]
        == "s.csv row 5, column control_level: '县控' is not a control level; use national (国控) or provincial (省控)"
    )
    assert text[4].startswith("s.csv row 6, column lon: lon 'abc', lat '28.7' are not numbers")
    assert res.sections.empty and len(res.rejected) == 5
    assert "is not a water-quality class" in res.rejected["reason"].iloc[0]
    assert list(res.rejected.columns[:3]) == ["row", "reason", "name"] and list(res.rejected["row"]) == [2, 3, 4, 5, 6]


def test_duplicates_of_section_year_month(counties):
    res = run(counties, {}, {"measured_class": "III"}, {"month": "3"}, {"month": "3"}, {"year": "2025"})
    assert messages(res) == [
        "s.csv row 3, column name: section A 2024 appears again (first at row 2); keep one row per section, year and month",
        "s.csv row 5, column name: section A 2024-03 appears again (first at row 4); keep one row per section, year and month",
    ]
    assert len(res.sections) == 3


def test_a_section_keeps_one_position(counties):
    res = run(counties, {}, {"year": "2025", "lon": "115.8"})
    assert "section A is at lon 115.8, lat 28.7 here but at lon 115.7, lat 28.7 in row 2" in messages(res)[0]


def test_missing_columns_name_the_accepted_headings(counties):
    with pytest.raises(InputFileError) as err:
        import_sections(pd.DataFrame({"断面名称": ["A"], "经度": ["115.7"]}), "s.csv", counties, SETTINGS)
    assert "s.csv: missing column(s) river, target_class, year, lat" in str(err.value)
    assert "水质目标" in str(err.value)


def test_chinese_headings_and_geojson_points(counties):
    zh = pd.DataFrame(
        {
            "断面名称": ["A"],
            "河流": ["信江"],
            "经度": ["116.2"],
            "纬度": ["28.6"],
            "水质目标": ["Ⅲ类"],
            "年份": ["2024"],
            "水质类别": ["劣Ⅴ类"],
            "控制级别": ["省控"],
        }
    )
    res = import_sections(zh, "s.xlsx", counties, SETTINGS)
    assert not res.issues and res.sections["measured_class"].iloc[0] == 6
    assert res.sections["control_level"].iloc[0] == "provincial" and res.sections["provenance"].iloc[0] == "user"
    pts = gpd.GeoDataFrame(
        {"name": ["P"], "river": ["鄱阳湖"], "target_class": ["III"], "year": ["2024"], "measured_class": ["IV"]},
        geometry=[Point(116.1, 28.9)],
        crs="EPSG:4326",
    )
    res = import_sections(pts, "s.geojson", counties, SETTINGS)
    assert not res.issues and res.sections["adcode"].iloc[0] == "360102"
    with pytest.raises(InputFileError, match="projected CRS"):
        import_sections(pts.to_crs(32650), "s.geojson", counties, SETTINGS)


def test_forms_shared_with_the_indicator_import(counties):
    res = run(
        counties,
        {"year": "2024年", "month": "3月", "measured_class": "—", "provenance": "演示"},
        {"name": "B", "year": "1980"},
        {"name": "C", "month": "13"},
        {"name": "D", "year": ""},
    )
    assert res.sections[["year", "month"]].iloc[0].tolist() == [2024, 3]
    assert pd.isna(res.sections["measured_class"].iloc[0]) and res.sections["provenance"].iloc[0] == "demo"
    assert messages(res) == [
        "s.csv row 3, column year: year 1980 is outside 2000-2035; check the year",
        "s.csv row 4, column month: '13' is not a month; write the month as 1-12, or leave it empty for a whole year",
        "s.csv row 5, column year: the year is blank; write the year as four digits, e.g. 2023",
    ]
    assert res.summary() == "s.csv: 1 section in 1 row imported, 3 rows rejected; 3 errors, 0 warnings"
    assert not res.ok and res.report().startswith("error: s.csv row 3")


def test_official_rows_need_a_source(counties):
    res = run(counties, {"provenance": "official", "source": ""}, {"name": "B", "provenance": "guess"})
    assert messages(res) == [
        "s.csv row 2, column source: an official row has no source; name the publication the class comes from",
        "s.csv row 3, column provenance: 'guess' is not a provenance of imported rows; use official (with a source), user or demo",
    ]


# ------------------------------------------------------------------------------------------- figures


def five_sections(counties, demo_name: str | None = None):
    """West county: A (Ⅱ vs Ⅱ meets), B (Ⅳ vs Ⅲ fails), C (no class). East: D (Ⅲ vs Ⅱ fails), E (Ⅰ vs Ⅲ meets)."""
    rows = [
        {"name": "A", "lon": "115.6", "target_class": "Ⅱ", "measured_class": "Ⅱ", "river": "赣江"},
        {"name": "B", "lon": "115.7", "target_class": "Ⅲ", "measured_class": "Ⅳ", "river": "赣江"},
        {"name": "C", "lon": "115.8", "target_class": "Ⅲ", "measured_class": "", "river": "修河"},
        {"name": "D", "lon": "116.2", "target_class": "Ⅱ", "measured_class": "Ⅲ", "river": "赣江"},
        {"name": "E", "lon": "116.3", "target_class": "Ⅲ", "measured_class": "Ⅰ", "river": "抚河"},
    ]
    rows = [{**r, "provenance": "demo" if r["name"] == demo_name else "official", "source": "bulletin"} for r in rows]
    res = run(counties, *rows)
    assert not res.issues
    return res.sections


def test_section_attainment(counties):
    att = section_attainment(five_sections(counties), 2024).set_index("name")
    assert list(att["status"]) == ["met", "not_met", "no_data", "not_met", "met"]
    assert list(att["meets"].astype(object)) == [True, False, pd.NA, False, True]
    assert list(att["class_i_iii"].astype(object)) == [True, False, pd.NA, True, True]
    assert section_attainment(five_sections(counties), 2023).empty


def test_section_statuses_are_the_common_ones():
    assert set(SECTION_STATUSES) <= set(STATUSES)
    assert set(RINGS) == set(SECTION_STATUSES)


def test_at_the_target_class_is_met_and_one_class_worse_is_not(counties):
    res = run(
        counties,
        {"name": "On", "target_class": "Ⅲ", "measured_class": "Ⅲ"},
        {"name": "Worse", "target_class": "Ⅲ", "measured_class": "Ⅳ"},
        {"name": "Better", "target_class": "Ⅲ", "measured_class": "Ⅱ"},
    )
    att = section_attainment(res.sections, 2024).set_index("name")
    assert att.loc[["On", "Worse", "Better"], "status"].tolist() == ["met", "not_met", "met"]
    # The same verdicts as the common rule gives, never 'near': one class worse is simply not met.
    assert [
        assess("class_at_most", Observation(value=v, target=3, year=2024, target_year=2024)).status for v in (3, 4, 2)
    ] == ["met", "not_met", "met"]
    layer = sections_layer(res.sections, 2024).set_index("name")
    assert layer.loc[["On", "Worse", "Better"], "status"].tolist() == ["met", "not_met", "met"]


def test_county_values_hand_computed(counties, regions):
    values = section_rate_values(five_sections(counties), regions, 2024)
    assert list(values.columns) == list(VALUE_COLUMNS)
    assert list(values["adcode"]) == ["360000", "360100", "360101", "360102"]  # no row for the city without sections
    values = values[values["adcode"].isin(["360101", "360102"])].reset_index(drop=True)
    assert set(values["indicator"]) == {INDICATOR}
    assert list(values["value"]) == [50.0, 50.0]  # west: A meets, B fails (C unmeasured); east: E meets, D fails
    assert values["note"].iloc[0] == (
        "1 of 2 sections meet their target class; 1 of 2 at Class I-III; 1 without a class (A, B, C)"
    )
    assert list(values["provenance"]) == ["derived", "derived"]  # computed here from official classes


def test_city_and_province_rates_are_weighted_by_their_sections(counties, regions):
    """West: 1 of 1 meets (100 %); east: 1 of 3 (33.3 %). Unweighted mean 66.7 %, by sections 2 of 4 = 50 %."""
    res = run(
        counties,
        {"name": "W1", "lon": "115.6", "target_class": "Ⅲ", "measured_class": "Ⅱ"},
        {"name": "E1", "lon": "116.2", "target_class": "Ⅲ", "measured_class": "Ⅲ"},
        {"name": "E2", "lon": "116.3", "target_class": "Ⅱ", "measured_class": "Ⅲ"},
        {"name": "E3", "lon": "116.4", "target_class": "Ⅲ", "measured_class": "劣Ⅴ"},
        {"name": "E4", "lon": "116.45", "target_class": "Ⅲ", "measured_class": ""},
    )
    values = section_rate_values(res.sections, regions, 2024).set_index("adcode")
    assert values.loc["360101", "value"] == 100.0
    assert values.loc["360102", "value"] == pytest.approx(100 / 3)
    assert values.loc["360100", "value"] == 50.0  # not (100 + 33.3) / 2
    assert values.loc["360000", "value"] == 50.0
    assert values.loc["360100", "note"] == (
        "2 of 4 sections meet their target class; 3 of 4 at Class I-III; "
        "1 without a class; counted over the sections of 2 counties"
    )
    assert set(values["indicator"]) == {INDICATOR} and set(values["year"]) == {2024}
    assert set(values["provenance"]) == {"user"}
    assert "360200" not in values.index  # a city with no sections gets no row here (the aggregation says so)


def test_demo_propagates_to_aggregates(counties, regions):
    sections = five_sections(counties, demo_name="B")
    values = section_rate_values(sections, regions, 2024).set_index("adcode")
    assert values.loc["360101", "provenance"] == "demo" and values.loc["360102", "provenance"] == "derived"
    assert values.loc["360100", "provenance"] == "demo" and values.loc["360000", "provenance"] == "demo"
    basins = basin_summary(sections, 2024).set_index("basin")
    assert basins.loc["赣江", "provenance"] == "demo" and basins.loc["抚河", "provenance"] == "derived"
    assert basins.loc["全省", "provenance"] == "demo"
    assert weakest(["official", "user"]) == "user" and weakest([]) == "derived"


def test_basin_summary_hand_computed(counties):
    basins = basin_summary(five_sections(counties), 2024).set_index("basin")
    # 赣江: A meets, B fails, D fails -> 1/3 meet; I-III: A, D -> 2/3
    assert basins.loc["赣江", ["sections", "measured", "meeting", "class_i_iii"]].tolist() == [3, 3, 1, 2]
    assert basins.loc["赣江", "meeting_pct"] == pytest.approx(100 / 3)
    assert basins.loc["赣江", "class_i_iii_pct"] == pytest.approx(200 / 3)
    assert basins.loc["修河", "measured"] == 0 and pd.isna(basins.loc["修河", "meeting_pct"])
    # all: 4 measured, A and E meet (50 %), A, D, E at I-III (75 %)
    assert basins.loc["全省", ["meeting_pct", "class_i_iii_pct"]].tolist() == [50.0, 75.0]


def test_months_give_the_median_class_rounded_to_worse(counties):
    res = run(
        counties,
        *[{"month": str(m), "measured_class": c} for m, c in [(1, "Ⅱ"), (2, "Ⅲ"), (3, "Ⅲ"), (4, "Ⅱ")]],
        {"name": "Y", "month": "1", "measured_class": "Ⅳ"},
        {"name": "Y", "measured_class": "Ⅰ"},
    )
    att = section_attainment(res.sections, 2024).set_index("name")
    assert att.loc["A", "measured_class"] == 3 and att.loc["A", "months"] == 4  # median 2.5 -> Ⅲ
    assert att.loc["Y", "measured_class"] == 1 and att.loc["Y", "months"] == 0  # the annual row wins


def test_sections_layer_columns_and_geojson(counties):
    sections = five_sections(counties, demo_name="A")
    earlier = run(
        counties,
        {"name": "A", "lon": "115.6", "year": "2023", "measured_class": "Ⅲ"},
        {"name": "E", "lon": "116.3", "year": "2023", "target_class": "Ⅲ", "measured_class": "Ⅰ"},
    ).sections
    layer = sections_layer(pd.concat([sections, earlier], ignore_index=True), 2024)
    assert tuple(c for c in layer.columns if c != "geometry") == LAYER_COLUMNS
    assert layer.crs.equals("EPSG:4326")
    a = layer.set_index("name").loc["A"]
    assert (a["county_adcode"], a["county_name"], a["target_class"], a["measured_class"], a["status"]) == (
        "360101",
        "西县",
        "Ⅱ类",
        "Ⅱ类",
        "met",
    )
    assert (a["previous_class"], a["trend"], a["provenance"], a["colour"]) == ("Ⅲ类", "better", "demo", "#1F78C8")
    c = layer.set_index("name").loc["C"]
    assert c["status"] == "no_data" and c["measured_class"] is None and c["colour"] is None
    en = sections_layer(sections, 2024, lang="en").set_index("name")
    assert en.loc["B", "measured_class"] == "Class IV" and en.loc["B", "status"] == "not_met"
    props = json.loads(layer.to_json(na="null"))["features"][0]["properties"]
    assert props["name"] == "A" and props["measured_ordinal"] == 2


def test_sections_layer_for_a_month(counties):
    res = run(
        counties,
        {"month": "3", "measured_class": "Ⅳ"},
        {"month": "4", "measured_class": "Ⅱ"},
        {"year": "2023", "month": "3", "measured_class": "Ⅴ"},
    )
    layer = sections_layer(res.sections, 2024, month=3)
    assert len(layer) == 1 and layer["month"].iloc[0] == 3
    assert layer[["measured_class", "status", "previous_class", "trend"]].iloc[0].tolist() == [
        "Ⅳ类",
        "not_met",
        "Ⅴ类",
        "better",
    ]


def test_inputs_are_untouched(counties):
    sections = five_sections(counties)
    before = sections.copy()
    section_attainment(sections, 2024), basin_summary(sections, 2024), sections_layer(sections, 2024)
    pd.testing.assert_frame_equal(sections, before)


# ---------------------------------------------------------------------------------------- built-in data


def test_builtin_sections_are_demo_and_fall_in_their_intended_counties():
    boundaries = pytest.importorskip("geo.boundaries")
    try:
        counties = boundaries.load_boundaries("county")
    except Exception as exc:  # boundaries not built in this checkout
        pytest.skip(f"county boundaries unavailable: {exc}")
    from geo.pack import load_pack
    from geo.sections import load_builtin_sections

    res = load_builtin_sections(counties, load_pack(SETTINGS.data_dir), SETTINGS)
    assert not res.issues  # no bad rows, and no position outside the county it was meant to be in
    s = res.sections
    assert 30 <= s["name"].nunique() <= 50 and sorted(s["year"].unique()) == [2022, 2023, 2024, 2025]
    assert set(s["provenance"]) == {"demo"}
    assert {"长江", "赣江", "抚河", "信江", "饶河", "修河", "鄱阳湖"} <= set(s["river"]) | set(s["basin"])
    # the plan's Class Ⅱ targets: Yangtze and Gan mainstream
    assert set(s.loc[s["river"].isin(["长江", "赣江"]), "target_class"]) == {2}
    regions = boundaries.load_regions()
    values = section_rate_values(s, regions, 2025)
    assert set(values["provenance"]) == {"demo"} and values["value"].between(0, 100).all()
    # Every unit's rate is over its own sections: the province's is the share of all measured sections.
    att = section_attainment(s, 2025)
    measured = att[att["measured_class"].notna()]
    province = values.set_index("adcode").loc["360000", "value"]
    assert province == pytest.approx(100 * (measured["status"] == "met").sum() / len(measured))
    cities = set(regions.loc[regions["adcode"].isin(measured["adcode"]), "parent_adcode"])
    assert cities <= set(values["adcode"])


# ------------------------------------------------------------------------------------------- files


def test_files_csv_xlsx_geojson_through_the_table_reader(counties, tmp_path):
    rows = table(
        {"name": "A"},
        {"name": "B", "lon": "116.2", "measured_class": "劣V类"},
        {"name": "C", "lon": "28.7", "lat": "115.7"},
    )
    csv_path = tmp_path / "s.csv"
    csv_path.write_bytes(
        rows.rename(columns={"name": "断面名称", "lon": "经度", "lat": "纬度"}).to_csv(index=False).encode("gbk")
    )
    xlsx_path = tmp_path / "s.xlsx"
    rows.to_excel(xlsx_path, index=False)
    pts = gpd.GeoDataFrame(
        rows.drop(columns=["lon", "lat"]),
        crs="EPSG:4326",
        geometry=[Point(115.7, 28.7), Point(116.2, 28.7), Point(28.7, 115.7)],
    )
    geojson_path = tmp_path / "s.geojson"
    pts.to_file(geojson_path, driver="GeoJSON")
    for path in (csv_path, xlsx_path, geojson_path):
        res = import_sections(path, path.name, counties, SETTINGS)
        assert list(res.sections["adcode"]) == ["360101", "360102"], path
        assert res.sections["measured_class"].tolist() == [2, 6]
        heading = "经度" if path.suffix == ".csv" else "lon"  # the file's own heading names the column
        assert [str(i) for i in res.issues] == [
            f"{path.name} row 4, column {heading}: lon 28.7, lat 115.7 look swapped; exchange the lon and lat values"
        ]
    uploaded = import_sections(geojson_path.read_bytes(), "upload.geojson", counties, SETTINGS)
    assert len(uploaded.sections) == 2


def test_a_projected_geopackage_is_refused(counties, tmp_path):
    pts = gpd.GeoDataFrame(table({}), geometry=[Point(115.7, 28.7)], crs="EPSG:4326").drop(columns=["lon", "lat"])
    path = tmp_path / "p.gpkg"
    pts.to_crs(32650).to_file(path, driver="GPKG")
    with pytest.raises(InputFileError, match=r"p.gpkg: the points are in a projected CRS \(EPSG:32650\)"):
        import_sections(path, path.name, counties, SETTINGS)
