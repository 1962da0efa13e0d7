"""The indicator catalog: it loads, and every entry is checked against the plan text it quotes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from geo.catalog import load_catalog
from geo.errors import CatalogError, UnknownIndicator
from geo.paths import INDICATORS, ROOT
from geo.rules import rule_names

CATALOG_FILE = INDICATORS / "catalog.yaml"
README_FILE = INDICATORS / "README.md"
RAW = yaml.safe_load(CATALOG_FILE.read_text(encoding="utf-8"))
CATALOG = load_catalog()
IDS = [e["id"] for e in RAW["indicators"]]

NUMERALS = "一二三四五六七"
PLAN_END = "省生态文明建设领导小组"  # the plan ends with this paragraph; newspaper text follows
COUNTY_CORE = {
    "forest_coverage": ("at_least", "area_weighted"),
    "wetland_protection_rate": ("at_least", "area_weighted"),
    "soil_water_conservation_rate": ("at_least", "area_weighted"),
    "pm25": ("hold_at_most", None),
    "good_air_days_ratio": ("hold_at_least", None),
    "contaminated_farmland_safe_use_rate": ("at_least", None),
    "high_standard_farmland_area": ("at_least", "sum"),
    "nature_reserve_area": ("at_least", "sum"),
    "water_section_attainment_rate": ("at_least", "count"),
}


def _plan_file() -> Path:
    return (ROOT / RAW["plan"]["file"]).resolve()


@pytest.fixture(scope="module")
def plan_text() -> str:
    """The plan part of the seed file (without the newspaper text after it)."""
    path = _plan_file()
    if not path.is_file():
        pytest.skip(f"plan text not found at {path} (expected at ../shared/seed/ beside the repository)")
    text = path.read_text(encoding="utf-8")
    assert PLAN_END in text, f"{path} does not contain the plan's closing paragraph {PLAN_END}"
    end = text.find("\n", text.index(PLAN_END))
    return text if end < 0 else text[:end]


def _sections(plan: str) -> dict[str, str]:
    """Text of each action 一..七, from its heading to the next one."""
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"^([一二三四五六七])、实施", plan, flags=re.M)]
    assert [n for _, n in starts] == list(NUMERALS), "the plan should have seven action headings 一..七"
    ends = [s for s, _ in starts[1:]] + [len(plan)]
    return {n: plan[s:e] for (s, n), e in zip(starts, ends)}


def _items(section: str) -> tuple[str, dict[str, str]]:
    """The opening paragraph of a section and each numbered item's text, keyed as （十一）."""
    marks = list(re.finditer(r"^[(（]([一二三四五六七八九十]+)[)）]", section, flags=re.M))
    opening = section[: marks[0].start()] if marks else section
    ends = [m.start() for m in marks[1:]] + [len(section)]
    return opening, {f"（{m.group(1)}）": section[m.start() : e] for m, e in zip(marks, ends)}


def _printed(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# ------------------------------------------------------------------------------------------ whole catalog


def test_catalog_loads_with_seven_actions_in_order():
    assert [a.number for a in CATALOG.actions] == [1, 2, 3, 4, 5, 6, 7]
    assert CATALOG.actions[0].name_zh == "实施发展方式绿色转型行动"
    assert len(CATALOG.indicators) >= 30


def test_action_names_are_the_plan_headings(plan_text):
    for action in CATALOG.actions:
        assert f"{NUMERALS[action.number - 1]}、{action.name_zh}" in plan_text


def test_ids_are_unique_and_snake_case():
    assert len(IDS) == len(set(IDS)), sorted({i for i in IDS if IDS.count(i) > 1})
    bad = [i for i in IDS if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i)]
    assert bad == []


def test_county_core_indicators_exist_at_county_level():
    for ind_id, (rule, aggregation) in COUNTY_CORE.items():
        ind = CATALOG.get(ind_id)
        assert ind.level == "county", ind_id
        assert ind.rule == rule, ind_id
        if aggregation:
            assert ind.aggregation == aggregation, ind_id


def test_core_targets_are_the_plans_figures():
    expected = {
        "forest_coverage": 63.1,
        "wetland_protection_rate": 62,
        "soil_water_conservation_rate": 86.7,
        "pm25": 29,
        "good_air_days_ratio": 94,
        "contaminated_farmland_safe_use_rate": 93,
        "high_standard_farmland_area": 3079,
        "nature_reserve_area": 2760.7,
        "water_section_attainment_rate": 100,
    }
    assert {k: CATALOG.get(k).target for k in expected} == expected
    assert CATALOG.get("pm25").baseline == 29 and CATALOG.get("good_air_days_ratio").baseline == 94


def test_plan_file_matches_recorded_sha256():
    path = _plan_file()
    if not path.is_file():
        pytest.skip(f"plan text not found at {path}; cannot check plan.sha256")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == RAW["plan"]["sha256"]


def test_plan_metadata_names_title_and_publisher():
    plan = RAW["plan"]
    assert plan["publisher"] == "中共江西省委办公厅、江西省人民政府办公厅"
    assert "2024-2026" in plan["title"] and plan["date"].startswith("2024")


def _keys(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(str(k))
            _keys(v, out)
    elif isinstance(node, list):
        for v in node:
            _keys(v, out)
    return out


def test_every_field_used_in_the_catalog_is_documented_in_the_readme():
    readme = README_FILE.read_text(encoding="utf-8")
    used = _keys(RAW, set())
    undocumented = sorted(k for k in used if f"`{k}`" not in readme)
    assert undocumented == [], f"document these fields in {README_FILE.name}: {undocumented}"


def test_readme_lists_every_rule_of_the_registry_and_the_source():
    readme = README_FILE.read_text(encoding="utf-8")
    assert [r for r in rule_names() if f"`{r}`" not in readme] == []
    assert "中共江西省委办公厅、江西省人民政府办公厅" in readme


# ------------------------------------------------------------------------------------------ each entry


@pytest.mark.parametrize("ind_id", IDS)
def test_entry_quote_is_in_the_plan_at_the_cited_clause(ind_id, plan_text):
    ind = CATALOG.get(ind_id)
    quote = ind.clause.quote
    assert quote in plan_text, f"{ind_id}: quote is not an exact substring of the plan"
    assert ind.clause.section == NUMERALS[ind.action - 1], f"{ind_id}: section does not match action {ind.action}"
    opening, items = _items(_sections(plan_text)[ind.clause.section])
    where = opening if ind.clause.item is None else items.get(ind.clause.item)
    assert where is not None, f"{ind_id}: item {ind.clause.item} is not in section {ind.clause.section}"
    assert quote in where, f"{ind_id}: quote is not in section {ind.clause.section} item {ind.clause.item}"


@pytest.mark.parametrize("ind_id", IDS)
def test_entry_quote_states_the_target(ind_id, plan_text):
    ind = CATALOG.get(ind_id)
    if ind.rule == "qualitative":
        assert ind.target is None, f"{ind_id}: a qualitative aim has no target value"
        return
    printed = ind.target_text or _printed(ind.target)
    assert printed in ind.clause.quote, f"{ind_id}: quote does not contain the target {printed!r}"
    if ind.baseline is not None:
        assert _printed(ind.baseline) in ind.clause.quote, f"{ind_id}: quote does not contain the baseline"
    deadline = re.search(r"(20\d\d)年底", ind.clause.quote)
    if deadline:
        assert ind.target_year == int(deadline.group(1)), f"{ind_id}: deadline in quote differs from target.year"


@pytest.mark.parametrize("ind_id", IDS)
def test_entry_fields_are_consistent(ind_id):
    ind = CATALOG.get(ind_id)
    assert 2024 <= ind.target_year <= 2026
    assert ind.level in ind.levels and ind.binds in ind.levels
    assert ind.rule in rule_names(), f"{ind_id}: rule {ind.rule!r} is not in geo.rules"
    assert ind.name_zh and ind.name_en
    if ind.rule == "qualitative":
        return
    assert ind.unit and ind.unit_en, f"{ind_id}: unit missing"
    assert ind.valid_range is not None, f"{ind_id}: valid_range missing"
    low, high = ind.valid_range
    assert low < high and ind.near_margin >= 0
    if ind.target is not None:
        assert low <= ind.target <= high, f"{ind_id}: target outside valid_range"
    elif ind.rule not in ("decreasing", "multiple_of_base"):
        pytest.fail(f"{ind_id}: rule {ind.rule} needs a target value")
    if ind.unit == "%":
        assert 0 <= low and high <= 100
    if ind.rule.startswith("hold_"):
        assert ind.baseline == ind.target, f"{ind_id}: a hold rule consolidates on its baseline"
    if ind.rule == "class_at_most":
        assert ind.valid_range == (1, 6) and ind.target in (1, 2, 3, 4, 5, 6)
    if ind.rule == "cumulative_at_least":
        assert ind.params["start_year"] <= ind.params["end_year"] == ind.target_year
    if ind.rule == "multiple_of_base":
        assert ind.params["factor"] > 1 and ind.params["base_year"] < ind.target_year
    if ind.level == "province":
        assert ind.aggregation == "none", f"{ind_id}: a province-only figure is not aggregated"


# ------------------------------------------------------------------------------------------ loader


def _write(tmp_path: Path, entry: dict) -> Path:
    doc = {"actions": RAW["actions"], "indicators": [entry]}
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def _good_entry() -> dict:
    return yaml.safe_load(yaml.safe_dump(RAW["indicators"][0]))


def test_a_copied_entry_loads(tmp_path):
    cat = load_catalog(_write(tmp_path, _good_entry()))
    assert cat.ids == (IDS[0],)


@pytest.mark.parametrize(
    "field, named", [("rule", "rule"), ("clause", "clause"), ("target", "year"), ("level", "level")]
)
def test_missing_field_raises_catalog_error_naming_the_entry(tmp_path, field, named):
    entry = _good_entry()
    entry["id"] = "broken_entry"
    del entry[field]
    with pytest.raises(CatalogError, match=r"indicator 'broken_entry': missing or malformed field '" + named):
        load_catalog(_write(tmp_path, entry))


def test_unknown_level_raises_catalog_error_naming_entry_and_value(tmp_path):
    entry = _good_entry()
    entry["id"] = "bad_level"
    entry["level"] = "township"
    with pytest.raises(CatalogError, match=r"indicator 'bad_level': level 'township' is unknown") as err:
        load_catalog(_write(tmp_path, entry))
    assert "county" in err.value.fix


def test_duplicate_ids_raise_catalog_error(tmp_path):
    entry = _good_entry()
    path = tmp_path / "catalog.yaml"
    path.write_text(
        yaml.safe_dump({"actions": RAW["actions"], "indicators": [entry, entry]}, allow_unicode=True), encoding="utf-8"
    )
    with pytest.raises(CatalogError, match=f"appear twice: {entry['id']}"):
        load_catalog(path)


def test_as_printed_is_loaded_as_target_text():
    assert CATALOG.get("yangtze_mainstream_water_class").target_text == "Ⅱ类"
    assert CATALOG.get("forest_coverage").target_text == ""


# ------------------------------------------------------------------------------------------ lookup


def test_get_finds_by_id_chinese_and_english_name():
    ind = CATALOG.get("forest_coverage")
    assert CATALOG.get("森林覆盖率") is ind
    assert CATALOG.get("forest coverage") is ind
    assert CATALOG.find("no_such_indicator") is None


def test_unknown_name_suggests_close_ones():
    with pytest.raises(UnknownIndicator, match="'森林覆盖' is not an indicator") as err:
        CATALOG.get("森林覆盖")
    assert "森林覆盖率" in err.value.fix
    with pytest.raises(UnknownIndicator) as err:
        CATALOG.get("forest_coverag")
    assert "forest_coverage" in err.value.fix


def test_decimals_default_to_two_and_are_read_and_checked(tmp_path):
    assert load_catalog().get("forest_coverage").decimals == 1
    entry = _good_entry()
    entry.pop("decimals", None)
    assert load_catalog(_write(tmp_path, entry)).indicators[0].decimals == 2
    entry["decimals"] = 9
    with pytest.raises(CatalogError, match="decimals 9 is out of range; use a whole number from 0 to 6"):
        load_catalog(_write(tmp_path, entry))
