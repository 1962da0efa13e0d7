"""Tooltips: the rows a reader sees (value with unit, target, gap, rank, provenance) delivered as data, shown as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from geo.i18n import Translator
from layers.mapview import MapOptions, build_map
from layers.tooltip import TOOLTIP_JS, fmt_number, target_text, tooltip_rows

HOSTILE = ("<img src=x onerror=alert(1)>", "${document.title='x'}", "</script><script>document.title='pwned'</script>")
ADD_CALL = re.compile(r"geo_json_\w+_add\((\{.*?\})\);\n", re.S)


class _Split(HTMLParser):
    """Script text apart from the rest of the page (tags, attributes, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.markup: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        self.markup.append(f"<{tag} " + " ".join(f"{k}={v}" for k, v in attrs))

    def handle_endtag(self, tag):
        self._in_script = False
        self.markup.append(f"</{tag}>")

    def handle_data(self, data):
        (self.scripts if self._in_script else self.markup).append(data)


def test_rows_of_a_met_county_in_chinese(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    rows = tooltip_rows(view.loc["360101"], catalog_for_maps.get("forest_coverage"), Translator("zh"))
    assert rows == [
        ["", "甲0县"],
        ["所属设区市", "一市"],
        ["数值", "70 %"],
        ["目标", "≥ 63.1 %"],
        ["与目标差距", "+6.9 %"],
        ["状态", "达标"],
        ["排名", "第 1 / 2 名"],
        ["数据性质", "用户上传"],
        ["来源", "统计公报"],
    ]


def test_rows_of_a_county_without_data_in_english(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    rows = dict(map(tuple, tooltip_rows(view.loc["360103"], catalog_for_maps.get("forest_coverage"), Translator("en"))))
    assert rows[""] == "County 2" and rows["City"] == "Yi City"
    assert rows["Value"] == "—" and rows["Gap to target"] == "—" and rows["Rank"] == "—"
    assert rows["Status"] == "No data" and rows["Target"] == "≥ 63.1 %"
    assert rows["Provenance"] == "—" and rows["Source"] == "—"


def test_a_not_met_gap_is_negative_with_its_unit(tiny_view, catalog_for_maps) -> None:
    view = tiny_view()
    rows = dict(map(tuple, tooltip_rows(view.loc["360102"], catalog_for_maps.get("forest_coverage"), Translator("en"))))
    assert rows["Gap to target"] == "-13.1 %" and rows["Rank"] == "2 of 2" and rows["Value"] == "50 %"


@pytest.mark.parametrize(
    "value, text",
    [(63.1, "63.1"), (1234.5678, "1,234.57"), (-0.001, "0"), (None, "—"), (float("nan"), "—"), (70.0, "70")],
)
def test_numbers_for_people(value, text) -> None:
    assert fmt_number(value) == text


def test_target_text_follows_the_rule(catalog_for_maps) -> None:
    assert target_text(catalog_for_maps.get("forest_coverage"), 63.1, Translator("zh")) == "≥ 63.1 %"
    assert target_text(catalog_for_maps.get("pm25"), 35, Translator("en")).startswith("≤ 35")


def test_hostile_names_and_sources_travel_as_json_strings_only(tiny_view, catalog_for_maps) -> None:
    view = tiny_view(
        (70.0, 50.0, 60.0), names=[HOSTILE[0], HOSTILE[1], HOSTILE[2]], sources=[HOSTILE[2], HOSTILE[0], HOSTILE[1]]
    )
    html = build_map(view, catalog_for_maps.get("forest_coverage"), MapOptions()).get_root().render()
    page = _Split()
    page.feed(html)
    markup, scripts = "".join(page.markup), "".join(page.scripts)
    for bad in HOSTILE:
        assert bad not in html, "a raw hostile string in the page (not JSON-escaped)"
    # The script was not cut short: every hostile string is in the data, intact, after decoding.
    for marker in ("<img", "onerror", "document.title", "${"):
        assert marker not in markup
    payload = [json.loads(p) for p in ADD_CALL.findall(scripts)]
    tips = [f["properties"]["tip"] for p in payload for f in p["features"] if "tip" in f["properties"]]
    assert [t[0][1] for t in tips] == list(HOSTILE)
    assert [dict(map(tuple, t))["来源"] for t in tips] == [HOSTILE[2], HOSTILE[0], HOSTILE[1]]
    # Outside that data no script mentions them (no template literal, no HTML string built from them).
    rest = ADD_CALL.sub("", scripts)
    assert "document.title" not in rest and "onerror" not in rest and "`" not in scripts


def test_tooltip_code_builds_text_nodes_never_html() -> None:
    js = TOOLTIP_JS.js_code
    assert "textContent" in js and "createTextNode" in js
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "`"):
        assert sink not in js


def test_no_html_sinks_anywhere_in_the_rendered_map(tiny_view, catalog_for_maps) -> None:
    for mode in ("status", "value"):
        html = (
            build_map(tiny_view(), catalog_for_maps.get("forest_coverage"), MapOptions(mode=mode)).get_root().render()
        )
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", ".bindPopup("):
            assert sink not in html, (mode, sink)


def test_value_target_and_gap_to_the_catalogs_decimals_as_the_ranking_shows_them(tiny_view, catalog_for_maps) -> None:
    """寻乌县 at 62.77 % read 62.77 in the tooltip and 62.8 in the ranking below the map: one number, one rounding."""
    ind = catalog_for_maps.get("forest_coverage")
    assert ind.decimals == 1
    rows = dict(map(tuple, tooltip_rows(tiny_view((62.77, 50.0)).loc["360101"], ind, Translator("zh"))))
    assert rows["数值"] == "62.8 %" and rows["目标"] == "≥ 63.1 %" and rows["与目标差距"] == "-0.3 %"
