"""`python -m geo settings`: every setting with its environment variable, default and help (Markdown)."""
from __future__ import annotations

import argparse

from geo.settings import Settings, describe

HELP = "List every setting: environment variable, default and meaning, as a Markdown table."


def add_arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, settings: Settings) -> int:
    print("| variable | default | meaning |")
    print("| --- | --- | --- |")
    for var, default, text in describe():
        shown = "(repo)/data" if var == "GANPO_DATA_DIR" else (default if default not in ("", "None") else "(empty)")
        print(f"| `{var}` | `{shown}` | {text} |")
    return 0
