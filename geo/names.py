"""English names of rivers, lakes and basins (catalogs/names.yaml), one typed loader; other names stay as written."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import yaml

from geo.errors import CatalogError
from geo.paths import CATALOGS

NAMES = CATALOGS / "names.yaml"


@lru_cache(maxsize=2)
def load_names(path: Path = NAMES) -> Mapping[str, str]:
    """Chinese name -> English name; CatalogError names an entry that is not text."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    bad = [k for k, v in raw.items() if not isinstance(k, str) or not isinstance(v, str) or not v.strip()]
    if bad:
        raise CatalogError(f"{path}: names {bad[:3]} have no English text", "write each as 中文名: English name")
    return raw


def place_name(name: object, lang: str) -> str:
    """A river's, lake's or basin's name in `lang`: the catalog's English name, else the name as written."""
    text = str(name)
    return load_names().get(text, text) if lang == "en" else text
