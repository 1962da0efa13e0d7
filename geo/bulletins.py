"""The province's monthly air and water bulletins (data/bulletins/) as official monthly values of the province."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.catalog import Catalog
from geo.errors import CatalogError
from geo.values import empty_values, normalise

PROVINCE_MONTHS = "province_monthly.csv"
INDICATOR_MAP = "indicators.csv"
BULLETIN = "江西省生态环境厅月度空气、水环境质量通报"  # who publishes every row; the row's page is its source


@dataclass(frozen=True)
class Bulletins:
    """The province's monthly values (catalog indicators) and the rows no catalog indicator takes (kept, listed)."""

    values: pd.DataFrame
    unused: pd.DataFrame


def _read(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, pd.errors.ParserError) as exc:
        raise CatalogError(
            f"{path}: cannot be read ({exc})", "restore it from git (see data/bulletins/README.md)"
        ) from exc


def indicator_map(folder: Path, catalog: Catalog) -> dict[str, str | None]:
    """{bulletin indicator: catalog id, or None when no catalog indicator is that measure}; CatalogError for an id
    the catalog does not have."""
    table = _read(folder / INDICATOR_MAP)
    out: dict[str, str | None] = {}
    for name, cid in zip(table["bulletin_indicator"], table["catalog_id"], strict=True):
        if cid and cid not in catalog.ids:
            raise CatalogError(f"{folder / INDICATOR_MAP}: {name} maps to {cid!r}, not in the catalog", "fix the id")
        out[name] = cid or None
    return out


def province_months(folder: Path, catalog: Catalog, root: str) -> Bulletins:
    """Every row of the province's monthly bulletins: catalog indicators as official values of `root` with their
    period and source; the others kept as published (nothing dropped). A pack without the folder has none."""
    path = folder / PROVINCE_MONTHS
    if not path.is_file():
        return Bulletins(empty_values(), pd.DataFrame())
    raw = _read(path)
    mapping = indicator_map(folder, catalog)
    unmapped = sorted(set(raw["indicator"]) - set(mapping))
    if unmapped:
        raise CatalogError(
            f"{folder / INDICATOR_MAP}: bulletin indicators {', '.join(unmapped)} are not listed",
            "add a row for each (catalog_id empty when the catalog has no such indicator)",
        )
    ids = raw["indicator"].map(mapping)
    used = raw.loc[ids.notna()]
    for cid, unit in set(zip(ids[ids.notna()], used["unit"], strict=True)):
        if unit != catalog.get(str(cid)).unit_en:  # a unit mismatch would put a figure on the wrong scale
            raise CatalogError(
                f"{path}: {cid} is in {unit}, the catalog in {catalog.get(str(cid)).unit_en}", "convert it"
            )
    values = pd.DataFrame(
        {
            "adcode": root,
            "indicator": ids[ids.notna()],
            "year": used["period"].str[:4],
            "period": used["period"],
            "value": used["value"],
            "source": [_source(r) for r in used.to_dict("records")],
            "provenance": "official",
            "note": used["quote"],
        }
    )
    return Bulletins(normalise(values).reset_index(drop=True), raw.loc[ids.isna()].reset_index(drop=True))


def _source(row: dict[str, str]) -> str:
    """'<title or the bulletin's name> (<url>, <published>)', as official_figures.csv's sources read."""
    title = row.get("source_title") or BULLETIN
    published = f", {row['published']}" if row.get("published") else ""
    return f"{title} ({row['source_url']}{published})"
