"""`python -m geo months --indicator pm25 --out pm25_months.csv`: the sub-year values (monthly, quarterly, spans) of
an indicator as a CSV with the `period` column beside the year, as everyone sees them (built-in and published)."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.atlas import load_atlas
from geo.datasets import shared
from geo.errors import AtlasError
from geo.export import to_csv
from geo.months import months_table
from geo.settings import Settings
from geo.store import open_store

HELP = "Export an indicator's monthly and quarterly values (CSV with a period column); they are never judged."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--indicator", required=True, help="indicator id or Chinese name, e.g. pm25")
    p.add_argument("--out", type=Path, required=True, help="the CSV file to write (UTF-8 with BOM, for Excel)")
    p.add_argument("--data", type=int, help="the data version (a view link's ?data=); default: the published state now")


def run(args: argparse.Namespace, settings: Settings) -> int:
    atlas = load_atlas(settings)
    ind = atlas.catalog.get(args.indicator)
    published = shared(open_store(settings), args.data)
    table = months_table(
        atlas.sub_year_values(published.values if len(published.values) else None),
        atlas.regions,
        ind.id,
        ind.unit_for("zh"),
    )
    if not len(table):
        raise AtlasError(
            f"{ind.id} has no monthly or quarterly value", "export its yearly view with: python -m geo export"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(to_csv(table).encode("utf-8-sig"))
    print(f"wrote {args.out} ({len(table)} values, periods {table['period'].min()} to {table['period'].max()})")
    return 0
