"""geo/scorecard.py: every target once, judged at the level where the plan sets it; no data is never failure."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.catalog import Catalog, Clause, Indicator, load_catalog
from geo.scorecard import SCORECARD_COLUMNS, card, scorecard, scorecard_table, status_totals, top_values
from geo.values import normalise

# A made-up province of two cities and four counties (areas chosen so that weights are easy to follow).
REGIONS = pd.DataFrame(
    {
        "adcode": ["990000", "990100", "990101", "990102", "990200", "990201", "990202"],
        "name_zh": ["试省", "甲市", "甲一县", "甲二县", "乙市", "乙一县", "乙二县"],
        "level": ["province", "city", "county", "county", "city", "county", "county"],
        "parent_adcode": [None, "990000", "990100", "990100", "990000", "990200", "990200"],
        "area_km2": [400.0, 200.0, 100.0, 100.0, 200.0, 100.0, 100.0],
    }
)
COUNTIES = ["990101", "990102", "990201", "990202"]


def _ind(
    id_: str,
    rule: str,
    target: float | None,
    *,
    level: str = "county",
    aggregation: str = "area_weighted",
    lower: str = "each",
    action: int = 4,
    **kw,
) -> Indicator:
    return Indicator(
        id=id_,
        name_zh=id_,
        name_en=id_,
        unit="%",
        unit_en="%",
        action=action,
        clause=Clause("四", None, "…"),
        rule=rule,
        target=target,
        target_year=2026,
        level=level,
        aggregation=aggregation,
        lower=lower,
        **kw,
    )


CATALOG = Catalog(
    actions=(),
    source="test",
    indicators=(
        _ind("forest", "at_least", 60.0, near_margin=1.0),
        _ind("reserve", "at_least", 300.0, aggregation="sum", lower="share"),
        _ind("output", "at_least", 100.0, level="province", aggregation="none", lower="none", action=5),
        _ind(
            "planted",
            "cumulative_at_least",
            150.0,
            level="province",
            aggregation="none",
            lower="none",
            params={"start_year": 2024},
        ),
        _ind("survey", "qualitative", None, level="province", aggregation="none", lower="none", action=5),
    ),
)


def values(rows: list[tuple]) -> pd.DataFrame:
    t = pd.DataFrame(rows, columns=["adcode", "indicator", "year", "value", "provenance"])
    t["source"] = t["provenance"].map({"official": "省统计公报", "demo": "demo", "user": "my table"})
    return normalise(t)


def _card(rows: list[tuple], indicator: str, year: int | None = None):
    v = values(rows)
    return card(CATALOG.get(indicator), top_values(v, REGIONS, CATALOG), v, REGIONS, CATALOG, year)


def test_the_scorecard_lists_every_catalog_target_exactly_once_in_plan_order() -> None:
    real = load_catalog()
    table = scorecard_table(scorecard(values([]), REGIONS, real))
    assert list(table["indicator"]) == list(real.ids)
    assert tuple(table.columns) == SCORECARD_COLUMNS


def test_a_target_without_data_says_no_data_and_a_qualitative_aim_is_tracked() -> None:
    cards = {c.indicator.id: c for c in scorecard(values([]), REGIONS, CATALOG)}
    assert cards["output"].status == "no_data" and cards["output"].value is None
    assert cards["survey"].status == "tracked"
    assert status_totals(list(cards.values()))["not_met"] == 0


def test_a_provincial_total_is_the_sum_of_its_counties_judged_against_the_plans_target() -> None:
    rows = [(c, "reserve", 2025, v, "user") for c, v in zip(COUNTIES, (100.0, 80.0, 70.0))]  # one county missing
    c = _card(rows, "reserve")
    assert (c.level, c.year, c.value, c.status) == ("province", 2025, 250.0, "not_met")
    assert c.gap == pytest.approx(-50.0)
    assert c.reported == (3, 4) and c.aggregated  # "3 of 4 counties reported"
    assert c.counties is None  # no county is judged against a provincial total


def test_a_rate_every_county_must_reach_counts_the_counties_that_meet_it() -> None:
    rows = [(c, "forest", 2025, v, "demo") for c, v in zip(COUNTIES, (70.0, 59.5, 50.0, 61.0))]
    c = _card(rows, "forest")
    assert c.value == pytest.approx(60.125) and c.status == "met"
    assert c.counties == {"met": 2, "near": 1, "not_met": 1, "no_data": 0}
    assert c.reported == (4, 4)


def test_a_published_figure_outranks_a_later_demo_aggregate() -> None:
    rows = [("990000", "forest", 2024, 61.0, "official")] + [(c, "forest", 2025, 50.0, "demo") for c in COUNTIES]
    c = _card(rows, "forest")
    assert (c.year, c.value, c.provenance, c.source) == (2024, 61.0, "official", "省统计公报")
    assert not c.aggregated  # a figure given for the province, not a roll-up
    assert c.series == ((2024, 61.0),)  # demo years stay off the chart
    chosen = _card(rows, "forest", year=2025)  # the map asks for its own year: the demo aggregate, labelled
    assert (chosen.value, chosen.provenance, chosen.status) == (50.0, "demo", "not_met")


def test_pace_compares_the_yearly_change_needed_with_the_change_so_far() -> None:
    rows = [("990000", "output", 2022, 70.0, "official"), ("990000", "output", 2024, 80.0, "official")]
    c = _card(rows, "output")
    assert c.pace is not None
    assert c.pace.needed_per_year == pytest.approx(10.0)  # (100 - 80) / 2 years
    assert c.pace.observed_per_year == pytest.approx(5.0)  # (80 - 70) / 2 years
    assert c.pace.on_track is False


def test_amounts_that_accumulate_are_paced_on_their_running_total() -> None:
    rows = [("990000", "planted", 2024, 50.0, "official"), ("990000", "planted", 2025, 60.0, "official")]
    c = _card(rows, "planted")
    assert c.progress == pytest.approx(110.0)  # the total since 2024
    assert c.pace is not None and c.pace.needed_per_year == pytest.approx(40.0)  # (150 - 110) / 1 year
    assert c.pace.observed_per_year == pytest.approx(60.0) and c.pace.on_track is True


def test_the_table_keeps_codes_and_numbers_for_the_download() -> None:
    rows = [(c, "forest", 2025, 61.0, "demo") for c in COUNTIES]
    table = scorecard_table(scorecard(values(rows), REGIONS, CATALOG)).set_index("indicator")
    assert table.loc["forest", "status"] == "met" and table.loc["forest", "counties_met"] == 4
    assert table.loc["forest", "series"] == "2025: 61"
    assert pd.isna(table.loc["output", "value"]) and table.loc["output", "status"] == "no_data"
