"""geo/ranking.py: every region by rank (best first, the unranked last), values as numbers, status as code and
words, provenance in words; the shortfalls are the regions not meeting the target, the largest gap first."""

from __future__ import annotations

from geo.i18n import Translator
from geo.ranking import RANKING_COLUMNS, headers, ranking, shortfalls


def test_the_ranking_orders_regions_best_first_with_status_code_and_words(tiny_view, catalog_for_maps) -> None:
    ind = catalog_for_maps.get("forest_coverage")
    view = tiny_view((50.0, 70.0, None, 62.5), provenances=["demo", "official", "demo", "user"])
    table = ranking(view, ind, Translator("zh"))
    assert tuple(table.columns) == RANKING_COLUMNS
    assert list(table["value"])[:3] == [70.0, 62.5, 50.0]
    assert list(table["rank"])[:3] == [1, 2, 3] and table["rank"].isna().iloc[-1]  # no value: no rank, last
    assert list(table["status"]) == ["met", "near", "not_met", "no_data"]
    assert list(table["status_text"]) == ["达标", "接近目标", "未达标", "无数据"]
    assert list(table["provenance"]) == ["官方数据", "用户上传", "演示数据（非官方）", "—"]  # no value, no provenance
    assert table.loc[table["status"] == "not_met", "gap"].iloc[0] == -13.1
    assert table.index.name == "adcode" and view.equals(view)  # the view itself is left as it was


def test_english_names_and_words(tiny_view, catalog_for_maps) -> None:
    view = tiny_view((50.0, 70.0))
    table = ranking(view, catalog_for_maps.get("forest_coverage"), Translator("en"))
    assert list(table["region"]) == ["County 1", "County 0"]
    assert list(table["status_text"]) == ["Met", "Not met"]
    assert headers(Translator("en"))["status"] == "Status code"


def test_shortfalls_are_the_regions_not_meeting_the_target_largest_gap_first(tiny_view, catalog_for_maps) -> None:
    view = tiny_view((40.0, 70.0, 55.0, 62.5, None))
    short = shortfalls(ranking(view, catalog_for_maps.get("forest_coverage"), Translator("zh")))
    assert list(short["value"]) == [40.0, 55.0]
    assert (short["status"] == "not_met").all()


def test_the_projects_own_source_texts_are_in_the_language(tiny_view, catalog_for_maps) -> None:
    from geo.sources import DEMO_VALUES

    view = tiny_view((50.0, 70.0), sources=[DEMO_VALUES, "林业局年报"], provenances=["demo", "user"])
    ind = catalog_for_maps.get("forest_coverage")
    assert list(ranking(view, ind, Translator("zh"))["source"]) == [
        "林业局年报",
        "演示数据：围绕全省数值生成的示例值，非官方统计",
    ]
    assert ranking(view, ind, Translator("en"))["source"].iloc[1] == Translator("en").t("src_demo_values")
