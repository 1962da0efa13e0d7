"""Every interface string exists in Chinese and English, and every key the code asks for is defined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.catalog import DEFAULT_LEVELS
from geo.classify import SCHEMES
from geo.errors import CatalogError
from geo.i18n import Translator, load_strings
from geo.rules import STATUSES
from geo.values import PROVENANCES
from layers.mapview import MODES

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted([*ROOT.glob("ui/*.py"), *ROOT.glob("layers/*.py"), ROOT / "app.py"])


def _static_keys() -> set[str]:
    keys = set()
    for path in SOURCES:
        keys |= set(re.findall(r"""\.t\(\s*["']([a-z0-9_]+)["']""", path.read_text(encoding="utf-8")))
    return keys


def test_every_key_used_in_code_is_defined() -> None:
    missing = sorted(_static_keys() - set(load_strings()))
    assert not missing, f"keys used but not in catalogs/strings.yaml: {missing}"


@pytest.mark.parametrize(
    "prefix,values",
    [
        ("status", STATUSES),
        ("prov", PROVENANCES),
        ("level", DEFAULT_LEVELS),
        ("mode", MODES),
        ("scheme", tuple(SCHEMES)),
    ],
)
def test_every_generated_key_is_defined(prefix: str, values: tuple[str, ...]) -> None:
    strings = load_strings()
    assert [v for v in values if f"{prefix}_{v}" not in strings] == []


def test_both_languages_differ_and_format() -> None:
    assert Translator("zh").t("status_met") == "达标" and Translator("en").t("status_met") == "Met"
    assert Translator("en").t("rank_of", rank=3, of=100) == "3 of 100"


def test_a_key_without_english_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "strings.yaml"
    bad.write_text("x: {zh: 甲}\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="string 'x' has no en text"):
        load_strings(bad)
