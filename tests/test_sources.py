"""Source texts this project writes become catalog strings in the page's language; others stay as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geo.i18n import Translator
from geo.sources import DEMO_SECTIONS, DEMO_VALUES, SourceText, parse_source, render_source

ZH, EN = Translator("zh").t, Translator("en").t


def test_demo_values_read_in_each_language() -> None:
    assert parse_source(DEMO_VALUES) == SourceText("src_demo_values", {})
    assert render_source(DEMO_VALUES, ZH) == "演示数据：围绕全省数值生成的示例值，非官方统计"
    assert "not an official figure" in render_source(DEMO_VALUES, EN)


def test_aggregated_and_sections_are_rendered_with_their_parts() -> None:
    assert render_source("aggregated from 13 county values (area-weighted)", ZH) == "由13个县的数值汇总（按面积加权）"
    assert render_source("aggregated from 1 county value (sum)", EN) == "aggregated from 1 county values (summed)"
    assert render_source("monitoring sections: " + DEMO_SECTIONS, ZH) == "监测断面：内置演示断面（非官方）"
    both = f"monitoring sections: {DEMO_SECTIONS}; 省生态环境厅"
    assert render_source(both, ZH) == "监测断面：内置演示断面（非官方）；省生态环境厅"


def test_a_users_table_without_source_names_the_file() -> None:
    assert render_source("林业.csv (your table; no source given)", ZH) == "林业.csv（您的数据表，未注明来源）"


def test_other_sources_and_missing_ones() -> None:
    assert render_source("江西省统计年鉴2024", ZH) == "江西省统计年鉴2024"
    assert render_source("aggregated from 3 county values (median)", ZH) == "aggregated from 3 county values (median)"
    assert render_source(None, ZH) == "—" and render_source(float("nan"), EN) == "—"


@given(st.text(max_size=60))
def test_any_text_renders_without_error(text: str) -> None:
    assert isinstance(render_source(text, ZH), str) and isinstance(render_source(text, EN), str)
