"""layers/briefing.py: the briefing read back with python-docx: title and headings, one figure (plus the trend chart
where years exist), the table of regions not meeting the target (one row each), the ranking, sources, the demo
warning only with demo values; Chinese by default, English on request."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest

from geo.scorecard import Card
from layers import figure
from layers.briefing import Briefing, briefing_docx
from layers.options import MapOptions

pytestmark = pytest.mark.skipif(figure.cjk_font() is None, reason="no CJK font: make run installs one")


def _card(ind, series=((2023, 62.0), (2024, 62.8))) -> Card:
    return Card(
        ind, "province", 2024, 62.8, "official", "统计公报", None, "near", 63.1, -0.3, None, None, series, None, None
    )


def _brief(tiny_view, catalog_for_maps, lang="zh", demo=True, series=((2023, 62.0), (2024, 62.8))) -> docx.Document:
    ind = catalog_for_maps.get("forest_coverage")
    view = tiny_view((70.0, 40.0, None, 55.0, 62.5), provenances=["demo" if demo else "official"] * 5)
    data = briefing_docx(
        Briefing(
            view,
            ind,
            MapOptions(lang=lang),
            province=_card(ind, series),
            link="https://atlas.example/?indicator=forest_coverage&year=2024",
            made=date(2026, 12, 2),
            plan="三年行动计划",
            data_version=3,
        )
    )
    return docx.Document(io.BytesIO(data))


def _headings(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_a_chinese_briefing_has_its_parts_in_order(tiny_view, catalog_for_maps) -> None:
    doc = _brief(tiny_view, catalog_for_maps)
    assert _headings(doc) == [
        "森林覆盖率（2024年，县（市、区））简报",
        "概况",
        "地图",
        "未达标地区",
        "排名",
        "历年变化",
        "数据来源与性质",
    ]
    assert doc.core_properties.title == "森林覆盖率（2024年，县（市、区））简报"
    assert len(doc.inline_shapes) == 2  # the figure and the trend chart
    text = _text(doc)
    assert "5个县（市、区）中1个森林覆盖率达到2026年目标" in text and "全省（官方）62.8 %" in text
    assert "数据版本：3；生成日期：2026-12-02" in text
    assert "本视图链接：https://atlas.example/?indicator=forest_coverage&year=2024" in text
    assert not re.search(r"\b(Summary|Ranking|Sources)\b", text)  # no English in the Chinese document


def test_the_shortfall_table_has_one_row_per_region_not_meeting_the_target(tiny_view, catalog_for_maps) -> None:
    doc = _brief(tiny_view, catalog_for_maps)
    short, ranked = doc.tables
    assert [c.text for c in short.rows[0].cells] == ["地区", "所属设区市", "数值（%）", "目标（%）", "差距（%）"]
    # 40 and 55 fall short (62.5 is near, 70 met, one has no value), the largest gap first.
    assert [[c.text for c in r.cells] for r in short.rows[1:]] == [
        ["乙1县", "一市", "40", "63.1", "-23.1"],
        ["丁3县", "一市", "55", "63.1", "-8.1"],
    ]
    assert len(ranked.rows) == 1 + 5 and ranked.rows[1].cells[0].text == "1"


def test_the_demo_warning_only_with_demo_values(tiny_view, catalog_for_maps) -> None:
    assert "演示数据" in _text(_brief(tiny_view, catalog_for_maps, demo=True))
    assert "演示" not in _text(_brief(tiny_view, catalog_for_maps, demo=False))


def test_one_year_gives_no_chart_but_says_so(tiny_view, catalog_for_maps) -> None:
    doc = _brief(tiny_view, catalog_for_maps, series=((2024, 62.8),))
    assert len(doc.inline_shapes) == 1 and "只有一个年份有数值" in _text(doc)


def test_english_on_request(tiny_view, catalog_for_maps) -> None:
    doc = _brief(tiny_view, catalog_for_maps, lang="en")
    assert _headings(doc)[:3] == ["Briefing: Forest coverage, 2024, Counties", "Summary", "Map"]
    text = _text(doc)
    assert "In 2024, 1 of 5 counties met the 2026 target for Forest coverage" in text
    assert "demo values" in text
    # Names of places stay as the view gives them in English; no Chinese words of the interface.
    assert not re.search(r"[\u4e00-\u9fff]", "\n".join(_headings(doc)))
