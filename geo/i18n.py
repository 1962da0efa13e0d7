"""Interface strings in Chinese and English, read from catalogs/strings.yaml (one loader, strings as data); a region
pack may override some (its pack.yaml `strings`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from geo.errors import CatalogError
from geo.paths import CATALOGS

LANGS = ("zh", "en")
STRINGS = CATALOGS / "strings.yaml"


@lru_cache(maxsize=4)
def load_strings(path: Path = STRINGS) -> Mapping[str, Mapping[str, str]]:
    """key -> {zh, en}; CatalogError names a key that lacks a language."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, entry in raw.items():
        missing = [lang for lang in LANGS if not isinstance(entry, dict) or not entry.get(lang)]
        if missing:
            raise CatalogError(f"{path}: string {key!r} has no {', '.join(missing)} text", "add it")
    return raw


def with_overrides(overrides: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    """The interface strings with a region pack's own strings laid over them (e.g. the atlas's title)."""
    return {**load_strings(), **overrides} if overrides else load_strings()


@dataclass(frozen=True)
class Translator:
    """Looks up interface strings in one language; `t('legend_title', n=3)` formats with keywords."""

    lang: str = "zh"
    strings: Mapping[str, Mapping[str, str]] | None = None

    def t(self, key: str, /, **fmt: object) -> str:  # positional: a placeholder may be named {key}
        table = self.strings if self.strings is not None else load_strings()
        if key not in table:
            raise KeyError(f"no interface string {key!r} in {STRINGS}")
        text = table[key][self.lang if self.lang in LANGS else "zh"]
        return text.format(**fmt) if fmt else text
