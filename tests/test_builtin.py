"""Built-in values: published figures with sources, demo values labelled and calibrated to the province figures."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from geo.aggregation import aggregate
from geo.boundaries import load_regions
from geo.builtin import load_builtin
from geo.catalog import load_catalog
from geo.pack import load_pack
from geo.paths import DATA, ROOT
from geo.values import yearly

SHARED = ROOT.parent / "shared" / "data" / "jiangxi_official_figures.csv"


@pytest.fixture(scope="module")
def builtin():
    return load_builtin(DATA, load_catalog(), load_pack(DATA).root)


def test_every_value_is_labelled_with_provenance_and_source(builtin) -> None:
    v = builtin.values
    assert v["provenance"].notna().all() and v["source"].notna().all()
    demo = v[v["provenance"] == "demo"]
    assert len(demo) > 0
    assert demo["source"].str.contains("not an official figure").all()
    assert demo["note"].str.startswith("demo:").all()
    assert set(demo["adcode"]) <= set(load_regions().query("level == 'county'")["adcode"])


def test_official_rows_cite_their_published_source(builtin) -> None:
    official = builtin.values[builtin.values["provenance"] == "official"]
    assert len(official) > 0
    assert official["source"].str.contains("http").all()


def test_published_rows_without_a_plan_indicator_are_kept_not_dropped(builtin) -> None:
    raw = pd.read_csv(DATA / "indicators" / "official_figures.csv", dtype=str)
    used = ((builtin.values["provenance"] == "official") & builtin.values["period"].isna()).sum()
    assert used + len(builtin.unused_official) == len(raw)
    assert "national_section_good_ratio" in set(builtin.unused_official["indicator"])


def test_demo_county_aggregate_equals_each_published_province_figure(builtin) -> None:
    catalog = load_catalog()
    published = yearly(builtin.values)
    published = published[(published["provenance"] == "official") & (published["adcode"] == "360000")]
    demo = builtin.values[builtin.values["provenance"] == "demo"]
    province = aggregate(demo, load_regions(), catalog, "province").set_index(["indicator", "year"])["value"]
    checked = 0
    for row in published.itertuples():
        key = (row.indicator, row.year)
        if key in province.index:
            assert province[key] == pytest.approx(float(row.value), abs=1e-4), key
            checked += 1
    assert checked >= 5  # forest 2024, PM2.5 2022/2024/2025, good-air days 2022/2024/2025


def test_official_figures_are_the_shared_published_table() -> None:
    if not SHARED.exists():
        pytest.skip(f"{SHARED} is not beside the repo")
    assert (DATA / "indicators" / "official_figures.csv").read_bytes() == SHARED.read_bytes()


def test_demo_builder_reproduces_the_committed_file() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/build_demo_values.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_derived_land_cover_values_are_loaded_when_built(builtin) -> None:
    built = DATA / "derived" / "modis_landcover_2019.csv"
    if not built.exists():
        pytest.skip("run `python -m geo build-data` (make test does) to build the MODIS shares")
    derived = builtin.values[builtin.values["provenance"] == "derived"]
    forest = derived[derived["indicator"] == "landcover_forest_share"]
    assert len(forest) == 100 and forest["source"].str.contains("MODIS").all()


BULLETINS = DATA / "bulletins"
SHARED_BULLETINS = ROOT.parent / "shared" / "data" / "jiangxi_monthly_bulletins"


def test_the_bulletins_keep_every_row_each_with_its_source(builtin) -> None:
    raw = pd.read_csv(BULLETINS / "province_monthly.csv", dtype=str, keep_default_na=False)
    months = builtin.values[builtin.values["period"].notna()]
    assert len(raw) == 83 and len(months) + len(builtin.unused_bulletins) == 83  # 83 in, 83 out
    assert (months["provenance"] == "official").all() and months["source"].str.contains("http").all()
    assert builtin.unused_bulletins["source_url"].str.startswith("http").all()
    assert set(months["indicator"]) == {"pm25", "good_air_days_ratio"}
    assert set(builtin.unused_bulletins["indicator"]) >= {"national_section_good_ratio", "counties_meeting_pm25_grade2"}
    may = months[(months["indicator"] == "pm25") & (months["period"] == "2024-05")].iloc[0]
    assert (may["adcode"], may["year"], may["value"]) == (
        "360000",
        2024,
        float(raw.query("indicator == 'pm25' and period == '2024-05'")["value"].iloc[0]),
    )


@pytest.mark.skipif(not SHARED_BULLETINS.is_dir(), reason="the shared bulletins are not beside the repository")
@pytest.mark.parametrize(
    "name", ["province_monthly.csv", "city_pm25_rank_monthly.csv", "county_pm25_best_worst_lists.csv"]
)
def test_the_bulletins_are_verbatim_copies_of_the_shared_tables(name: str) -> None:
    assert (BULLETINS / name).read_bytes() == (SHARED_BULLETINS / name).read_bytes()
