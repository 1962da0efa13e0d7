"""`python -m geo validate` (being built)."""
from __future__ import annotations

import argparse

from geo.settings import Settings

HELP = "(not yet available)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace, settings: Settings) -> int:
    print("not yet available")
    return 1
