"""The map's scripts: templates kept as files beside this module (read on first use), and the one way data enters
them (script_json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent


@cache
def script_template(name: str) -> str:
    """The text of one script template of this folder (read once per process: it is part of the code)."""
    return (FOLDER / name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON as compact text safe inside a <script>: no '<', '>', '&', quote or line separator as such, so no
    name can end the script, open a tag or break a string (the one escaping of every script the map sends)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("'", "\\u0027"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text
