"""The region pack: the manifest (pack.yaml) of everything that makes an atlas one region's, read by one typed loader.

A pack is a folder (`GANPO_DATA_DIR`, default the repository's data/, the Jiangxi pack) holding pack.yaml, its
boundaries, its indicator catalog and figures, and optionally monitoring sections. The format is documented in
docs/PACK.md (a test checks that the document and this loader agree).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from geo.errors import CatalogError

MANIFEST = "pack.yaml"
FIX = "see docs/PACK.md for the pack format"
# Keys of pack.yaml: required ones first, then optional ones with their defaults.
REQUIRED_KEYS: tuple[str, ...] = ("id", "name_zh", "name_en", "root", "levels", "boundaries", "map")
OPTIONAL_KEYS: Mapping[str, Any] = MappingProxyType(
    {
        "aliases": [],
        "source_datum": "wgs84",
        "years": [2000, 2035],
        "basins": {},
        "action_numerals": [],
        "strings": {},
    }
)
MAP_KEYS: tuple[str, ...] = ("bounds", "centre", "zoom")
DATUMS = ("wgs84", "gcj02")


@dataclass(frozen=True)
class MapView:
    """Where the map opens: bounds [[south, west], [north, east]] and centre [lat, lon] in WGS-84, and a zoom."""

    bounds: tuple[tuple[float, float], tuple[float, float]]
    centre: tuple[float, float]
    zoom: int


@dataclass(frozen=True)
class Pack:
    """The region: names, root unit, levels from the root down, boundary files, map view, and what is regional in
    the words of the interface (aliases of the whole region, river basins, string overrides)."""

    folder: Path
    id: str
    name_zh: str
    name_en: str
    root: str
    levels: tuple[str, ...]
    boundaries: Mapping[str, str]  # level -> file in boundaries/, plus "regions" -> the regions table
    map: MapView
    aliases: tuple[str, ...] = ()
    source_datum: str = "wgs84"
    years: tuple[int, int] = (2000, 2035)
    basins: Mapping[str, str] = field(default_factory=dict)  # river or lake -> basin
    strings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # interface strings this pack overrides
    action_numerals: tuple[str, ...] = ()  # how the plan numbers its actions (一 … 七), when it does

    @property
    def leaf(self) -> str:
        """The finest level (counties): the level values are given at and rolled up from."""
        return self.levels[-1]

    @property
    def map_levels(self) -> tuple[str, ...]:
        """The levels a map can show, finest first (the root is one unit: no map of it)."""
        return tuple(reversed(self.levels[1:]))

    def name(self, lang: str) -> str:
        """The region's name in the interface language."""
        return self.name_zh if lang == "zh" else self.name_en

    def boundary_file(self, level: str) -> Path:
        """The boundary file of one level; CatalogError lists the levels the pack has."""
        if level not in self.levels:
            raise CatalogError(
                f"level {level!r} is not a level of the {self.id} pack", f"use one of {', '.join(self.levels)}"
            )
        return self.folder / "boundaries" / self.boundaries[level]

    @property
    def regions_file(self) -> Path:
        return self.folder / "boundaries" / self.boundaries["regions"]

    def numeral(self, n: int, lang: str) -> str:
        """Action n as the plan numbers it (一, 二 …) in Chinese when the pack says how, else the digit."""
        if lang == "zh" and 1 <= n <= len(self.action_numerals):
            return self.action_numerals[n - 1]
        return str(n)


def load_pack(folder: Path) -> Pack:
    """Read and check `folder`/pack.yaml; CatalogError names the key at fault and lists the valid ones."""
    path = Path(folder) / MANIFEST
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot read the region pack's manifest ({exc})", FIX) from exc
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: expected a mapping of keys", FIX)
    valid = (*REQUIRED_KEYS, *OPTIONAL_KEYS)
    unknown = sorted(set(raw) - set(valid))
    if unknown:
        raise CatalogError(f"{path}: unknown key(s) {', '.join(unknown)}", f"use only {', '.join(valid)}")
    missing = [k for k in REQUIRED_KEYS if k not in raw]
    if missing:
        raise CatalogError(f"{path}: missing key(s) {', '.join(missing)}", FIX)
    got = {**OPTIONAL_KEYS, **raw}
    levels = tuple(str(lv) for lv in got["levels"] or ())
    if len(levels) < 2 or len(set(levels)) != len(levels):
        raise CatalogError(
            f"{path}: levels {list(levels)} must name at least two distinct levels, root first",
            "e.g. levels: [province, city, county]",
        )
    boundaries = {str(k): str(v) for k, v in dict(got["boundaries"] or {}).items()}
    lacking = [lv for lv in (*levels, "regions") if lv not in boundaries]
    if lacking:
        raise CatalogError(
            f"{path}: boundaries has no file for {', '.join(lacking)}",
            f"name a file in boundaries/ for each of {', '.join((*levels, 'regions'))}",
        )
    if got["source_datum"] not in DATUMS:
        raise CatalogError(
            f"{path}: source_datum {got['source_datum']!r} is unknown", f"use one of {', '.join(DATUMS)}"
        )
    return Pack(
        folder=Path(folder),
        id=str(got["id"]),
        name_zh=str(got["name_zh"]),
        name_en=str(got["name_en"]),
        root=str(got["root"]),
        levels=levels,
        boundaries=MappingProxyType(boundaries),
        map=_map(path, got["map"]),
        aliases=tuple(str(a) for a in got["aliases"]),
        source_datum=str(got["source_datum"]),
        years=_years(path, got["years"]),
        basins=MappingProxyType({str(k): str(v) for k, v in got["basins"].items()}),
        strings=MappingProxyType(_strings(path, got["strings"])),
        action_numerals=tuple(str(n) for n in got["action_numerals"]),
    )


def _map(path: Path, raw: Any) -> MapView:
    if not isinstance(raw, dict) or sorted(raw) != sorted(MAP_KEYS):
        raise CatalogError(
            f"{path}: map needs exactly the keys {', '.join(MAP_KEYS)}",
            "e.g. map: {bounds: [[24.4, 113.5], [30.1, 118.5]], centre: [27.3, 115.9], zoom: 7}",
        )
    try:
        (s, w), (n, e) = raw["bounds"]
        lat, lon = raw["centre"]
        view = MapView(((float(s), float(w)), (float(n), float(e))), (float(lat), float(lon)), int(raw["zoom"]))
    except (TypeError, ValueError) as exc:
        raise CatalogError(f"{path}: map is malformed ({exc})", "bounds: [[south, west], [north, east]]") from exc
    if not (s < n and w < e and s <= lat <= n and w <= lon <= e):
        raise CatalogError(
            f"{path}: map centre {[lat, lon]} lies outside its bounds {raw['bounds']}",
            "give bounds south-west then north-east, and a centre inside them",
        )
    return view


def _years(path: Path, raw: Any) -> tuple[int, int]:
    try:
        first, last = (int(y) for y in raw)
    except (TypeError, ValueError) as exc:
        raise CatalogError(f"{path}: years {raw!r} is not [first, last]", "e.g. years: [2000, 2035]") from exc
    if first > last:
        raise CatalogError(f"{path}: years {raw!r} run backwards", "write the first year first")
    return first, last


def _strings(path: Path, raw: Any) -> dict[str, dict[str, str]]:
    if not isinstance(raw, dict):
        raise CatalogError(f"{path}: strings must map a key to {{zh, en}}", FIX)
    out = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or not entry.get("zh") or not entry.get("en"):
            raise CatalogError(f"{path}: string {key!r} needs both zh and en", "give it {zh: ..., en: ...}")
        out[str(key)] = {"zh": str(entry["zh"]), "en": str(entry["en"])}
    return out
