"""Land-cover class schemes: named presets of products (catalogs/raster_presets.yaml) and a user's own mapping file."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import SupportsIndex, SupportsInt

import yaml

from geo.errors import CatalogError, InputFileError
from geo.paths import CATALOGS
from geo.yamlfile import read_catalog

PRESETS_PATH = CATALOGS / "raster_presets.yaml"
# Columns geo.zonal.class_fractions adds beside the group shares; a group may not use these names.
REPORT_COLUMNS: tuple[str, ...] = ("valid_km2", "covered_km2", "nodata_pct", "outside_pct")


@dataclass(frozen=True)
class Preset:
    """A land-cover product's class groups (group -> class codes) and the codes meaning 'no observation'."""

    name: str
    title: str
    groups: dict[str, tuple[int, ...]]
    nodata: tuple[int, ...] = ()
    url: str = ""
    licence: str = ""


def load_presets(path: Path | None = None) -> dict[str, Preset]:
    """The raster presets (catalogs/raster_presets.yaml) by name; CatalogError names the entry at fault."""
    path = path or PRESETS_PATH
    presets = read_catalog(path, "raster presets", "presets", dict, "see catalogs/README.md")
    out: dict[str, Preset] = {}
    for name, e in presets.items():
        where = f"{path}: preset {name!r}"
        if not isinstance(e, dict) or not isinstance(e.get("groups"), dict):
            raise CatalogError(f"{where}: missing 'groups'", "give groups: {forest: [codes], ...}")
        out[name] = Preset(
            name=name,
            title=str(e.get("title", name)),
            groups=check_groups(where, e["groups"]),
            nodata=_codes(where, "nodata", e.get("nodata") or []),
            url=str(e.get("url", "")),
            licence=str(e.get("licence", "")),
        )
    return out


def get_preset(name: str, path: Path | None = None) -> Preset:
    """One preset by name; InputFileError lists the known ones."""
    presets = load_presets(path)
    if name not in presets:
        raise InputFileError(f"'{name}' is not a raster preset", f"use one of {', '.join(presets)} or --mapping FILE")
    return presets[name]


def load_mapping(path: Path) -> Preset:
    """A user's class scheme: YAML `{group: [codes], nodata: [codes]}` or CSV with columns class,group."""
    path = Path(path)
    where = f"{path}"
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(f"{path}: cannot read the class mapping ({exc})", "give a UTF-8 YAML or CSV file") from exc
    if path.suffix.lower() == ".csv":
        groups: dict[str, list[int]] = {}
        rows = list(csv.DictReader(text.splitlines()))
        if not rows or not {"class", "group"} <= set(rows[0]):
            raise InputFileError(f"{path}: expected columns class,group", "e.g. a row '10,forest' per class code")
        for i, row in enumerate(rows, start=2):
            try:
                code = int(str(row["class"]).strip())
            except ValueError:
                raise InputFileError(
                    f"{path} row {i}, column class: {row['class']!r} is not a whole number",
                    "give the integer class code of the raster",
                ) from None
            groups.setdefault(str(row["group"]).strip(), []).append(code)
        nodata = groups.pop("nodata", [])
        return Preset(name=path.stem, title=path.name, groups=check_groups(where, groups), nodata=tuple(nodata))
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputFileError(f"{path}: not valid YAML ({exc})", "write group: [codes] per line") from exc
    if not isinstance(raw, dict):
        raise InputFileError(f"{path}: expected a mapping group -> list of class codes", "e.g. forest: [10, 20]")
    raw = dict(raw.get("groups", raw))
    nodata = raw.pop("nodata", [])
    return Preset(
        name=path.stem, title=path.name, groups=check_groups(where, raw), nodata=_codes(where, "nodata", nodata)
    )


def _codes(where: str, key: str, codes: object) -> tuple[int, ...]:
    if not isinstance(codes, (list, tuple)):
        codes = [codes]
    try:
        return tuple(_code(c) for c in codes)
    except (TypeError, ValueError):
        raise CatalogError(
            f"{where}: {key} {codes!r} is not a list of whole numbers", "give integer class codes, e.g. [10, 20]"
        ) from None


def _code(c: object) -> int:
    """One class code as int, for whatever int() takes; TypeError for anything else."""
    if isinstance(c, (str, bytes, bytearray, SupportsInt, SupportsIndex)):
        return int(c)
    raise TypeError(f"{c!r} is not a number")


def check_groups(where: str, raw: Mapping[str, object]) -> dict[str, tuple[int, ...]]:
    """The groups of a class scheme as {group: (codes)}; CatalogError names an empty, reserved or bad one."""
    if not raw:
        raise CatalogError(f"{where}: no class groups", "give at least one group, e.g. forest: [10]")
    groups = {str(g): _codes(where, f"group {g!r}", codes) for g, codes in raw.items()}
    clash = sorted(set(groups) & set(REPORT_COLUMNS))
    if clash:
        raise CatalogError(f"{where}: group name {clash[0]!r} is reserved", "rename the group")
    return groups
