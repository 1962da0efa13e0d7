"""`python -m geo store migrate|backup PATH|restore PATH`: the database's schema and its backups."""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from geo.errors import AtlasError
from geo.settings import Settings
from geo.store import open_store

HELP = "Migrate the store's schema, or back it up to a file and restore it from one."
FORMAT = "ganpo-store-backup/1"


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("migrate", help="bring the schema to the newest migration (make run does this)")
    b = sub.add_parser("backup", help="every table into one gzip'd JSON file (portable between SQLite and PostgreSQL)")
    b.add_argument("path", type=Path)
    r = sub.add_parser("restore", help="replace the store's whole content by a backup")
    r.add_argument("path", type=Path)


def run(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)  # migrates
    if args.action == "migrate":
        print(f"the store at {settings.database.split('@')[-1]} is up to date")
        return 0
    if args.action == "backup":
        tables = store.dump()
        doc = {"format": FORMAT, "tables": tables}
        args.path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(args.path, "wt", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        counts = ", ".join(f"{k} {len(v)}" for k, v in tables.items())
        print(f"wrote {args.path} ({counts})")
        return 0
    try:
        with gzip.open(args.path, "rt", encoding="utf-8") as f:
            backup = json.load(f)
    except (OSError, ValueError) as exc:
        raise AtlasError(
            f"{args.path} is not a backup of the store ({exc})", "give a file made by: store backup"
        ) from exc
    if not isinstance(backup, dict) or backup.get("format") != FORMAT:
        raise AtlasError(f"{args.path} is not a backup of the store", "give a file made by: store backup")
    store.load(backup["tables"])
    print(f"restored {args.path}")
    return 0
