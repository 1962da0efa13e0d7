"""geo/summary.py: the view's sentences state the legend's counts, the largest gap, the province's figure, and say
when values are demo (and only then)."""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.i18n import Translator
from geo.scorecard import Card
from geo.summary import status_tally, summarize

STATUSES = ("met", "near", "not_met", "no_data", None)
PROVENANCES = ("official", "derived", "user", "demo", None)


def _view(statuses, provenances, level: str = "county") -> pd.DataFrame:
    n = len(statuses)
    values = [None if s in ("no_data", None) else 50.0 + i for i, s in enumerate(statuses)]
    gaps = [None if v is None else v - 63.1 for v in values]
    return pd.DataFrame(
        {
            "name_zh": [f"县{i}" for i in range(n)],
            "name_en": [f"County {i}" for i in range(n)],
            "level": level,
            "year": 2025,
            "value": pd.array(values, dtype="Float64"),
            "target": pd.array([63.1] * n, dtype="Float64"),
            "status": pd.array(statuses, dtype="string"),
            "gap": pd.array(gaps, dtype="Float64"),
            "provenance": pd.array(provenances, dtype="string"),
        },
        index=[f"3601{i:02d}" for i in range(n)],
    )


views = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.sampled_from(STATUSES), min_size=n, max_size=n),
        st.lists(st.sampled_from(PROVENANCES), min_size=n, max_size=n),
    )
)


@settings(max_examples=60, deadline=None)
@given(case=views)
def test_the_chinese_sentence_states_the_legends_counts_and_demo_only_when_there_is_some(
    case, catalog_for_maps
) -> None:
    statuses, provenances = case
    view = _view(statuses, provenances)
    summary = summarize(view, catalog_for_maps.get("forest_coverage"), Translator("zh"))
    counts = status_tally(view)
    # The legend counts a region without a status as no data.
    assert counts["no_data"] == sum(s in ("no_data", None) for s in statuses)
    first = summary.sentences[0]
    m = re.match(
        r"2025年，(\d+)个县（市、区）中(\d+)个森林覆盖率达到2026年目标（≥ 63.1 %），(\d+)个接近，(\d+)个未达", first
    )
    assert m, first
    assert tuple(map(int, m.groups())) == (len(view), counts["met"], counts["near"], counts["not_met"])
    assert (f"，{counts['no_data']}个无数据" in first) == bool(counts["no_data"])
    demo = sum(p == "demo" for p in provenances)
    assert ("演示数据" in summary.text) == bool(demo)
    assert summary.demo == demo


@settings(max_examples=40, deadline=None)
@given(case=views)
def test_the_english_sentence_states_the_same_counts(case, catalog_for_maps) -> None:
    statuses, provenances = case
    view = _view(statuses, provenances)
    summary = summarize(view, catalog_for_maps.get("forest_coverage"), Translator("en"))
    counts = status_tally(view)
    m = re.match(r"In 2025, (\d+) of (\d+) counties met .* (\d+) were near it and (\d+) fell short", summary.text)
    assert m, summary.text
    assert tuple(map(int, m.groups())) == (counts["met"], len(view), counts["near"], counts["not_met"])
    assert ("demo" in summary.text) == any(p == "demo" for p in provenances)
    assert not re.search(r"[\u4e00-\u9fff]", summary.text)  # no Chinese in the English page


def test_the_largest_gap_and_the_provinces_figure_with_its_provenance(catalog_for_maps) -> None:
    ind = catalog_for_maps.get("forest_coverage")
    view = _view(["met", "not_met", "not_met", "near"], ["official"] * 4)
    view.loc[:, "value"] = pd.array([70.0, 40.0, 55.0, 62.5], dtype="Float64")
    view.loc[:, "gap"] = view["value"] - 63.1
    province = Card(
        ind, "province", 2025, 63.1, "official", "统计公报", None, "met", 63.1, 0.0, None, None, (), None, None
    )
    text = summarize(view, ind, Translator("zh"), province).text
    assert text == (
        "2025年，4个县（市、区）中1个森林覆盖率达到2026年目标（≥ 63.1 %），1个接近，2个未达；"
        "差距最大的是县1（40 %，差23.1 %）；全省（官方）63.1 %。"
    )
    assert "demo" not in summarize(view, ind, Translator("en"), province).text


def test_a_view_by_value_names_how_many_have_values_and_the_range(catalog_for_maps) -> None:
    ind = catalog_for_maps.get("forest_coverage")
    view = _view(["no_target", "no_target", "no_data"], ["demo", "demo", None])
    text = summarize(view, ind, Translator("zh"), judged=False).text
    assert text.startswith(
        "2025年，3个县（市、区）中2个有森林覆盖率数值，1个无数据；最高的是县1（51 %），最低的是县0（50 %）。"
    )
    assert "3个地区中2个的数值为演示数据" in text


def test_every_value_demo_says_all(catalog_for_maps) -> None:
    view = _view(["met", "not_met"], ["demo", "demo"])
    assert summarize(view, catalog_for_maps.get("forest_coverage"), Translator("zh")).sentences[-1] == (
        "所有2个地区的数值均为演示数据（非官方），不是官方统计。"
    )
