"""Command line: `python -m geo COMMAND ...`; one registry of commands, one entry point."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from geo.errors import AtlasError
from geo.settings import Settings, harden_gdal

# Command name -> module with HELP, add_arguments(parser) and run(args, settings) -> exit code.
COMMANDS: dict[str, str] = {
    "validate": "geo.commands.validate",
    "export": "geo.commands.export",
    "build-data": "geo.commands.build_data",
    "settings": "geo.commands.settings",
    "zonal": "geo.commands.zonal",
    "datasets": "geo.commands.datasets",
    "users": "geo.commands.users",
    "store": "geo.commands.store",
    "report": "geo.commands.report",
    "months": "geo.commands.months",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per registry entry."""
    parser = argparse.ArgumentParser(prog="python -m geo", description="Ganpo Eco Atlas command line.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; domain errors become one line on stderr and exit code 2."""
    harden_gdal()  # before the commands import rasterio/pyogrio: GDAL never registers VRT, OGR_VRT or MRF
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args._module.run(args, settings) or 0)
    except AtlasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
