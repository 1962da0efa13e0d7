"""Where the repository's own files live (paths only; nothing is read here).

DATA is the default region pack (Jiangxi); code reads a pack through `settings.data_dir`, never DATA directly.
CATALOGS holds the application's own catalogs (interface strings, raster presets), which no pack replaces."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BOUNDARIES = DATA / "boundaries"
INDICATORS = DATA / "indicators"
DERIVED = DATA / "derived"
CATALOGS = ROOT / "catalogs"
