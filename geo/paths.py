"""Where the repository's own data lives (paths only; nothing is read here)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BOUNDARIES = DATA / "boundaries"
INDICATORS = DATA / "indicators"
DERIVED = DATA / "derived"
