"""`python -m geo users add NAME --role ROLE` (password from standard input) and `users list`."""

from __future__ import annotations

import argparse
import getpass
import sys

from geo.accounts import ROLES, add_account
from geo.settings import Settings
from geo.store import open_store

HELP = "Add an account (its password read from standard input) or list the accounts."


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = sub.add_parser("add", help="a new account; the password is read from standard input")
    a.add_argument("name")
    a.add_argument("--role", choices=ROLES, default="viewer")
    sub.add_parser("list", help="every account with its role")


def run(args: argparse.Namespace, settings: Settings) -> int:
    store = open_store(settings)
    if args.action == "list":
        print("name\trole\tcreated_at")
        for a in store.accounts():
            print(f"{a['name']}\t{a['role']}\t{a['created_at']:%Y-%m-%d %H:%M}")
        return 0
    password = getpass.getpass("password: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    account = add_account(store, args.name, args.role, password)
    print(f"added {account.name} ({account.role})")
    return 0
