"""First page load after a start against later ones: `server.py` (warm-up at start, /health) and plain `app.py`.

Run by hand:  .venv/bin/python bench/bench_warm.py [--later 4] [--rounds 2]

For each service and round: a fresh server on a loopback port; for server.py the first visitor comes once
GET /health says "ok" (what a load balancer or `make run` waits for), for app.py once Streamlit's own
/_stcore/health answers (it has no warm-up). Then one load (the first visitor) and `--later` more, each in a fresh
browser context, timed to the first county on screen as bench/bench_map.py measures it (time-to-map). Prints
first / median of the later loads; the goal is first <= 1.2 x later.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_map import CHROMIUM_ARGS, SERVER_FLAGS, free_port, load, machine, median, stop_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def start(script: str, state: Path) -> tuple[subprocess.Popen, int, float]:
    """A fresh server of `script`; returns it, its port and the seconds until it said it was ready."""
    import os

    port = free_port()
    t0 = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), *SERVER_FLAGS],
        cwd=ROOT,
        env={**os.environ, "GANPO_STATE_DIR": str(state)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    path = "/health" if script == "server.py" else "/_stcore/health"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                if r.status == 200:
                    return proc, port, time.monotonic() - t0
        except (urllib.error.HTTPError, OSError):  # 503 "starting", or not listening yet
            pass
        time.sleep(0.25)
    stop_server(proc)
    raise RuntimeError(f"{script} was not ready within 300 s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--later", type=int, default=4, help="loads after the first (default 4)")
    parser.add_argument("--rounds", type=int, default=2, help="fresh servers per service (default 2)")
    parser.add_argument("--scripts", default="server.py,app.py")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    import tempfile

    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for script in args.scripts.split(","):
            for _ in range(args.rounds):
                proc, port, ready_s = start(script, Path(tempfile.mkdtemp(prefix="ganpo-bench-warm-")))
                try:
                    url = f"http://127.0.0.1:{port}/"
                    loads = [load(browser, url, "fresh")["map_ms"] for _ in range(1 + args.later)]
                finally:
                    stop_server(proc)
                first, later = loads[0], median(loads[1:])
                row = {"ready_s": round(ready_s, 1), "first_ms": round(first), "later_ms": round(later)}
                row["ratio"] = round(first / later, 2)
                results.setdefault(script, []).append(row)
                print(script, json.dumps(row), flush=True)
        browser.close()
    print(f"\nmachine: {machine()}")
    print(
        "| service | ready after start (s) | first load, time-to-map (ms) | later loads, median (ms) | first / later |"
    )
    print("| --- | --- | --- | --- | --- |")
    for script, rows in results.items():
        for r in rows:
            print(f"| {script} | {r['ready_s']} | {r['first_ms']} | {r['later_ms']} | {r['ratio']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
