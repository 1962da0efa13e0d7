"""Load test at the protocol level: Locust users that speak Streamlit's WebSocket protocol to the atlas (one replica
or `make cluster`'s proxy), no browser.

Each simulated user opens the page as a browser does: GET / (which gives the proxy's sticky cookie), a WebSocket to
/_stcore/stream (subprotocol "streamlit"), a BackMsg `rerun_script` with the page's query string, then reads
ForwardMsgs until `script_finished`; the time to that message is the "page run" figure. It then changes the view
(another indicator) a few times in the same session, as a user clicking in the sidebar would, each a "view change".
What it does not do: draw the map, so the second pass the browser triggers once the map is drawn (the downloads and
the sidebar's controls, README "The map first") does not run; static files and Leaflet's scripts are not fetched.

Locust is not one of the app's packages: run it from a virtual environment of its own, which reads Streamlit's
message definitions from the app's .venv:

    python3 -m venv /tmp/ganpo-locust && /tmp/ganpo-locust/bin/pip install locust websocket-client
    make cluster                     # or: make run
    /tmp/ganpo-locust/bin/locust -f bench/locust_cluster.py --host http://127.0.0.1:8501 \
        --headless --users 20 --spawn-rate 2 --run-time 2m --only-summary
"""

from __future__ import annotations

import glob
import random
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Streamlit's protobuf messages from the app's environment (appended: Locust's own packages come first).
sys.path.extend(glob.glob(str(ROOT / ".venv" / "lib" / "python3*" / "site-packages")))

import websocket  # noqa: E402  (websocket-client: plain sockets, which Locust's gevent makes cooperative)
from locust import User, between, task  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

INDICATORS = (
    "forest_coverage",
    "pm25",
    "good_air_days_ratio",
    "wetland_protection_rate",
    "new_energy_industry_revenue",
)
YEARS = (2024, 2025)
TIMEOUT = 120


class AtlasUser(User):
    """One browser tab: opens the map, then changes the view a few times."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.ws: websocket.WebSocket | None = None

    def on_stop(self) -> None:
        self._close()

    def _close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    def _fire(self, name: str, start: float, length: int, exc: Exception | None, kind: str = "WS") -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=length,
            exception=exc,
            context={},
        )

    def _run(self, name: str, query: str) -> None:
        """Send a rerun with `query` and wait for its script_finished."""
        assert self.ws is not None
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        msg.rerun_script.context_info.url = f"{self.host}/?{query}"
        msg.rerun_script.context_info.locale = "zh-CN"
        start, length = time.perf_counter(), 0
        try:
            self.ws.send_binary(msg.SerializeToString())
            while True:
                raw = self.ws.recv()
                length += len(raw)
                fm = ForwardMsg()
                fm.ParseFromString(raw)
                if fm.WhichOneof("type") == "script_finished":
                    if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue
                    break
        except Exception as exc:  # a closed socket, a timeout: counted as a failure, the tab starts again
            self._fire(name, start, length, exc)
            self._close()
            return
        self._fire(name, start, length, None)

    @task
    def open_and_browse(self) -> None:
        query = f"indicator={random.choice(INDICATORS)}&year={random.choice(YEARS)}"
        start = time.perf_counter()
        cookie = ""
        try:
            with urllib.request.urlopen(f"{self.host}/?{query}", timeout=TIMEOUT) as r:
                body = r.read()
                cookie = "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])
            self._fire("GET /", start, len(body), None, "HTTP")
        except Exception as exc:
            self._fire("GET /", start, 0, exc, "HTTP")
            return
        ws_url = self.host.replace("http", "ws", 1) + "/_stcore/stream"
        start = time.perf_counter()
        try:
            self.ws = websocket.create_connection(
                ws_url, subprotocols=["streamlit"], origin=self.host, cookie=cookie or None, timeout=TIMEOUT
            )
        except Exception as exc:
            self._fire("WS connect", start, 0, exc)
            return
        self._fire("WS connect", start, 0, None)
        self._run("page run", query)
        for _ in range(3):
            if self.ws is None:
                return
            time.sleep(random.uniform(1, 3))
            self._run("view change", f"indicator={random.choice(INDICATORS)}&year={random.choice(YEARS)}")
        self._close()
