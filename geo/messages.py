"""The messages of an import's report in Chinese and English, read from catalogs/messages.yaml (one typed loader).

An Issue carries a message key and its params; `render(key, params, lang)` gives its text and fix in a language.
Every key has both languages (checked at load), so the report follows the page's language without English leaking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

import yaml

from geo.errors import AtlasError, CatalogError
from geo.paths import CATALOGS

MESSAGES = CATALOGS / "messages.yaml"
LANGS = ("zh", "en")


@dataclass(frozen=True)
class Message:
    """One message: its text and (optional) fix in each language."""

    text: Mapping[str, str]
    fix: Mapping[str, str]


@lru_cache(maxsize=2)
def load_messages(path: Path = MESSAGES) -> Mapping[str, Message]:
    """key -> Message; CatalogError names a key that lacks a language (of its text, or of its fix)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, Message] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict):
            raise CatalogError(f"{path.name}: message {key!r} is not a mapping", "give it zh and en texts")
        missing = [lang for lang in LANGS if not entry.get(lang)]
        fixes = [lang for lang in LANGS if f"fix_{lang}" in entry]
        if fixes and len(fixes) != len(LANGS):
            missing += [f"fix_{lang}" for lang in LANGS if lang not in fixes]
        if missing:
            raise CatalogError(f"{path.name}: message {key!r} has no {', '.join(missing)} text", "add it")
        out[str(key)] = Message(
            MappingProxyType({lang: str(entry[lang]) for lang in LANGS}),
            MappingProxyType({lang: str(entry[f"fix_{lang}"]) for lang in LANGS} if fixes else {}),
        )
    return MappingProxyType(out)


class _Blank(dict[str, object]):
    """Format params where a missing name reads as '' rather than failing (a message's optional parts); a missing
    `x_zh` reads as `x`, so an issue kept before its message gained a Chinese param still says what it named."""

    def __missing__(self, key: str) -> object:
        base = key.removesuffix("_zh")
        return self[base] if base != key and base in self else ""


def render(key: str, params: Mapping[str, object], lang: str = "en") -> tuple[str, str]:
    """(text, fix) of a message in a language ('zh' or 'en'); KeyError names an unknown key."""
    messages = load_messages()
    if key not in messages:
        raise KeyError(f"no message {key!r} in {MESSAGES.name}")
    msg = messages[key]
    lang = lang if lang in LANGS else "zh"
    values = _Blank(params)
    return msg.text[lang].format_map(values), (msg.fix[lang].format_map(values) if msg.fix else "")


def error_text(exc: AtlasError, lang: str = "en") -> str:
    """A refused file's error in a language: its catalog message and fix when it has a key, else (and in English) its
    own words, as written where it was raised."""
    key = getattr(exc, "key", None)
    if lang != "en" and isinstance(key, str) and key in load_messages():
        text, fix = render(key, getattr(exc, "params", {}), lang)
        return f"{text}{'；' if lang == 'zh' else '; '}{fix}" if fix else text
    return str(exc)


def level_word(level: str | None, lang: str = "zh") -> str:
    """An administrative level in a language ('county' -> '县'); a level the catalog does not know, as written."""
    key = f"level_{level}"
    return render(key, {}, lang)[0] if key in load_messages() else str(level or "")
