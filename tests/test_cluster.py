"""`make cluster` on this machine: two replicas on one PostgreSQL behind nginx (scripts/cluster.py).

A dataset published through the store shows on a page served by the proxy and on one served directly by the other
replica; with the proxy's replica killed (SIGKILL) the proxy still answers and serves the page from the other one.
scripts/cluster.py installs Debian's nginx and postgresql when missing; everything is stopped at the end.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest
from browser import CHROMIUM, browser_context, free_port, map_view, wait_idle
from conftest import ROOT

from geo.store import Store

SCRIPT = ROOT / "scripts" / "cluster.py"
PASSWORD = "correct horse battery"
PAGE = "/?indicator=forest_coverage&year=2025"
SOURCE = re.compile(r"林业局年报 · 林业局 v1 \(#1\)")


def _run(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kw)


def _get(url: str, cookie: str | None = None) -> tuple[int, str, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": f"ganpo_replica={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.read().decode(errors="replace"), dict(r.headers)


@pytest.fixture
def cluster():
    """A running cluster in a temporary state folder: yields (its cluster.json, the environment); always stopped."""
    state = tempfile.mkdtemp(prefix="ganpo-cluster-")
    os.chmod(state, 0o755)  # PostgreSQL runs as the postgres user when we are root: it must reach state/cluster/pg
    env = {**os.environ, "GANPO_STATE_DIR": state}
    env.pop("GANPO_DATABASE_URL", None)
    try:
        started = _run(
            [
                sys.executable,
                str(SCRIPT),
                "start",
                "--replicas",
                "2",
                "--address",
                "127.0.0.1",
                "--port",
                str(free_port()),
            ],
            env,
        )
        if started.returncode and "missing: install" in started.stderr:
            pytest.skip(f"nginx or PostgreSQL is missing and cannot be installed here: {started.stderr.strip()}")
        assert started.returncode == 0, started.stdout + started.stderr
        info = json.loads((Path(state) / "cluster" / "cluster.json").read_text())
        yield info, {**env, "GANPO_DATABASE_URL": info["database_url"]}
    finally:
        stopped = _run([sys.executable, str(SCRIPT), "stop"], env)
        again = _run([sys.executable, str(SCRIPT), "stop"], env)  # safe twice
        assert stopped.returncode == 0 and again.returncode == 0, stopped.stderr + again.stderr
        subprocess.run(["rm", "-rf", state], check=False)


def test_replicas_share_publications_and_the_proxy_fails_over(cluster, tmp_path) -> None:
    info, env = cluster
    proxy = f"http://127.0.0.1:{info['port']}"
    replicas = {f"127.0.0.1:{p['port']}": p for p in info["processes"] if p["marker"] == "streamlit"}
    assert len(replicas) == 2

    # Publish through the store every replica reads (PostgreSQL), with the command line a steward would use.
    add_user = [sys.executable, "-m", "geo", "users", "add", "lin", "--role", "steward"]
    assert _run(add_user, env, input=PASSWORD + "\n").returncode == 0
    table = tmp_path / "林业局.csv"
    table.write_text("地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2025,99.5,林业局年报\n", encoding="utf-8")
    added = _run(
        [sys.executable, "-m", "geo", "datasets", "add", str(table), "--by", "lin", "--name", "林业局", "--publish"],
        env,
    )
    assert added.returncode == 0, added.stderr
    listed = _run([sys.executable, "-m", "geo", "datasets", "list"], env).stdout
    assert re.search(r"^1\t林业局\t1\tpublished", listed, re.M), listed
    version = Store(info["database_url"]).data_version()
    assert version > 0

    # Sticky: one browser (one cookie) keeps one replica.
    status, body, headers = _get(proxy + "/_stcore/health", cookie="test-browser")
    assert (status, body) == (200, "ok")
    mine = headers["X-Ganpo-Replica"]
    assert mine in replicas
    assert all(_get(proxy + "/_stcore/health", cookie="test-browser")[2]["X-Ganpo-Replica"] == mine for _ in range(3))
    other = next(r for r in replicas if r != mine)

    if CHROMIUM.exists():
        with browser_context() as (context, _):
            context.add_cookies([{"name": "ganpo_replica", "value": "test-browser", "url": proxy}])
            for url in (proxy + PAGE, f"http://{other}{PAGE}", None):
                if url is None:  # the proxy's replica dies: the same browser is served by the other one
                    os.kill(replicas[mine]["pid"], signal.SIGKILL)
                    url = proxy + PAGE
                page = context.new_page()
                response = page.goto(url, wait_until="domcontentloaded")
                assert response is not None and response.status == 200
                map_view(page)
                wait_idle(page)
                assert f"data={version}" in page.url  # the page names the store's data version
                assert page.get_by_text(SOURCE).count() == 1, url
                page.close()
            assert response.headers["x-ganpo-replica"].split(", ")[-1] == other
    else:
        os.kill(replicas[mine]["pid"], signal.SIGKILL)

    for _ in range(3):
        status, body, headers = _get(proxy + "/_stcore/health", cookie="test-browser")
        assert (status, body) == (200, "ok")
        assert headers["X-Ganpo-Replica"].split(", ")[-1] == other
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing, pages were not checked (`make browser` installs it); the proxy was")
