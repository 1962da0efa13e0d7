"""Ganpo Eco Atlas (赣鄱生态指标地图): `streamlit run app.py [-- --values TABLE]` (see README: `make run`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from geo.settings import Settings, harden_gdal

harden_gdal(os.environ)  # before ui.page loads rasterio/pyogrio: GDAL never registers VRT, OGR_VRT or MRF

from ui.page import main  # noqa: E402  (after harden_gdal on purpose)


def _settings(argv: list[str]) -> Settings:
    parser = argparse.ArgumentParser(prog="app.py")
    parser.add_argument("--values", type=Path, help="an indicator table loaded at start, validated like an upload")
    args, _ = parser.parse_known_args(argv)
    return Settings.from_env(values=args.values)


main(_settings(sys.argv[1:]))
