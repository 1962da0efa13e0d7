"""The map's scripts, kept as files beside this module (Jinja templates that folium renders), read on first use."""
from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@cache
def script_template(name: str) -> str:
    """The text of one script template of this folder (read once per process: it is part of the code)."""
    return (FOLDER / name).read_text(encoding="utf-8")
