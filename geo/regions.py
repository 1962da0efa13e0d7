"""Finding a Jiangxi region's adcode from what people write: codes, names, pinyin, old names and codes.

`RegionIndex.resolve('赣县')` -> '360704'. The index is built from the regions table
(data/boundaries/regions.csv: adcode, name_zh, name_en, pinyin, level, parent_adcode, ...) and the
changes since 2010 (data/boundaries/changes.yaml, see data/boundaries/CHANGES.md).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from geo.errors import CatalogError, MergedRegion, UnknownRegion
from geo.pack import load_pack
from geo.paths import DATA
from geo.yamlfile import read_catalog

CHANGE_KINDS: tuple[str, ...] = ("renamed", "recoded", "merged", "upgraded")
# Suffixes dropped for the short form of a name (longest first so 自治县 would win over 县).
_SUFFIXES_ZH: tuple[str, ...] = ("省", "市", "县", "区")
_SUFFIXES_LATIN: tuple[str, ...] = ("province", "county", "district", "city", "sheng", "shi", "xian", "qu")


@dataclass(frozen=True)
class Change:
    """One unit renamed, re-coded, upgraded or merged away (an entry of changes.yaml)."""

    old_code: str
    old_name: str
    new_code: str
    new_name: str
    year: int
    kind: str


@dataclass(frozen=True)
class RegionMatch:
    """The region a text resolved to, how it was found, and a warning when it used an old name or code."""

    adcode: str
    name_zh: str
    level: str
    via: str  # "code", "name", "short name", "pinyin", "old name", "old code"
    warning: str | None = None


def normalise_code(value: Any) -> str | None:
    """Six-digit code text from what a table holds ('360702', 360702, 360702.0, '３６０７０２', '360702000000'); else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = re.fullmatch(r"(\d{6})(?:\.0+)?", text) or re.fullmatch(r"(\d{6})0{6}", text)
    return m.group(1) if m else None


def _latin_key(text: str) -> str:
    """Lower-case ASCII letters only: 'Zhānggòng Qū' / "Ji'an" / 'GAN-XIAN' -> 'zhanggongqu' / 'jian' / 'ganxian'."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", ascii_only.lower().replace("ü", "v"))


def _zh_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _strip(key: str, suffixes: Iterable[str]) -> str:
    for s in suffixes:
        if key.endswith(s) and len(key) > len(s) + 1:
            return key[: -len(s)]
    return key


def _pinyin(name_zh: str) -> str:
    from pypinyin import lazy_pinyin  # imported here: only needed when a table has no pinyin column

    return "".join(lazy_pinyin(name_zh))


class RegionIndex:
    """Lookup of regions by code, name, short name, pinyin/English and old names or codes."""

    def __init__(
        self, regions: pd.DataFrame, changes: list[Change], area: str = "", aliases: Iterable[str] = ()
    ) -> None:
        self._regions = regions  # a private copy made by from_table
        self._changes = list(changes)
        self.area = area  # the region's name in messages: "'火星县' is not a county of Jiangxi"
        self.names: dict[str, str] = dict(zip(regions["adcode"], regions["name_zh"]))
        self.levels: dict[str, str] = dict(zip(regions["adcode"], regions["level"]))
        self.parents: dict[str, str] = (
            dict(zip(regions["adcode"], regions["parent_adcode"].astype(str)))
            if "parent_adcode" in regions.columns
            else {}
        )
        # Level filter name -> the levels it admits: "any", or one level of the table.
        self.filters: dict[str, tuple[str, ...]] = {
            "any": tuple(dict.fromkeys(regions["level"])),
            **{lv: (lv,) for lv in regions["level"]},
        }
        root_level = next((lv for c, lv in self.levels.items() if not self.parents.get(c)), None)
        # The finest level (counties): what a region column usually names, and what "any" is called in messages.
        counts = pd.Series(list(self.levels.values()), dtype="object").value_counts()
        self.leaf = str(counts.index[0]) if len(counts) else "region"
        # key -> set of adcodes, one dict per way of matching, tried in this order.
        self._exact: dict[str, set[str]] = {}
        self._short: dict[str, set[str]] = {}
        self._latin: dict[str, set[str]] = {}
        self._latin_short: dict[str, set[str]] = {}
        for row in regions.itertuples(index=False):
            code, name = row.adcode, _zh_key(row.name_zh)
            self._exact.setdefault(name, set()).add(code)
            self._short.setdefault(_strip(name, _SUFFIXES_ZH), set()).add(code)
            for latin in (getattr(row, "pinyin", ""), getattr(row, "name_en", "")):
                if isinstance(latin, str) and latin.strip():
                    key = _latin_key(latin)
                    self._latin.setdefault(key, set()).add(code)
                    self._latin_short.setdefault(_strip(key, _SUFFIXES_LATIN), set()).add(code)
            if row.level == root_level:  # words people write for the whole region (全省)
                for alias in aliases:
                    self._exact.setdefault(_zh_key(alias), set()).add(code)
        self._old_codes = {c.old_code: c for c in self._changes}
        self._old_names = {_zh_key(c.old_name): c for c in self._changes}

    # ------------------------------------------------------------------ building
    @classmethod
    def from_table(
        cls,
        regions: pd.DataFrame,
        changes: Sequence[Change | Mapping[str, Any]] | None = None,
        *,
        levels: Iterable[str] | None = None,
        area: str = "",
        aliases: Iterable[str] = (),
    ) -> RegionIndex:
        """An index over a regions table (adcode, name_zh, level; optional name_en, pinyin, parent_adcode) and
        changes; `levels` (a pack's) are the levels the table may use, `area` names the region in messages."""
        missing = [c for c in ("adcode", "name_zh", "level") if c not in regions.columns]
        if missing:
            raise CatalogError(
                f"regions table lacks column(s) {', '.join(missing)}",
                "give it adcode, name_zh and level (see data/boundaries/README.md)",
            )
        table = regions.copy()
        codes = [normalise_code(c) for c in table["adcode"]]
        bad = [str(v) for v, c in zip(table["adcode"], codes) if c is None]
        if bad:
            raise CatalogError(
                f"regions table: adcode {bad[0]!r} is not a six-digit code", "write adcodes as six digits, as text"
            )
        table["adcode"] = codes
        table["name_zh"] = table["name_zh"].astype(str).str.strip()
        table["level"] = table["level"].astype(str).str.strip()
        odd = sorted(set(table["level"]) - set(levels)) if levels is not None else []
        if odd:
            raise CatalogError(f"regions table: level {odd[0]!r} is unknown", f"use one of {', '.join(levels or ())}")
        if "pinyin" not in table.columns:
            table["pinyin"] = [_pinyin(n) for n in table["name_zh"]]
        table = table.fillna("")
        return cls(table, [_change(c) for c in (changes or [])], area, aliases)

    # ------------------------------------------------------------------ lookup
    def resolve(self, text: Any, level: str = "any", parent: Any = None) -> str:
        """The adcode for a code or name; UnknownRegion/MergedRegion say what to write instead."""
        return self.match(text, level, parent).adcode

    def match(self, text: Any, level: str = "any", parent: Any = None) -> RegionMatch:
        """Like resolve(), with how the region was found and a warning for old names and codes. A name that several
        units bear (鼓楼区) is resolved within `parent` (the city's name or code) when one is given."""
        if level not in self.filters:
            raise ValueError(f"level {level!r} is unknown; use one of {', '.join(self.filters)}")
        allowed = self.filters[level]
        raw = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
        shown = raw.strip()
        if not shown:
            raise UnknownRegion(
                "the region is blank", "write a six-digit code or a Chinese name such as 章贡区", "region_blank"
            )

        code = normalise_code(text)
        if code is not None:
            if code in self.names:
                return self._found(code, "code", allowed, shown, level)
            if code in self._old_codes:
                return self._changed(self._old_codes[code], "old code", allowed, shown, level)
            raise self._unknown(shown, level, candidates=list(self.names))

        key = _zh_key(shown)
        within = self._within(parent)
        for via, table, k in (("name", self._exact, key), ("short name", self._short, key)):
            hit = self._pick(table.get(k, set()), allowed, shown, level, within)
            if hit:
                return self._found(hit, via, allowed, shown, level)
        if key in self._old_names:
            return self._changed(self._old_names[key], "old name", allowed, shown, level)
        latin = _latin_key(shown)
        if latin:
            tries = (
                (self._latin, latin),
                (self._latin_short, latin),
                (self._latin_short, _strip(latin, _SUFFIXES_LATIN)),
            )
            for table, k in tries:
                hit = self._pick(table.get(k, set()), allowed, shown, level, within)
                if hit:
                    return self._found(hit, "pinyin", allowed, shown, level)
        # A short form of an old name (赣 for 赣县 is too short to be safe; 上饶 is the city): only exact old names count.
        raise self._unknown(shown, level, candidates=[n for c, n in self.names.items() if self.levels[c] in allowed])

    def _within(self, parent: Any) -> str | None:
        """The adcode of a parent given as text (a city column), or None when none is given or it is unknown."""
        text = "" if parent is None or (isinstance(parent, float) and math.isnan(parent)) else str(parent).strip()
        if not text:
            return None
        try:
            return self.match(text).adcode
        except UnknownRegion:
            return None

    def _under(self, code: str, ancestor: str) -> bool:
        seen: set[str] = set()
        while code and code not in seen:
            if code == ancestor:
                return True
            seen.add(code)
            code = self.parents.get(code, "")
        return False

    def _pick(
        self, codes: set[str], allowed: tuple[str, ...], shown: str, level: str, within: str | None = None
    ) -> str | None:
        fitting = sorted(c for c in codes if self.levels[c] in allowed)
        if fitting and within and any(self.parents.get(c) for c in fitting):  # a table with parents to check
            inside = [c for c in fitting if self._under(c, within)]
            if not inside:  # the city column says otherwise: neither is assumed right
                found = ", ".join(
                    f"{self.names[c]} ({c}, {self.names.get(self.parents.get(c, ''), '—')})" for c in fitting
                )
                raise UnknownRegion(
                    f"'{shown}' is not in {self.names[within]}: it is {found}",
                    "correct the city or the name so that they agree",
                    "region_not_in_city",
                    city=self.names[within],
                    found=found,
                )
            fitting = inside
        if len(fitting) > 1:

            def where(c: str) -> str:
                parent = self.names.get(self.parents.get(c, ""))
                return f"{self.names[c]} ({c}, {parent})" if parent else f"{self.names[c]} ({c})"

            found = ", ".join(where(c) for c in fitting)
            raise UnknownRegion(
                f"'{shown}' matches more than one region: {found}",
                "write the full Chinese name or the six-digit code, or give the city in a column 所属市 (city)",
                "region_ambiguous",
                found=found,
            )
        if not fitting and len(codes) == 1:
            code = next(iter(codes))
            raise self._wrong_level(code, shown, level)
        return fitting[0] if fitting else None

    def _wrong_level(self, code: str, shown: str, level: str) -> UnknownRegion:
        return UnknownRegion(
            f"'{shown}' is {self.names[code]} ({code}), a {self.levels[code]}, not {self._what(level)}",
            f"use a {' or '.join(self.filters[level])} here",
            "region_wrong_level",
            name=self.names[code],
            code=code,
            level=self.levels[code],
        )

    def _how(self) -> str:
        """What to write instead, with an example of the region list's own."""
        code = next((c for c, lv in self.levels.items() if lv == self.leaf), "")
        example = f" (e.g. {code} or {self.names[code]})" if code else ""
        return f"write a six-digit code or a Chinese name{example} from the region list"

    def _what(self, level: str) -> str:
        """'a county of Jiangxi', 'a region of Jiangxi' (any level)."""
        of = f" of {self.area}" if self.area else ""
        return f"a {self.leaf if level == 'any' else level}{of}"

    def _found(self, code: str, via: str, allowed: tuple[str, ...], shown: str, level: str) -> RegionMatch:
        if self.levels[code] not in allowed:
            raise self._wrong_level(code, shown, level)
        return RegionMatch(code, self.names[code], self.levels[code], via)

    def _changed(self, ch: Change, via: str, allowed: tuple[str, ...], shown: str, level: str) -> RegionMatch:
        if ch.kind == "merged":
            raise MergedRegion(
                f"{ch.old_name} was merged into {ch.new_name} ({ch.new_code}) in {ch.year}",
                f"use {ch.new_name} or its code {ch.new_code}",
                "region_merged",
                name=ch.new_name,
                code=ch.new_code,
                year=ch.year,
            )
        if ch.new_code not in self.names:
            raise UnknownRegion(
                f"'{shown}' became {ch.new_name} ({ch.new_code}) in {ch.year}, which is not in the regions table",
                "update data/boundaries/regions.csv",
            )
        found = self._found(ch.new_code, via, allowed, shown, level)
        warning = (
            f"'{shown}' is the old {'code' if via == 'old code' else 'name'} of {ch.new_name} "
            f"({ch.new_code}), {ch.kind} in {ch.year}; filed under {ch.new_code}"
        )
        return RegionMatch(found.adcode, found.name_zh, found.level, via, warning)

    def _unknown(self, shown: str, level: str, candidates: list[str]) -> UnknownRegion:
        close = difflib.get_close_matches(shown, candidates, n=3, cutoff=0.5)
        if close and normalise_code(close[0]):
            close = [f"{c} ({self.names[c]})" for c in close]
        hint = f"did you mean {', '.join(close)}?" if close else self._how()
        return UnknownRegion(f"'{shown}' is not {self._what(level)}", hint, "region_unknown", close=", ".join(close))

    # ------------------------------------------------------------------ facts
    def name(self, adcode: str) -> str:
        """Chinese name of a current adcode."""
        return self.names[adcode]

    def __contains__(self, adcode: object) -> bool:
        return adcode in self.names

    def __len__(self) -> int:
        return len(self.names)

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(self._changes)


def _change(entry: Any) -> Change:
    if isinstance(entry, Change):
        return entry
    try:
        ch = Change(
            old_code=normalise_code(entry["old_code"]) or "",
            old_name=str(entry["old_name"]).strip(),
            new_code=normalise_code(entry["new_code"]) or "",
            new_name=str(entry["new_name"]).strip(),
            year=int(entry["year"]),
            kind=str(entry["kind"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(
            f"region change {entry!r}: missing or malformed field {exc}", "see data/boundaries/CHANGES.md"
        ) from exc
    if not ch.old_code or not ch.new_code:
        raise CatalogError(
            f"region change {entry!r}: codes must have six digits", "write codes as quoted six-digit text"
        )
    if ch.kind not in CHANGE_KINDS:
        raise CatalogError(
            f"region change {entry!r}: kind {ch.kind!r} is unknown", f"use one of {', '.join(CHANGE_KINDS)}"
        )
    return ch


def load_changes(path: Path | None = None) -> list[Change]:
    """Region changes since 2010 from a pack's boundaries/changes.yaml (none when the pack has no such file)."""
    path = path or DATA / "boundaries" / "changes.yaml"
    if not path.is_file():
        return []
    entries = read_catalog(path, "region changes", "changes", list, "see data/boundaries/CHANGES.md")
    return [_change(e) for e in entries]


def load_region_index(data_dir: Path | None = None) -> RegionIndex:
    """The index over a pack's regions table and changes.yaml (data_dir: the pack, default the repo's data/)."""
    pack = load_pack(data_dir or DATA)
    folder = pack.folder / "boundaries"
    path = pack.regions_file
    try:
        regions = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, pd.errors.ParserError) as exc:
        raise CatalogError(
            f"{path}: cannot read the regions table ({exc})", "rebuild it with scripts/build_boundaries.py"
        ) from exc
    return RegionIndex.from_table(
        regions, load_changes(folder / "changes.yaml"), levels=pack.levels, area=pack.name_en, aliases=pack.aliases
    )
