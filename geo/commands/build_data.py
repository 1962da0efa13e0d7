"""`python -m geo build-data`: build derived data from installed packages when it is missing."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from geo.lakes import build_lakes
from geo.modis import build_modis_landcover
from geo.settings import Settings

HELP = "Build derived data (from installed data packages) that is not committed; skips what is up to date."

# Builder name -> function(settings, force) -> message. Each builder writes under settings.data_dir (derived/, lakes/).
BUILDERS: dict[str, Callable[[Settings, bool], str]] = {
    "modis_landcover": build_modis_landcover,
    "lakes": build_lakes,
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="rebuild even when the output exists")


def run(args: argparse.Namespace, settings: Settings) -> int:
    for name, builder in BUILDERS.items():
        print(f"{name}: {builder(settings, args.force)}")
    return 0
