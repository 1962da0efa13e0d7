"""`python -m geo validate FILE [--year YYYY]`: check a table of indicator values and print every problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.catalog import catalog_of
from geo.errors import InputFileError
from geo.importer import import_values
from geo.pack import load_pack
from geo.regions import load_region_index
from geo.settings import Settings

HELP = (
    "Check a table of indicator values (CSV, XLSX, GeoJSON, GeoPackage; long or wide) against the catalog "
    "and the regions; print one line per problem and a summary; exit 1 when there are errors."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the table to check")
    p.add_argument(
        "--year",
        type=int,
        default=None,
        help="year of the figures, for a table without a year column (e.g. a yearbook table)",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    catalog = catalog_of(load_pack(settings.data_dir))
    regions = load_region_index(settings.data_dir)
    path: Path = args.file
    try:
        result = import_values(path, path.name, catalog, regions, year=args.year, settings=settings)
    except InputFileError as exc:  # the file itself cannot be used: that is the report
        print(f"error: {exc}")
        print(f"{path.name}: not read; 1 error")
        return 1
    print(result.report())
    return 0 if result.ok else 1
