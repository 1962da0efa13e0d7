"""ui.urlstate: the link's parameters are checked and every problem names the parameter and what to use."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.i18n import Translator
from ui.urlstate import check_query, share_query

LEVELS = ("county", "city")
IDS = ["strategic_emerging_industry_share", "forest_coverage", "pm25"]
YEARS = {"strategic_emerging_industry_share": [], "forest_coverage": [2025, 2024], "pm25": [2024, 2023]}


def test_a_good_link_has_no_problems() -> None:
    params = {
        "indicator": "pm25",
        "year": "2023",
        "level": "city",
        "lang": "en",
        "mode": "value",
        "scheme": "natural_breaks",
    }
    assert check_query(params, IDS, YEARS, "forest_coverage", levels=LEVELS) == []
    assert check_query({}, IDS, YEARS, "forest_coverage", levels=LEVELS) == []


def test_each_bad_parameter_is_named_with_its_fix() -> None:
    params = {"level": "town", "lang": "fr", "mode": "x", "scheme": "jenks", "indicator": "pm10", "year": "1999"}
    found = check_query(params, IDS, YEARS, "forest_coverage", levels=LEVELS)
    problems = {p.key: (p.value, Translator("en").t(p.fix, **p.args)) for p in found}
    assert problems == {
        "level": ("town", "use one of county, city"),
        "lang": ("fr", "use one of zh, en"),
        "mode": ("x", "use one of status, value"),
        "scheme": ("jenks", "use one of quantiles, natural_breaks, equal_interval"),
        "indicator": ("pm10", "use an id such as forest_coverage"),
        # The page falls back to the default indicator, so its years are the ones offered.
        "year": ("1999", "years with data: 2025, 2024"),
    }
    # The Chinese page says it in Chinese (the codes themselves are what the link must hold).
    zh = {p.key: Translator("zh").t(p.fix, **p.args) for p in found}
    assert zh["lang"] == "请使用其中之一：zh, en" and zh["year"] == "有数据的年份：2025, 2024"


def test_a_year_is_checked_against_the_indicator_of_the_link() -> None:
    assert check_query({"indicator": "pm25", "year": "2025"}, IDS, YEARS, "forest_coverage", levels=LEVELS)[0].args == {
        "years": "2024, 2023"
    }
    assert check_query({"year": "twenty"}, IDS, YEARS, "forest_coverage", levels=LEVELS)[0].key == "year"


def test_the_shared_link_spells_out_every_parameter() -> None:
    assert (
        share_query("pm25", 2024, "city", "en", "value", "quantiles")
        == "?indicator=pm25&year=2024&level=city&lang=en&mode=value&scheme=quantiles"
    )


@given(
    st.dictionaries(
        st.sampled_from(["indicator", "year", "level", "lang", "mode", "scheme", "other"]), st.text(max_size=12)
    )
)
def test_any_parameters_give_problems_not_exceptions(params) -> None:
    problems = check_query(params, IDS, YEARS, "forest_coverage", levels=LEVELS)
    assert {p.key for p in problems} <= set(params) - {"other"}
    assert all(p.value == params[p.key] and Translator("zh").t(p.fix, **p.args) for p in problems)
