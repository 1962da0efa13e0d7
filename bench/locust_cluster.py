"""Load test at the protocol level: Locust users that speak Streamlit's WebSocket protocol to the atlas (one replica
or `make cluster`'s proxy), no browser.

Each simulated user visits the atlas as a browser tab does, one interaction per Locust task, 1-3 s apart:

1. `GET /` (which gives the proxy's sticky cookie), a WebSocket to /_stcore/stream (subprotocol "streamlit"), and a
   BackMsg `rerun_script` with the link's query string: `page run` (to its `script_finished`). Then the rerun the
   browser triggers once the map is drawn, which draws the sidebar's controls and the downloads: `page rest`.
2. Three view changes, as clicks in the sidebar: the indicator, the year or the level button set to another of
   its options (the widget's state, as the browser sends it): `view change`.
3. In one map visit in four (`--downloads 0.25`), the GeoJSON download of the view: the GET of the export link the
   page shows (`download GeoJSON`; ui/export_route.py makes the file). It is the costliest
   interaction (a 3.2 MB file of the counties at full resolution, seconds of the server's time): a user who
   downloaded on every visit would measure the GeoJSON writer rather than the page.
One visit in four (`--comparisons 0.25`) is instead a shared comparison link (`?tab=compare&compare=...`):
`comparison page run`, then one view change. The tab is then closed and a new visit starts. Not done: drawing the
map, static files, Leaflet.

A tab whose WebSocket is lost (its replica killed) does what Streamlit's page does: it reconnects through the proxy
and reruns its address bar's link on a new session (`reconnect page run`); the run counts as failed unless the new
session shows the same view (indicator, year, level, data version) as the link.

`--idle` makes every user open the page (page run, page rest) and then hold its session without clicking, for the
memory of idle sessions.

Bounded: it refuses more than MAX_USERS users and a headless run without --run-time, and stops by itself at
--run-time: users stop between two interactions, open WebSockets are closed at once (no closing handshake, which
once swallowed Locust's stop and let users run on for minutes), and if anything still runs a minute after the run
time the process exits.

Locust is not one of the app's packages: `make loadtest` installs it (bench/requirements-locust.txt) in a virtual
environment of its own, .venv-locust, which reads Streamlit's message definitions from the app's .venv, and runs it:

    make cluster                                     # or: make run
    make loadtest USERS=20 RUN_TIME=2m               # HOST=http://127.0.0.1:8501 by default
    .venv-locust/bin/locust -f bench/locust_cluster.py --host http://127.0.0.1:8501 \
        --headless --users 20 --spawn-rate 2 --run-time 2m --only-summary
"""

from __future__ import annotations

import glob
import html
import os
import random
import re
import sys
import time
import urllib.error
import urllib.request
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
# Streamlit's protobuf messages from the app's environment (appended: Locust's own packages come first).
sys.path.extend(glob.glob(str(ROOT / ".venv" / "lib" / "python3*" / "site-packages")))

import gevent  # noqa: E402
import websocket  # noqa: E402  (websocket-client: plain sockets, which Locust's gevent makes cooperative)
from locust import User, between, events, task  # noqa: E402
from locust.exception import StopUser  # noqa: E402
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
# Counties and cities of the repository's pack, for comparison links.
COMPARED = ("360102", "360103", "360104", "360111", "360112", "360100", "360200", "360300")
SWITCHED = ("indicator", "year", "level")  # the sidebar's button sets a view change clicks
CHANGES = 3
TIMEOUT = 120
# The page's export links (ui/downloads.py): format -> the address relative to the page.
DOWNLOAD_LINK = re.compile(r'class="gp-download" href="(export/(\w+)\?[^"]*)"')
MAX_USERS = 500
EXIT_GRACE_S = 60
_open: weakref.WeakSet[AtlasUser] = weakref.WeakSet()
_stopping = False


@events.init_command_line_parser.add_listener
def _options(parser: Any) -> None:
    parser.add_argument("--idle", action="store_true", default=False, help="open the page, then hold the session")
    parser.add_argument("--downloads", type=float, default=0.25, help="share of map visits that download GeoJSON")
    parser.add_argument("--comparisons", type=float, default=0.25, help="share of visits that open a comparison")
    parser.add_argument("--timings", default="", help="append each request (name, ms, failed) to this CSV file")


@events.init.add_listener
def _bounded(environment: Any, **_: Any) -> None:
    opts = environment.parsed_options
    if opts is None:
        return
    if opts.num_users and opts.num_users > MAX_USERS:
        sys.exit(f"--users {opts.num_users}: at most {MAX_USERS} (this test runs on loopback, beside the servers)")
    if opts.headless and not opts.run_time:
        sys.exit("--headless needs --run-time (e.g. --run-time 2m): the load test must stop by itself")
    if opts.run_time:
        gevent.spawn_later(opts.run_time + EXIT_GRACE_S, _exit_late, opts.run_time)


def _exit_late(run_time: int) -> None:
    print(f"still running {EXIT_GRACE_S} s after --run-time {run_time} s: exiting", file=sys.stderr, flush=True)
    os._exit(3)


@events.init.add_listener
def _timings(environment: Any, **_: Any) -> None:
    """Every request's time, for percentiles over several kinds of interaction (bench/bench_capacity.py)."""
    opts = environment.parsed_options
    if opts is None or not opts.timings:
        return
    out = open(opts.timings, "a", encoding="utf-8", buffering=1)  # a line at a time: nothing lost at exit

    def record(name: str, response_time: float, exception: Exception | None = None, **_: Any) -> None:
        if not _stopping:
            out.write(f"{time.time():.3f},{name},{response_time:.1f},{int(exception is not None)}\n")

    environment.events.request.add_listener(record)


@events.test_stopping.add_listener
def _stop_all(**_: Any) -> None:
    """Users stop between interactions; an interaction waiting on the server ends now, and is not counted."""
    global _stopping
    _stopping = True
    for user in list(_open):
        user.close()


class AtlasUser(User):
    """One browser tab: opens the map, changes the view, downloads it; or opens a comparison link."""

    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.ws: websocket.WebSocket | None = None
        self.cookie = ""
        self.session_id = ""
        self.widgets: dict[str, Any] = {}  # key -> the button set's element (options, current value, id)
        self.downloads: dict[str, str] = {}  # format -> the export link the page shows
        self.left = 0  # view changes left in this visit
        self.link = ""  # the address bar's query string, as the page last set it
        self.resume = ""  # the link to rerun after a lost connection
        self.download = False

    def on_stop(self) -> None:
        self.close()

    def close(self) -> None:
        """Drop the WebSocket without the closing handshake (as a tab that is closed; see the module's note)."""
        if self.ws is not None:
            ws, self.ws = self.ws, None
            _open.discard(self)
            ws.shutdown()

    # ------------------------------------------------------------------ the visit, one interaction per task
    @task
    def step(self) -> None:
        if _stopping:
            raise StopUser()
        if self.ws is None:
            self._visit()
        elif self.environment.parsed_options is not None and self.environment.parsed_options.idle:
            self._drain()
        elif self.left:
            self.left -= 1
            self._change()
        elif self.download:
            self.download = False
            self._download("geojson")
        else:
            self.close()

    def _visit(self) -> None:
        if self.resume:
            self._reconnect()
            return
        view = f"indicator={random.choice(INDICATORS)}&year={random.choice(YEARS)}"
        opts = self.environment.parsed_options
        compare = opts is not None and not opts.idle and random.random() < opts.comparisons
        if compare:
            codes = ",".join(random.sample(COMPARED, 3))
            view = f"tab=compare&compare={codes}&{view}"
        if not self._connect(view):
            return
        if self._run("comparison page run" if compare else "page run", view) and not compare:
            self._run("page rest", view)  # the browser's second pass, once the map is drawn
        self.left = 1 if compare else CHANGES
        self.download = not compare and opts is not None and random.random() < opts.downloads

    def _reconnect(self) -> None:
        """Back after a lost connection: the link on a new session (maybe another replica) gives the view back."""
        link, self.resume = self.resume, ""
        if not self._connect(link):
            return
        wanted = {k: v for k, v in parse_qs(link).items() if k in ("indicator", "year", "level", "data")}
        start = time.perf_counter()
        if self._send("reconnect page run", self._rerun(link)):
            shown = {k: v for k, v in parse_qs(self.link).items() if k in wanted}
            if shown != wanted:
                self._fire("view restored", start, 0, RuntimeError(f"link {wanted}, shown {shown}"))
            else:
                self._fire("view restored", start, 0, None)
        self.left, self.download = 1, False

    def _connect(self, query: str) -> bool:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{self.host}/?{query}", timeout=TIMEOUT) as r:
                body = r.read()
                self.cookie = "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])
            self._fire("GET /", start, len(body), None, "HTTP")
        except Exception as exc:
            self._fire("GET /", start, 0, exc, "HTTP")
            return False
        start = time.perf_counter()
        try:
            self.ws = websocket.create_connection(
                self.host.replace("http", "ws", 1) + "/_stcore/stream",
                subprotocols=["streamlit"],
                origin=self.host,
                cookie=self.cookie or None,
                timeout=TIMEOUT,
            )
        except Exception as exc:
            self._fire("WS connect", start, 0, exc)
            return False
        _open.add(self)
        self._fire("WS connect", start, 0, None)
        self.widgets, self.downloads = {}, {}
        return True

    def _change(self) -> None:
        """Click another option of the indicator, year or level button set (as a browser sends it)."""
        choices = [k for k in SWITCHED if k in self.widgets and len(self.widgets[k].options) > 1]
        if not choices:
            self._run("view change", "")
            return
        group = self.widgets[random.choice(choices)]
        current = list(group.raw_values)
        label = random.choice([o.content for o in group.options if [o.content] != current])
        msg = self._rerun("")
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = group.id
        state.string_array_value.data.append(label)
        self._send("view change", msg)

    def _download(self, key: str) -> None:
        """The view's file: the GET of the export link the page shows (ui/downloads.py), as a browser's click."""
        if key not in self.downloads:
            return
        start, length = time.perf_counter(), 0
        try:
            get = urllib.request.Request(f"{self.host}/{self.downloads[key]}", headers={"Cookie": self.cookie})
            with urllib.request.urlopen(get, timeout=TIMEOUT) as r:
                length = len(r.read())
        except urllib.error.HTTPError as exc:  # the route's refusal says why: kept in Locust's failure table
            text = exc.read()[:200].decode(errors="replace")
            self._failed("download GeoJSON", start, length, RuntimeError(f"HTTP {exc.code}: {text}"))
            return
        except Exception as exc:
            self._failed("download GeoJSON", start, length, exc)
            return
        self._fire("download GeoJSON", start, length, None, "HTTP")

    def _drain(self) -> None:
        """An idle tab: read what the server sent meanwhile (its pings are answered while reading)."""
        assert self.ws is not None
        self.ws.settimeout(0.05)
        try:
            while True:
                self.ws.recv()
        except websocket.WebSocketTimeoutException:
            pass
        except Exception as exc:
            self._failed("idle", time.perf_counter(), 0, exc)
            return
        self.ws.settimeout(TIMEOUT)

    # ------------------------------------------------------------------ protocol
    def _rerun(self, query: str) -> BackMsg:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_script_hash = ""
        msg.rerun_script.context_info.url = f"{self.host}/?{query}"  # as a browser: the page waits for the map
        msg.rerun_script.context_info.locale = "zh-CN"
        return msg

    def _run(self, name: str, query: str) -> bool:
        return self._send(name, self._rerun(query))

    def _send(self, name: str, msg: BackMsg) -> bool:
        """Send a rerun and read to its script_finished, noting the button sets and downloads it draws."""
        assert self.ws is not None
        start, length = time.perf_counter(), 0
        try:
            self.ws.send_binary(msg.SerializeToString())
            while True:
                raw = self.ws.recv()
                length += len(raw)
                fm = ForwardMsg()
                fm.ParseFromString(raw)
                kind = fm.WhichOneof("type")
                if kind == "page_info_changed":
                    self.link = fm.page_info_changed.query_string
                elif kind == "new_session":
                    self.session_id = fm.new_session.initialize.session_id
                elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                    self._note(fm.delta.new_element)
                elif kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
        except Exception as exc:  # a closed socket, a timeout: counted as a failure, the tab starts again
            self._failed(name, start, length, exc)
            return False
        self._fire(name, start, length, None)
        return True

    def _note(self, element: Any) -> None:
        kind = element.WhichOneof("type")
        if kind == "button_group":
            self.widgets[element.button_group.id.rsplit("-", 1)[-1]] = element.button_group
        elif kind == "html" and 'class="gp-download"' in element.html.body:
            for href, fmt in DOWNLOAD_LINK.findall(element.html.body):
                self.downloads[fmt] = html.unescape(href)

    def _recv(self) -> ForwardMsg:
        assert self.ws is not None
        fm = ForwardMsg()
        fm.ParseFromString(self.ws.recv())
        return fm

    def _failed(self, name: str, start: float, length: int, exc: Exception) -> None:
        if _stopping:  # ended by the run's end, not by the server
            raise StopUser()
        self._fire(name, start, length, exc)
        if isinstance(exc, (websocket.WebSocketConnectionClosedException, ConnectionError)) and self.link:
            self.resume = self.link  # as Streamlit's page: reconnect and rerun the address bar's link
        self.close()

    def _fire(self, name: str, start: float, length: int, exc: Exception | None, kind: str = "WS") -> None:
        self.environment.events.request.fire(
            request_type=kind,
            name=name,
            response_time=(time.perf_counter() - start) * 1000,
            response_length=length,
            exception=exc,
            context={},
        )
