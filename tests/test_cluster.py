"""`make cluster` on this machine: two replicas on one PostgreSQL behind nginx (scripts/cluster.py).

One cluster for the module, its tests run in this order (the last one kills a replica):
- a dataset published on the shared PostgreSQL is on the other replica's next page run (no polling: the next run);
- restarting PostgreSQL: the replicas say "data store unavailable, retrying" while it is down, with no stack trace,
  and the next run after it is back shows the published data again;
- the proxy keeps one browser on one replica; with that replica killed (SIGKILL) the proxy serves the same link,
  with its view, from the other one (and, with Debian's chromium, the map).
Pages are fetched over Streamlit's own WebSocket protocol (the messages Streamlit ships), as a browser would.
scripts/cluster.py installs Debian's nginx and postgresql when missing; everything is stopped at the end, even when
a test fails.
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
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import CHROMIUM, browser_context, free_port, map_view, wait_idle
from conftest import ROOT
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect

from geo.i18n import Translator
from geo.store import Store

SCRIPT = ROOT / "scripts" / "cluster.py"
PASSWORD = "correct horse battery"
VIEW = "indicator=forest_coverage&year=2025"
SOURCE = re.compile(r"林业局年报 · 林业局 v1 \(#1\)")
DOWN = Translator("zh").t("data_store_down")


def _run(args: list[str], env: dict[str, str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kw)


def _get(url: str, cookie: str | None = None) -> tuple[int, str, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": f"ganpo_replica={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.read().decode(errors="replace"), dict(r.headers)


@dataclass
class Run:
    """What one page run sent: the address bar's query string, every text shown, and whether a traceback was."""

    query: str
    texts: list[str]
    traceback: bool

    def shows(self, pattern: str | re.Pattern[str]) -> bool:
        return any(re.search(pattern, t) for t in self.texts)


class Tab:
    """A browser tab at the protocol level: one WebSocket session on the server that `address` reaches."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    def run(self, query: str = "") -> Run:
        """Rerun the page (the query string is read on a session's first run, as a browser's link) to its end."""
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        self.ws.send(msg.SerializeToString())
        shown, texts, traceback = query, [], False
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(self.ws.recv(timeout=120))
            kind = fm.WhichOneof("type")
            if kind == "page_info_changed":
                shown = fm.page_info_changed.query_string
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                field = element.WhichOneof("type")
                traceback |= field == "exception"
                body = getattr(getattr(element, field), "body", None) if field else None
                if isinstance(body, str):
                    texts.append(body)
            elif kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return Run(shown, texts, traceback)


@contextmanager
def tab(address: str, cookie: str | None = None) -> Iterator[Tab]:
    headers = {"Cookie": f"ganpo_replica={cookie}"} if cookie else None
    with connect(
        f"ws://{address}/_stcore/stream",
        subprotocols=["streamlit"],
        origin=f"http://{address}",
        additional_headers=headers,
        max_size=None,
    ) as ws:
        yield Tab(ws)


@pytest.fixture(scope="module")
def cluster():
    """A running cluster in a temporary state folder: yields (its cluster.json, the environment); always stopped."""
    state = tempfile.mkdtemp(prefix="ganpo-cluster-")
    os.chmod(state, 0o755)  # PostgreSQL runs as the postgres user when we are root: it must reach state/cluster/pg
    env = {**os.environ, "GANPO_STATE_DIR": state}
    env.pop("GANPO_DATABASE_URL", None)
    try:
        port = str(free_port())
        started = _run(
            [sys.executable, str(SCRIPT), "start", "--replicas", "2", "--address", "127.0.0.1", "--port", port], env
        )
        if started.returncode and "missing: install" in started.stderr:
            pytest.skip(f"nginx or PostgreSQL is missing and cannot be installed here: {started.stderr.strip()}")
        assert started.returncode == 0, started.stdout + started.stderr
        info = json.loads((Path(state) / "cluster" / "cluster.json").read_text())
        with ThreadPoolExecutor(2) as pool:  # each replica's first page builds its atlas: both at once
            list(pool.map(_first_page, _replicas(info)))
        yield info, {**env, "GANPO_DATABASE_URL": info["database_url"]}
    finally:
        stopped = _run([sys.executable, str(SCRIPT), "stop"], env)
        again = _run([sys.executable, str(SCRIPT), "stop"], env)  # safe twice
        subprocess.run(["rm", "-rf", state], check=False)
        assert stopped.returncode == 0 and again.returncode == 0, stopped.stderr + again.stderr


def _first_page(address: str) -> None:
    with tab(address) as first:
        assert not first.run(VIEW).traceback


def _replicas(info: dict) -> list[str]:
    return [f"127.0.0.1:{p['port']}" for p in info["processes"] if p["marker"] == "streamlit"]


def _data(info: dict) -> str:
    """The store's data version as a link names it."""
    return f"data={Store(info['database_url']).data_version()}"


def _publish(env: dict[str, str], folder: Path) -> None:
    """A steward publishes a table with the command line, on the cluster's PostgreSQL."""
    add_user = [sys.executable, "-m", "geo", "users", "add", "lin", "--role", "steward"]
    assert _run(add_user, env, input=PASSWORD + "\n").returncode == 0
    table = folder / "林业局.csv"
    table.write_text("地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2025,99.5,林业局年报\n", encoding="utf-8")
    add = [sys.executable, "-m", "geo", "datasets", "add", str(table), "--by", "lin", "--name", "林业局", "--publish"]
    added = _run(add, env)
    assert added.returncode == 0, added.stderr


def test_a_publication_is_on_the_other_replicas_next_run(cluster, tmp_path) -> None:
    info, env = cluster
    first, second = _replicas(info)
    with tab(second) as reader:
        before = reader.run(VIEW)
        assert "data=" not in before.query and not before.shows(SOURCE)
        _publish(env, tmp_path)  # through the store both replicas read; replica 2 is told nothing
        after = reader.run()  # the same tab's next run: no waiting, no polling
    assert _data(info) in after.query.split("&") and after.shows(SOURCE), after
    with tab(first) as other, tab(f"127.0.0.1:{info['port']}") as proxied:
        assert all(t.run(VIEW).shows(SOURCE) for t in (other, proxied))
    # The view's file is made by whichever replica a link reaches, with no session: the published value in each.
    for address in (first, second, f"127.0.0.1:{info['port']}"):
        status, body, _ = _get(f"http://{address}/export/geojson?{VIEW}&{_data(info)}")
        values = {f["properties"]["name_zh"]: f["properties"]["value"] for f in json.loads(body)["features"]}
        assert status == 200 and values["章贡区"] == 99.5


def test_postgresql_restart_says_retrying_then_recovers(cluster) -> None:
    info, env = cluster
    postgres = [sys.executable, str(SCRIPT), "postgres"]
    with tab(_replicas(info)[0]) as reader:
        assert reader.run(VIEW).shows(SOURCE)  # a pooled connection to the server about to restart
        assert _run([*postgres, "restart"], env).returncode == 0
        back = reader.run()
        assert back.shows(SOURCE) and not back.shows(DOWN), back  # the dropped connection replaced, unseen
        try:
            assert _run([*postgres, "stop"], env).returncode == 0
            down = [reader.run()]
            with tab(_replicas(info)[1]) as fresh:
                down.append(fresh.run(VIEW))
            for run in down:
                assert run.shows(DOWN) and not run.shows(SOURCE) and not run.traceback, run
                assert run.shows("森林覆盖率")  # the built-in data meanwhile
        finally:
            started = _run([*postgres, "start"], env)
        assert started.returncode == 0, started.stderr
        recovered = reader.run()
    assert recovered.shows(SOURCE) and not recovered.shows(DOWN), recovered
    assert _data(info) in recovered.query.split("&")


def test_the_proxy_keeps_a_browser_on_a_replica_and_serves_its_link_when_it_dies(cluster) -> None:
    info, _ = cluster
    proxy = f"127.0.0.1:{info['port']}"
    pids = {f"127.0.0.1:{p['port']}": p["pid"] for p in info["processes"] if p["marker"] == "streamlit"}
    status, body, headers = _get(f"http://{proxy}/_stcore/health", cookie="test-browser")
    assert (status, body) == (200, "ok")
    mine = headers["X-Ganpo-Replica"]
    assert mine in pids
    assert all(_get(f"http://{proxy}/_stcore/health", "test-browser")[2]["X-Ganpo-Replica"] == mine for _ in range(3))
    other = next(r for r in pids if r != mine)
    link = f"indicator=forest_coverage&year=2025&level=county&lang=zh&mode=status&{_data(info)}"
    with tab(proxy, cookie="test-browser") as before:
        assert before.run(link).query.startswith(link)

    os.kill(pids[mine], signal.SIGKILL)
    # The browser's tab reconnects through the proxy and reruns its address bar's link on a new session.
    for _ in range(3):
        status, body, headers = _get(f"http://{proxy}/_stcore/health", cookie="test-browser")
        assert (status, body, headers["X-Ganpo-Replica"].split(", ")[-1]) == (200, "ok", other)
    with tab(proxy, cookie="test-browser") as again:
        view = again.run(link)
    assert view.query.startswith(link) and view.shows(SOURCE) and not view.traceback, view

    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing, the page was not drawn (`make browser` installs it); the protocol was")
    with browser_context() as (context, _):
        context.add_cookies([{"name": "ganpo_replica", "value": "test-browser", "url": f"http://{proxy}"}])
        page = context.new_page()
        response = page.goto(f"http://{proxy}/?{link}", wait_until="domcontentloaded")
        assert response is not None and response.headers["x-ganpo-replica"].split(", ")[-1] == other
        map_view(page)
        wait_idle(page)
        assert page.get_by_text(SOURCE).count() == 1
