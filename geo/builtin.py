"""The built-in values: the plan's baselines, published province figures and the labelled demo county values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.bulletins import province_months
from geo.catalog import Catalog
from geo.errors import AtlasError
from geo.values import combine, empty_values, normalise


@dataclass(frozen=True)
class Builtin:
    """Built-in values plus the published rows that match no catalog indicator (kept, listed, not mapped)."""

    values: pd.DataFrame
    unused_official: pd.DataFrame
    unused_bulletins: pd.DataFrame = field(default_factory=pd.DataFrame)  # monthly bulletin rows, as published


def plan_baselines(catalog: Catalog, root: str) -> pd.DataFrame:
    """Rows of the root region (the province) for the baselines the plan itself states, citing the clause."""
    rows = [
        {
            "adcode": root,
            "indicator": i.id,
            "year": i.baseline_year,
            "value": i.baseline,
            "source": f"{catalog.plan.title}, {i.clause.section}{i.clause.item or ''}: {i.clause.quote}",
            "provenance": "official",
            "note": "baseline stated in the plan",
        }
        for i in catalog.indicators
        if i.baseline is not None and i.baseline_year is not None
    ]
    return normalise(pd.DataFrame(rows)) if rows else empty_values()


def official_figures(path: Path, catalog: Catalog) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published province figures as values (provenance official), and the rows no catalog indicator takes; a pack
    without the file has none."""
    if not path.is_file():
        return empty_values(), pd.DataFrame()
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except OSError as exc:
        raise AtlasError(f"{path}: cannot read the published figures ({exc})", "restore the file from git") from exc
    known = raw["indicator"].isin(catalog.ids)
    used = raw[known]
    values = pd.DataFrame(
        {
            "adcode": used["region_code"],
            "indicator": used["indicator"],
            "year": used["year"],
            "value": used["value"],
            "source": used["source_title"]
            + " ("
            + used["source_url"]
            + used["published"].map(lambda d: f", {d}" if d else "")
            + ")",
            "provenance": "official",
            "note": used["note"],
        }
    )
    return normalise(values), raw[~known].reset_index(drop=True)


def demo_values(path: Path) -> pd.DataFrame:
    """The generated county values (scripts/build_demo_values.py), every row provenance=demo."""
    try:
        table = pd.read_csv(path, dtype={"adcode": str}, encoding="utf-8")
    except OSError as exc:
        raise AtlasError(
            f"{path}: cannot read the demo values ({exc})",
            "rebuild it with .venv/bin/python scripts/build_demo_values.py",
        ) from exc
    return normalise(table)


def derived_values(folder: Path) -> pd.DataFrame:
    """Values computed here from named datasets (`python -m geo build-data` writes them; not committed)."""
    tables = [pd.read_csv(p, dtype={"adcode": str}, encoding="utf-8") for p in sorted(folder.glob("*.csv"))]
    return combine(*tables) if tables else empty_values()


def load_builtin(data_dir: Path, catalog: Catalog, root: str) -> Builtin:
    """All built-in values of a pack; published figures take precedence over the plan baseline and demo rows. The
    monthly bulletins add the province's official months (period set; a different key from any yearly row).
    A pack may leave out demo values, published figures and bulletins (an empty table each)."""
    indicators = data_dir / "indicators"
    official, unused = official_figures(indicators / "official_figures.csv", catalog)
    months = province_months(data_dir / "bulletins", catalog, root)
    demo = indicators / "demo_values.csv"
    values = combine(
        demo_values(demo) if demo.is_file() else empty_values(),
        derived_values(data_dir / "derived"),
        plan_baselines(catalog, root),
        official,
        months.values,
    )
    return Builtin(values=values, unused_official=unused, unused_bulletins=months.unused)
