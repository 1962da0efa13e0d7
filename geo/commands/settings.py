"""`python -m geo settings`: every setting with its environment variable, default and help (Markdown)."""

from __future__ import annotations

import argparse

from geo.paths import ROOT
from geo.settings import Settings, describe

HELP = "List every setting: environment variable, default and meaning, as a Markdown table."


def add_arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, settings: Settings) -> int:
    print("| variable | default | meaning |")
    print("| --- | --- | --- |")
    for var, default, text in describe():
        shown = default.replace(str(ROOT), "(repo)") if default not in ("", "None") else "(empty)"
        shown = {"False": "0", "True": "1"}.get(shown, shown)
        print(f"| `{var}` | `{shown}` | {text} |")
    return 0
