"""geo.compare on the real regions and demo values: groups, search, reference rows, counts, movers, pace; XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo import compare as cmp
from geo.catalog import load_catalog
from geo.errors import AtlasError
from geo.export import to_xlsx
from geo.paths import DATA
from geo.regions import load_region_index
from geo.values import normalise

GANZHOU = "360700"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def regions():
    return pd.read_csv(DATA / "boundaries" / "regions.csv", dtype={"adcode": str, "parent_adcode": str})


@pytest.fixture(scope="module")
def demo():
    return normalise(pd.read_csv(DATA / "indicators" / "demo_values.csv", dtype={"adcode": str}))


@pytest.fixture(scope="module")
def levels(demo, regions, catalog):
    return cmp.all_levels(demo, regions, catalog)


def _by_hand(year: int) -> tuple[list[str], float]:
    """Ganzhou's counties and their area-weighted demo forest coverage, read straight from the CSV files."""
    with open(DATA / "boundaries" / "regions.csv", encoding="utf-8") as f:
        area = {r["adcode"]: float(r["area_km2"]) for r in csv.DictReader(f) if r["parent_adcode"] == GANZHOU}
    with open(DATA / "indicators" / "demo_values.csv", encoding="utf-8") as f:
        vals = {
            r["adcode"]: float(r["value"])
            for r in csv.DictReader(f)
            if r["indicator"] == "forest_coverage" and r["year"] == str(year) and r["adcode"] in area
        }
    return sorted(area), sum(vals[c] * area[c] for c in vals) / sum(area[c] for c in vals)


def test_counties_of_a_city_are_its_counties_in_the_regions_table(regions):
    expected, _ = _by_hand(2025)
    got = cmp.counties_of(regions, GANZHOU)
    assert sorted(got) == expected and len(got) == 18


def test_counties_of_refuses_a_county_code(regions):
    with pytest.raises(AtlasError, match="'360702' is not a city of the regions table"):
        cmp.counties_of(regions, "360702")


def test_city_reference_row_is_the_area_weighted_mean_of_its_counties(levels, regions, catalog):
    counties, mean = _by_hand(2025)
    table = cmp.comparison(levels, regions, catalog, ["360702", "360703"], 2025, ["forest_coverage"])
    assert list(table["role"]) == ["selected", "selected", "city", "province"]
    assert list(table["adcode"]) == ["360702", "360703", GANZHOU, "360000"]
    city = table.loc[table["role"] == "city"].iloc[0]
    assert city["value"] == pytest.approx(mean, abs=1e-4)  # aggregates are rounded to 4 decimals
    assert city["name_zh"] == "赣州市"


def test_selected_city_is_not_repeated_as_a_reference_row(levels, regions, catalog):
    table = cmp.comparison(levels, regions, catalog, [GANZHOU, "360702"], 2025, ["forest_coverage"])
    assert list(table["role"]) == ["selected", "selected", "province"]


def test_comparison_names_unknown_codes(levels, regions, catalog):
    with pytest.raises(AtlasError, match="999999 not in the regions table"):
        cmp.comparison(levels, regions, catalog, ["999999"], 2025)


def test_status_and_gap_follow_the_target(levels, regions, catalog):
    table = cmp.comparison(levels, regions, catalog, ["360702"], 2025, ["forest_coverage"]).iloc[0]
    assert table["target"] == 63.1
    assert table["gap"] == pytest.approx(table["value"] - 63.1, abs=1e-6)
    assert table["status"] == ("met" if table["value"] >= 63.1 else "near" if table["value"] >= 62.1 else "not_met")


def test_not_meeting_lists_exactly_the_counties_short_of_the_target(demo, levels, regions, catalog):
    got = cmp.not_meeting(levels, regions, catalog, "forest_coverage", 2025, GANZHOU)
    mine = demo[
        (demo["indicator"] == "forest_coverage")
        & (demo["year"] == 2025)
        & demo["adcode"].isin(cmp.counties_of(regions, GANZHOU))
    ]
    assert sorted(got) == sorted(mine.loc[mine["value"] < 63.1, "adcode"])


def test_search_by_chinese_pinyin_english_code_and_old_name(regions):
    assert cmp.search(regions, "章贡") == ["360702"]
    assert cmp.search(regions, "zhanggong") == ["360702"]
    assert cmp.search(regions, "Zhānggòng") == ["360702"]
    assert "360700" in cmp.search(regions, "ganzhou")
    assert cmp.search(regions, "36070")[:2] == ["360700", "360702"]
    assert cmp.search(regions, "   ") == []
    assert cmp.search(regions, "火星") == []
    index = load_region_index()
    assert cmp.search(regions, "赣县", index) == ["360704"]  # 赣县 became 赣县区 (360704)


def test_parse_codes_keeps_known_codes_once_in_order():
    assert cmp.parse_codes("360703,360702，360703, x ,999999", ["360702", "360703"]) == (
        ["360703", "360702"],
        ["x", "999999"],
    )
    assert cmp.parse_codes("", ["360702"]) == ([], [])


def test_target_counts_add_up_to_all_counties(levels, regions, catalog, demo):
    counts = cmp.target_counts(levels, regions, catalog, 2025).set_index("indicator")
    assert "nature_reserve_area" not in counts.index  # a provincial total is no per-county target
    assert (counts[["met", "near", "not_met", "no_data"]].sum(axis=1) == counts["counties"]).all()
    fc = demo[(demo["indicator"] == "forest_coverage") & (demo["year"] == 2025)]
    assert counts.at["forest_coverage", "met"] == int((fc["value"] >= 63.1).sum())


def test_ranking_best_first_and_pm25_lower_is_better(levels, regions, catalog):
    ranked = cmp.ranking(levels, regions, catalog, "pm25", 2025)
    best, worst = cmp.best_worst(ranked, 5)
    assert list(best["rank"]) == [1, 2, 3, 4, 5]
    assert best["value"].is_monotonic_increasing and worst["value"].is_monotonic_decreasing
    assert worst["value"].iloc[0] == ranked["value"].max()


def test_movers_change_since_the_first_year(levels, regions, catalog, demo):
    moved = cmp.movers(levels, regions, catalog, "forest_coverage", 2025)
    assert (moved["base_year"] == 2022).all() and len(moved) == 100
    row = moved.iloc[0]
    fc = demo[(demo["indicator"] == "forest_coverage") & (demo["adcode"] == row["adcode"])].set_index("year")["value"]
    assert row["change"] == pytest.approx(fc[2025] - fc[2022], abs=1e-6)
    assert row["improvement"] == moved["improvement"].max()
    pm = cmp.movers(levels, regions, catalog, "pm25", 2025)
    assert (pm["improvement"] == -pm["change"]).all()  # PM2.5 falling is an improvement


def test_pace_needed_and_observed():
    p = cmp.pace({2022: 55.0, 2024: 57.0}, 63.1, 2026, "higher")
    assert (p.needed_per_year, p.observed_per_year, p.met, p.on_track) == (3.05, 1.0, False, False)
    assert cmp.pace({2025: 30.0}, 29, 2026, "lower").needed_per_year == -1.0
    assert cmp.pace({2025: 64.0}, 63.1, 2026, "higher").on_track is True
    late = cmp.pace({2027: 60.0}, 63.1, 2026, "higher")
    assert late.needed_per_year is None and late.on_track is None
    assert cmp.pace({}, 63.1, 2026, "higher") is None


@given(st.dictionaries(st.integers(2015, 2025), st.floats(0, 100), min_size=1, max_size=6), st.floats(0, 100))
def test_pace_line_reaches_the_target_at_the_target_year(history, target):
    p = cmp.pace(history, target, 2026, "higher")
    if p.needed_per_year:
        assert p.value + p.needed_per_year * (2026 - p.year) == pytest.approx(target, abs=1e-4)


def test_series_and_pace_lines(levels, regions):
    s = cmp.series(levels, regions, "forest_coverage", ["360702", GANZHOU])
    assert list(s["adcode"].unique()) == ["360702", GANZHOU]
    lines = cmp.pace_lines(s, 63.1, 2026, "higher")
    for _, part in lines.groupby("adcode"):
        assert list(part["year"])[-1] == 2026 and list(part["value"])[-1] == 63.1


def test_xlsx_neutralises_formula_text(levels, regions, catalog):
    table = cmp.comparison(levels, regions, catalog, ["360702"], 2025, ["forest_coverage"])
    table.loc[0, "source"] = '=HYPERLINK("http://x")'
    table.loc[1, "source"] = "@SUM(A1)"
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, {"link": "-1+1"}, lang="en")))
    rows = list(book["data"].iter_rows(values_only=True))
    col = rows[0].index("source")
    assert rows[1][col] == '\'=HYPERLINK("http://x")' and rows[2][col] == "'@SUM(A1)"
    assert isinstance(rows[1][rows[0].index("value")], float)  # numbers stay numbers
    assert list(book["metadata"].iter_rows(values_only=True))[1] == ("Link to the view", "link", "'-1+1")
    assert all(c.data_type != "f" for r in book["data"].iter_rows() for c in r)


@settings(deadline=None, max_examples=20)
@given(
    st.lists(
        st.sampled_from(["360102", "360103", "360731", "360700", "360100", "361000"]),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_a_table_selected_from_the_years_assessments_equals_one_assessed_for_its_regions(
    levels, regions, catalog, codes
):
    # The compare tab keeps every region's assessment of a year and selects from it: the same table, the same counts.
    assessed = cmp.assessments(levels, regions, catalog, 2024)
    pd.testing.assert_frame_equal(
        cmp.comparison(levels, regions, catalog, codes, 2024, assessed=assessed),
        cmp.comparison(levels, regions, catalog, codes, 2024),
    )
    pd.testing.assert_frame_equal(
        cmp.target_counts(levels, regions, catalog, 2024, assessed), cmp.target_counts(levels, regions, catalog, 2024)
    )
