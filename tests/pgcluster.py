"""A throwaway PostgreSQL cluster (Debian's server binaries) for the store's tests: started in a temporary folder
as an unprivileged user on a free loopback port, stopped and removed afterwards (by its own pg_ctl)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def server_bin() -> str | None:
    """The folder of Debian's PostgreSQL server binaries (initdb, pg_ctl), the newest version installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(found[-1]) if found else None


def _run(cmd: list[str], user: str | None) -> None:
    # initdb refuses to run as root: as root, run the server's tools as the unprivileged postgres user.
    full = ["runuser", "-u", user, "--", *cmd] if user else cmd
    subprocess.run(full, check=True, capture_output=True, text=True)


@contextmanager
def cluster() -> Iterator[str]:
    """A running cluster: yields its SQLAlchemy URL (user atlas, trust auth on 127.0.0.1)."""
    bindir = server_bin()
    if bindir is None:
        pytest.fail("PostgreSQL's server is not installed: `make test` installs Debian's postgresql")
    user = "postgres" if os.geteuid() == 0 else None
    folder = tempfile.mkdtemp(prefix="ganpo-pg-")
    data = os.path.join(folder, "data")
    if user:
        pw = pwd.getpwnam(user)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        _run([f"{bindir}/initdb", "-D", data, "-U", "atlas", "--auth=trust", "-E", "UTF8", "--no-sync"], user)
        _run(
            [
                f"{bindir}/pg_ctl",
                "-D",
                data,
                "-w",
                "-l",
                os.path.join(folder, "log"),
                "-o",
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ],
            user,
        )
        try:
            yield f"postgresql+psycopg://atlas@127.0.0.1:{port}/postgres"
        finally:
            _run([f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"], user)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
