"""Ready when it opens: server.py warms the page up at start; /health says "starting" (503) until then, then "ok"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from browser import ROOT, free_port

from ui.warmup import Readiness, page_run


def test_readiness_says_starting_then_ok() -> None:
    state = Readiness()
    assert state.body()["status"] == "starting"
    state.ready, state.seconds = True, 3.2
    assert state.body() == {"status": "ok", "warm_up_seconds": 3.2}
    state.error = "OSError: refused"
    assert state.body()["warm_up_error"] == "OSError: refused"


def _health(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=5) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.mark.browser  # a real server: slow, like the browser tests
def test_the_service_runs_the_page_before_saying_it_is_ready() -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GANPO_STATE_DIR": tempfile.mkdtemp(prefix="ganpo-state-")}
    cmd = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port)]
    cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        seen = []
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline:
            try:
                status, body = _health(url)
            except OSError:  # not listening yet
                time.sleep(0.3)
                continue
            seen.append((status, body["status"]))
            if status == 200:
                break
            time.sleep(0.3)
        assert seen[0] == (503, "starting"), seen[:3]
        assert seen[-1] == (200, "ok") and "warm_up_error" not in body, body
        # The page answers a session as it did the warm-up's (the whole run, to its end).
        assert page_run(url, "indicator=pm25&lang=en") > 10_000
    finally:
        proc.terminate()
        proc.wait(timeout=30)
