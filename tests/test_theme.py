"""Streamlit's fixed words: every phrase the page replaces has catalog text in both languages."""

from __future__ import annotations

from geo.i18n import Translator
from ui.theme import PHRASES, words


def test_every_phrase_is_in_the_catalog_in_both_languages() -> None:
    zh, en = words(Translator("zh"), 50), words(Translator("en"), 50)
    assert set(zh["phrases"]) == set(PHRASES) == set(en["phrases"])
    assert zh["phrases"]["Skip to main content"] == "跳到主要内容" and zh["lang"] == "zh-CN"
    assert zh["limit"] == "每个文件不超过 50 MB" and en["limit"] == "Up to 50 MB per file"
    assert "{label}" in zh["help"] and en["lang"] == "en"
    # The Chinese words are Chinese: nothing of Streamlit's English is left in them.
    assert all(not text.isascii() for text in zh["phrases"].values())
