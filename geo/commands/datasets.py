"""`python -m geo datasets add|list|show|publish|withdraw|export`: the dataset store for stewards and scripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geo.accounts import account_of
from geo.catalog import catalog_of
from geo.datasets import add, publish, withdraw
from geo.errors import AtlasError
from geo.pack import load_pack
from geo.regions import load_region_index
from geo.settings import Settings
from geo.store import Store, open_store

HELP = "Add, list, show, publish, withdraw or export the datasets of the store."


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = sub.add_parser("add", help="import a file as a new draft version (exit 1 when it has errors: nothing stored)")
    a.add_argument("file", type=Path)
    a.add_argument("--by", required=True, help="the steward adding it")
    a.add_argument("--name", help="the dataset's name (default: the file's name); a known name adds a new version")
    a.add_argument("--year", type=int, help="year of the figures, for a table without a year column")
    a.add_argument("--publish", action="store_true", help="publish it at once")
    sub.add_parser("list", help="every dataset version with its state")
    s = sub.add_parser("show", help="one dataset: its metadata and validation report")
    s.add_argument("id", type=int)
    for name, text in (
        ("publish", "publish a draft (the older published version is superseded)"),
        ("withdraw", "withdraw a dataset: kept for the record, no longer used"),
    ):
        q = sub.add_parser(name, help=text)
        q.add_argument("id", type=int)
        q.add_argument("--by", required=True, help="the steward doing it")
    e = sub.add_parser("export", help="the original file back, byte for byte")
    e.add_argument("id", type=int)
    e.add_argument("--out", type=Path, required=True)


def run(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)
    return int(ACTIONS[args.action](args, store, settings) or 0)


def _add(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    pack = load_pack(settings.data_dir)
    by = account_of(store, args.by)
    try:
        content = args.file.read_bytes()
    except OSError as exc:
        raise AtlasError(f"{args.file} cannot be read ({exc.strerror})", "check the path") from None
    added = add(
        store,
        content,
        args.file.name,
        by,
        catalog_of(pack),
        load_region_index(settings.data_dir),
        settings,
        name=args.name,
        year=args.year,
        publish_now=args.publish,
    )
    print(added.result.report(), file=sys.stderr)
    if added.dataset_id is None:
        print(f"{args.file.name} has errors: nothing was stored", file=sys.stderr)
        return 1
    ds = store.dataset(added.dataset_id)
    assert ds is not None
    print(f"{ds.id}\t{ds.name} v{ds.version}\t{ds.state}")
    return 0


def _list(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    print("id\tname\tversion\tstate\tvalues\tadded_by\tadded_at\tfile")
    for d in store.datasets():
        print(
            f"{d.id}\t{d.name}\t{d.version}\t{d.state}\t{d.values_count}\t{d.added_by}\t"
            f"{d.added_at:%Y-%m-%d %H:%M}\t{d.file_name}"
        )
    return 0


def _show(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    d = store.dataset(args.id)
    if d is None:
        raise AtlasError(f"dataset {args.id} does not exist", "list them with: python -m geo datasets list")
    for key in (
        "id",
        "name",
        "version",
        "state",
        "file_name",
        "size",
        "sha256",
        "added_by",
        "added_at",
        "values_count",
        "published_seq",
        "ended_seq",
    ):
        print(f"{key}: {getattr(d, key)}")
    print(f"report: {d.report.get('summary', '')}")
    for issue in d.report.get("issues", []):
        print(f"  {issue['severity']}: row {issue['row']}, column {issue['column']}: {issue['message']}")
    return 0


def _publish(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    version = publish(store, args.id, account_of(store, args.by))
    print(f"published dataset {args.id}; data version {version}")
    return 0


def _withdraw(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    version = withdraw(store, args.id, account_of(store, args.by))
    print(f"withdrew dataset {args.id}; data version {version}")
    return 0


def _export(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    content = store.content(args.id)
    args.out.write_bytes(content)
    print(f"wrote {args.out} ({len(content):,} bytes)")
    return 0


ACTIONS = {"add": _add, "list": _list, "show": _show, "publish": _publish, "withdraw": _withdraw, "export": _export}
