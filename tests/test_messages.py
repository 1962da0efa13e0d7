"""geo/messages.py: every message of the import report in both languages, and every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.errors import CatalogError
from geo.messages import load_messages, render

ROOT = Path(__file__).resolve().parents[1]


def test_every_message_has_both_languages_and_both_fixes():
    for key, msg in load_messages().items():
        assert set(msg.text) == {"zh", "en"}, key
        assert set(msg.fix) in (set(), {"zh", "en"}), key


def test_every_key_the_code_names_is_in_the_catalog():
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "geo").rglob("*.py"))
    used = set(re.findall(r"\bsay\(\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*\"([a-z_]+)\"", code))
    used |= set(re.findall(r"Note\(\"([a-z_]+)\"", code))
    used |= set(re.findall(r"ValueProblem\([^)]*?\"([a-z_]+)\"\s*(?:,|\))", code, re.S))
    assert used and used <= set(load_messages()), sorted(used - set(load_messages()))


def test_a_message_lacking_a_language_is_refused(tmp_path):
    bad = tmp_path / "m.yaml"
    bad.write_text('x: {zh: "中", en: "en", fix_zh: "改"}\n', encoding="utf-8")
    load_messages.cache_clear()
    try:
        with pytest.raises(CatalogError, match="message 'x' has no fix_en text"):
            load_messages(bad)
    finally:
        load_messages.cache_clear()


def test_render_fills_params_and_leaves_optional_ones_blank():
    assert render("value_not_number", {"value": "abc"}, "zh") == (
        "“abc”不是数字",
        "填写数字，如 63.1（比率可带 % 号）",
    )
    assert render("region_unknown", {"value": "火星县"}, "zh")[1] == "请对照地区列表（本页可下载）填写名称或六位代码"


def test_every_column_role_has_its_name_for_the_preview():
    from geo.header import ROLE_HEADERS

    assert {f"role_{r}" for r in ROLE_HEADERS} | {"role_none"} <= set(load_messages())
