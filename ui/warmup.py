"""Ready when it opens: the service runs the page once for itself at start (a headless session over Streamlit's
own WebSocket, as a browser would, without waiting for a map to report), so the first visitor finds every cache
filled; `/health` answers "starting" (503) until then, "ok" (200) after.

Why a real session and not calls to the cache functions: the first visitor's wait was the whole first run (module
imports, the atlas, geometry files, the map's scripts, the scorecard, folium's templates); a page run fills exactly
what a page run needs, and stays right when the page changes.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from streamlit import config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect
from websockets.typing import Origin, Subprotocol

# The default map as a browser's page load asks for it (the map first, the rest held for its report), the same
# page whole (downloads and sidebar), then the scorecard.
WARM_RUNS = (("", True), ("", False), ("tab=scorecard", False))
TIMEOUT = 300.0  # seconds a warm-up run may take on a slow machine before the service says it is up anyway


@dataclass
class Readiness:
    """Whether the warm-up has finished, how long it took, and what went wrong if it failed."""

    ready: bool = False
    seconds: float | None = None
    error: str | None = None
    started: float = field(default_factory=time.monotonic)

    def body(self) -> dict[str, Any]:
        """What /health says."""
        if not self.ready:
            return {"status": "starting", "since_seconds": round(time.monotonic() - self.started, 1)}
        out: dict[str, Any] = {"status": "ok", "warm_up_seconds": self.seconds}
        if self.error:
            out["warm_up_error"] = self.error  # the service works; its first visitor may wait
        return out


STATE = Readiness()


@asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[None]:
    """st.App's lifespan: start the warm-up beside the server (it waits until the server answers)."""
    threading.Thread(target=warm_up, name="ganpo-warm-up", daemon=True).start()
    yield


async def health(request: Any) -> Any:
    """GET /health: 503 {"status": "starting"} until the warm-up has run, then 200 {"status": "ok", ...}."""
    from starlette.responses import JSONResponse

    return JSONResponse(STATE.body(), status_code=200 if STATE.ready else 503)


def warm_up(base: str | None = None) -> None:
    """Run the page once per WARM_QUERIES as a headless session of this server; mark the service ready."""
    start = time.monotonic()
    base = base or f"http://127.0.0.1:{config.get_option('server.port')}"
    try:
        wait_until_healthy(f"{base}/_stcore/health")
        _read_assets()
        for query, as_browser in WARM_RUNS:
            page_run(base, query, as_browser=as_browser)
    except Exception as exc:  # never keeps the service from starting: it says so in /health
        STATE.error = f"{type(exc).__name__}: {exc}"
    STATE.seconds = round(time.monotonic() - start, 2)
    STATE.ready = True


def wait_until_healthy(
    url: str, timeout: float = 120.0, proc: subprocess.Popen | None = None, log: Path | None = None
) -> None:
    """Return once GET `url` answers 200 (this service's warm-up, `make cluster`, the browser tests); RuntimeError
    when `proc` exits first (with the tail of its `log`), TimeoutError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            tail = log.read_text(errors="replace")[-3000:] if log else ""
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode} before {url} answered:\n{tail}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")
        time.sleep(0.2)


def _read_assets() -> None:
    """Read the files a first visitor's browser fetches (Streamlit's frontend, Leaflet, the map's geometry) once,
    so that the first page load does not wait for the disk."""
    import streamlit

    roots = [Path(streamlit.__file__).parent / "static", Path(__file__).resolve().parents[1] / "static"]
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file():
                path.read_bytes()


def page_run(base: str, query: str, as_browser: bool = False, timeout: float = TIMEOUT) -> int:
    """One page run of `base/?query` over Streamlit's WebSocket, to its end; returns the bytes received.

    Without `as_browser` no page URL is sent, as from a client that runs no scripts: the page draws everything in
    one run instead of waiting for the map's report of its first draw (ui/page.py), so the downloads and the
    sidebar are warm too; with it, the run a browser's page load makes (the map and its text)."""
    with urllib.request.urlopen(f"{base}/?{query}", timeout=30) as r:
        r.read()
        cookie = "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])
    ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else {}
    received = 0
    with connect(
        ws_url,
        subprotocols=[Subprotocol("streamlit")],
        origin=Origin(base),
        additional_headers=headers,
        max_size=None,
    ) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        if as_browser:
            msg.rerun_script.context_info.url = f"{base}/?{query}"
        ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        while True:
            raw = ws.recv(timeout=max(1.0, deadline - time.monotonic()))
            data = raw if isinstance(raw, bytes) else raw.encode()
            received += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            if fm.WhichOneof("type") == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return received


def main() -> None:
    """`python -m ui.warmup URL`: print the health of a running service (for scripts and checks)."""
    import sys

    with urllib.request.urlopen(f"{sys.argv[1].rstrip('/')}/health", timeout=5) as r:
        print(json.dumps(json.loads(r.read())))


if __name__ == "__main__":
    main()
