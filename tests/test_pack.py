"""geo/pack.py and the atlas on another region: the made-up Toyland pack runs export, import, attainment and the
map page with GANPO_DATA_DIR and no code change; docs/PACK.md and the loader agree."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.atlas import load_atlas
from geo.cli import main as cli
from geo.errors import CatalogError
from geo.importer import import_values
from geo.pack import MAP_KEYS, OPTIONAL_KEYS, REQUIRED_KEYS, load_pack
from geo.paths import DATA, ROOT
from geo.scorecard import scorecard
from geo.settings import Settings

TOYLAND = ROOT / "tests" / "packs" / "toyland"


@pytest.fixture(scope="module")
def toyland():
    return load_atlas(Settings(data_dir=TOYLAND))


def _manifest(tmp_path: Path, text: str) -> Path:
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    return tmp_path


GOOD = (TOYLAND / "pack.yaml").read_text(encoding="utf-8")


def test_the_jiangxi_pack_is_the_default_data() -> None:
    pack = load_pack(DATA)
    assert (pack.id, pack.root, pack.levels, pack.leaf) == (
        "jiangxi",
        "360000",
        ("province", "city", "county"),
        "county",
    )
    assert pack.map_levels == ("county", "city") and pack.numeral(4, "zh") == "四" and pack.numeral(4, "en") == "4"


def test_an_unknown_key_is_refused_with_the_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"unknown key\(s\) centre; use only id, name_zh, .*strings"):
        load_pack(_manifest(tmp_path, GOOD + "centre: [1, 2]\n"))


def test_a_level_without_a_boundary_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"boundaries has no file for city"):
        load_pack(_manifest(tmp_path, GOOD.replace("levels: [province, county]", "levels: [province, city, county]")))


def test_a_map_centre_outside_its_bounds_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"centre \[50, 100.5\] lies outside its bounds"):
        load_pack(_manifest(tmp_path, GOOD.replace("centre: [20.5, 100.5]", "centre: [50, 100.5]")))


def test_the_document_lists_exactly_the_keys_the_loader_accepts() -> None:
    doc = (ROOT / "docs" / "PACK.md").read_text(encoding="utf-8")
    manifest = doc[doc.index("## pack.yaml") : doc.index("### map")]
    documented = re.findall(r"^\| `([a-z_]+)` \|", manifest, re.M)
    assert documented == [*REQUIRED_KEYS, *OPTIONAL_KEYS]
    required = re.findall(r"^\| `([a-z_]+)` \| yes \|", manifest, re.M)
    assert required == list(REQUIRED_KEYS)
    assert re.findall(r"^\| `([a-z_]+)` \|", doc[doc.index("### map") :], re.M) == list(MAP_KEYS)


def test_toyland_rolls_its_counties_up_to_its_root_on_two_levels(toyland) -> None:
    assert toyland.pack.map_levels == ("county",)
    view = toyland.view("forest_coverage", 2024, "county")
    assert dict(zip(view["name_zh"], view["status"])) == {
        "东湖县": "met",
        "西山县": "near",
        "南岭县": "met",
        "北河县": "not_met",
    }
    cards = {c.indicator.id: c for c in scorecard(toyland.builtin_values, toyland.regions, toyland.catalog)}
    assert cards["forest_coverage"].value == pytest.approx(59.875) and cards["forest_coverage"].status == "near"
    assert cards["reserve_area"].value == 90.0 and cards["reserve_area"].status == "not_met"  # 90 of 100 万亩
    assert (cards["clean_energy_share"].value, cards["clean_energy_share"].provenance) == (41.5, "official")
    with pytest.raises(Exception, match="cannot be mapped; use one of county"):
        toyland.view("forest_coverage", 2024, "city")


def test_toyland_imports_a_table_by_its_own_names_and_years(toyland) -> None:
    text = (
        "地区,指标,年份,数值\n全省,清洁能源占比,2024,44\n东湖县,森林覆盖率,2024,70\n章贡区,森林覆盖率,2024,70\n"
        "东湖县,森林覆盖率,2031,70\n"
    )
    result = import_values(
        text.encode(), "t.csv", toyland.catalog, toyland.region_index, settings=Settings(data_dir=TOYLAND)
    )
    assert result.values[["adcode", "indicator"]].values.tolist() == [
        ["990000", "clean_energy_share"],
        ["990101", "forest_coverage"],
    ]
    messages = [i.message for i in result.issues]
    assert "'章贡区' is not a county of Toyland" in messages
    assert "year 2031 is outside 2010-2030" in messages


def test_toyland_exports_from_the_command_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GANPO_DATA_DIR", str(TOYLAND))
    out = tmp_path / "f.geojson"
    assert cli(["export", "--indicator", "pm25", "--year", "2024", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["features"]) == 4
    assert doc["metadata"]["plan"] == "玩具省绿色行动方案(2021-2025年)"
    assert {f["properties"]["name_zh"]: f["properties"]["status"] for f in doc["features"]} == {
        "东湖县": "met",
        "西山县": "near",
        "南岭县": "not_met",
        "北河县": "met",
    }


def test_a_pack_copied_elsewhere_runs_the_same(tmp_path: Path) -> None:
    copy = shutil.copytree(TOYLAND, tmp_path / "pack")
    view = load_atlas(Settings(data_dir=copy)).view("forest_coverage", 2023, "county")
    assert view["value"].tolist() == [72.0, 58.5, 61.0, 45.0]


def test_the_map_page_runs_on_toyland(monkeypatch) -> None:
    monkeypatch.setenv("GANPO_DATA_DIR", str(TOYLAND))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update({"indicator": "forest_coverage", "year": "2024"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "玩具省生态地图"
    assert at.sidebar.button_group(key="level").options == ["县（市、区）"]
    assert at.sidebar.button_group(key="action").options == ["一", "二"]
    line = next(m.value for m in at.markdown if re.match(r"\*\*.\*\* 全省\d{4}年：", m.value))
    assert "59.88 %" in line and "接近目标" in line  # 59.875 to the catalog's default 2 decimals, half up
