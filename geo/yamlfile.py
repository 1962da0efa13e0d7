"""Reading the repository's YAML catalogs: one way to read, refuse and check the top-level key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from geo.errors import CatalogError


def read_catalog(path: Path, what: str, key: str, kind: type, fix: str) -> Any:
    """The value under top-level `key` (a `kind`, e.g. list or dict); CatalogError names the file and the fix."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{path}: cannot read the {what} ({exc})", fix) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get(key), kind):
        shape = "list" if kind is list else "mapping"
        raise CatalogError(f"{path}: expected a top-level {shape} {key!r}", fix)
    return raw[key]
