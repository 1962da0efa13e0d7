"""`python -m geo validate FILE [--year YYYY] [--sheet NAME] [--totals check|use] [--lang zh|en]`: show how a table of
indicator values would be read (the preview the page shows) and print every problem, in the language asked for."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.catalog import catalog_of
from geo.errors import InputFileError
from geo.importer import import_values, preview
from geo.messages import render
from geo.pack import load_pack
from geo.regions import load_region_index
from geo.settings import Settings
from geo.totals import MODES

HELP = (
    "Check a table of indicator values (CSV, XLSX, GeoJSON, GeoPackage; long, wide or a yearbook sheet) against the "
    "catalog and the regions; print how each sheet is read, one line per problem and a summary; exit 1 on errors."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="the table to check")
    p.add_argument(
        "--year",
        type=int,
        default=None,
        help="year of the figures, for a table without a year column (e.g. a yearbook table)",
    )
    p.add_argument(
        "--sheet",
        action="append",
        default=None,
        help="a sheet of the workbook to read (repeat for several; default: the first); --sheet '*' reads every one",
    )
    p.add_argument(
        "--totals",
        choices=MODES,
        default="check",
        help="total and subtotal rows (全省, 合计, a city among its counties): check them against the counties "
        "(default) or use them as those regions' figures",
    )
    p.add_argument("--lang", choices=("zh", "en"), default=None, help="language of the report (default: the setting)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    catalog = catalog_of(load_pack(settings.data_dir))
    regions = load_region_index(settings.data_dir)
    path: Path = args.file
    lang = args.lang or settings.lang
    sheets = [] if args.sheet and "*" in args.sheet else args.sheet
    try:
        readings = preview(path, path.name, catalog, year=args.year, settings=settings, sheets=sheets)
        for reading in readings:
            print("\n".join(reading.lines(lang)))
        result = import_values(
            path,
            path.name,
            catalog,
            regions,
            year=args.year,
            settings=settings,
            reading=readings,
            sheets=sheets,
            totals=args.totals,
        )
    except InputFileError as exc:  # the file itself cannot be used: that is the report
        if exc.key is not None and lang != "en":
            text, fix = render(exc.key, exc.params, lang)
            print(f"{render('severity_error', {}, lang)[0]}：{text}；{fix}")
            print(f"{path.name}：未读取；1 个错误")
        else:
            print(f"error: {exc}")
            print(f"{path.name}: not read; 1 error")
        return 1
    print(result.report(lang))
    return 0 if result.ok else 1
