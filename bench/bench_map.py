"""Map page speed: time-to-map, indicator switch and bytes, against an empty page and a naive folium page.

Run by hand:  .venv/bin/python bench/bench_map.py [--runs 7] [--switches 3] [--apps floor,naive,atlas]

Three Streamlit servers on loopback ports, each started once and warmed by one unmeasured load (a
running service has its caches filled):
  floor  an empty Streamlit page (one line of text)
  naive  folium + streamlit-folium, default st_folium settings, the FULL-resolution county boundaries
         (geo.boundaries.load_boundaries("county"), read once per process) with a GeoJsonTooltip, no tiles,
         Leaflet from our static folder (folium's CDN links do not load offline)
  atlas  our app.py
Each run opens a fresh browser context (cold HTTP cache) in headless Chromium. Times are taken inside
the browser: an init script in every frame watches the DOM and reports `performance.timeOrigin +
performance.now()`; time-to-map is measured from the top page's navigation start to the first
`path.leaflet-interactive` in any frame on screen (maps in hidden tabs do not count). The floor has two
marks, and the table gives the ratio to each: the app shell `[data-testid=stApp]` (drawn before the page's
WebSocket opens, so before any app can show anything) and its first content (its one line of text: the
empty page's equivalent of "first county drawn"). Indicator switch (atlas only, `--switches` per load,
back and forth between PM2.5 and forest coverage): the click on the indicator in the sidebar to the moment
the map's paths carry their final new fill colours. Bytes: response bodies (as sent, i.e. encoded) plus
WebSocket frames both ways, for the load until 2 s after the map (and for each switch; Streamlit sends a
message it sent before in the session by reference, so a switch back to an indicator already shown is cheap).
Every non-loopback request is aborted by the browser context and counted (should stay 0).
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_FLAGS = [
    "--server.address",
    "127.0.0.1",
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--server.enableStaticServing",
    "true",
    "--server.fileWatcherType",
    "none",
    "--client.toolbarMode",
    "minimal",
]
SWITCH_TO = "pm25"  # from the default forest_coverage: statuses differ, so the fills change
DEFAULT = "forest_coverage"

FLOOR_APP = """
import streamlit as st
st.write("floor")
"""

NAIVE_APP = """
import sys
sys.path.insert(0, {root!r})
import folium
import streamlit as st
from streamlit_folium import st_folium
from geo.boundaries import load_boundaries
from layers.assets import make_offline

@st.cache_resource
def counties():
    return load_boundaries("county")

gdf = counties()
m = make_offline(folium.Map(location=[27.3, 115.9], zoom_start=7, tiles=None))
folium.GeoJson(gdf, name="counties", tooltip=folium.GeoJsonTooltip(["name_zh", "city_zh", "area_km2"])).add_to(m)
st_folium(m)
"""

# Runs in every frame (the page and the streamlit-folium iframe) before the frame's own scripts.
OBSERVER_JS = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const report = (kind, value) => { try { window.__gpReport(kind, now(), value); } catch (e) {} };
  let sawRoot = false, sawElement = false, sawMap = false, lastFills = null;
  const check = () => {
    if (window === window.top) {
      if (!sawRoot && document.querySelector('[data-testid="stApp"]')) { sawRoot = true; report('root', ''); }
      if (!sawElement && document.querySelector('[data-testid="stMarkdown"], [data-testid="stHeading"]')) {
        sawElement = true; report('element', '');
      }
    }
    const paths = document.querySelectorAll('path.leaflet-interactive');
    if (!paths.length) { return; }
    if (!sawMap) { sawMap = true; report('map', String(paths.length)); }
    const fills = Array.from(paths, p => p.getAttribute('fill')).join(',');
    if (fills !== lastFills) { lastFills = fills; report('fills', fills); }
  };
  // A frame's first document (about:blank) is replaced by its page in the same window, so the observer
  // is attached to whichever document the window holds, as soon as it appears.
  const attach = () => {
    if (document.__gpObserved) { return; }
    document.__gpObserved = true;
    new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                   attributeFilter: ['fill', 'data-testid']});
    document.addEventListener('click', (e) => {
      if (e.target.closest && e.target.closest('[data-testid="stSidebar"] [role="radio"]')) { report('click', ''); }
    }, true);
    check();
  };
  attach();
  window.addEventListener('DOMContentLoaded', attach, true);
  const timer = setInterval(() => {
    attach();
    if (location.href !== 'about:blank' && document.readyState === 'complete') { clearInterval(timer); }
  }, 20);
})();
"""


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(app: Path, cwd: Path) -> tuple[subprocess.Popen, int]:
    """Start `streamlit run app` on a loopback port and wait for its health check."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port), *SERVER_FLAGS],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
            return proc, port
        except OSError:
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"{app} did not start on port {port}")


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started here (its own process group)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def _is_loopback(url: str) -> bool:
    return url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in ("127.0.0.1", "localhost")


class Run:
    """One page load in a fresh browser context, with its reports and byte counters."""

    def __init__(self, browser, url: str) -> None:
        self.events: list[tuple[str, float, str, object]] = []  # kind, epoch ms, value, frame
        self.http = self.ws = 0
        self.outside: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.context.expose_binding(
            "__gpReport", lambda src, kind, t, value: self.events.append((kind, t, value, src["frame"]))
        )
        self.context.add_init_script(OBSERVER_JS)
        self.page = self.context.new_page()
        self.page.on("requestfinished", self._finished)
        self.page.on("websocket", self._websocket)
        self.page.goto(url, wait_until="commit")
        self.origin = self.page.evaluate("performance.timeOrigin")

    def _route(self, route) -> None:
        if _is_loopback(route.request.url):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _finished(self, request) -> None:
        try:
            self.http += max(request.sizes()["responseBodySize"], 0)
        except Exception:  # a request of a closed frame has no sizes any more
            pass

    def _websocket(self, ws) -> None:
        def count(payload) -> None:
            self.ws += len(payload.encode() if isinstance(payload, str) else payload)

        ws.on("framereceived", count)
        ws.on("framesent", count)

    def bytes(self) -> int:
        return self.http + self.ws

    def on_screen(self, kind: str, after: float = 0.0) -> list[tuple[float, str]]:
        """(time, value) of the reports of `kind` after `after` from frames now on screen (maps in hidden tabs load too)."""
        return [(t, v) for k, t, v, frame in list(self.events) if k == kind and t > after and _shown(frame)]

    def wait_for(self, kind: str, after: float = 0.0, timeout: float = 60.0) -> tuple[float, str]:
        """The first report of `kind` later than `after` (epoch ms) from a frame on screen, waiting for it."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.on_screen(kind, after)
            if found:
                return found[0]
            self.page.wait_for_timeout(50)
        raise TimeoutError(f"no {kind!r} report within {timeout} s")

    def close(self) -> None:
        self.context.close()


def load(browser, url: str, app: str, switches: int = 1) -> dict:
    """Load the page once: times (ms from navigation start) and bytes."""
    run = Run(browser, url)
    try:
        out: dict = {}
        if app == "floor":
            out["map_ms"] = run.wait_for("root")[0] - run.origin
            out["element_ms"] = run.wait_for("element")[0] - run.origin
        else:
            t, n = run.wait_for("map")
            out["map_ms"], out["paths"] = t - run.origin, int(n)
        run.page.wait_for_timeout(2000)
        out["bytes"] = run.bytes()
        out["outside"] = len(run.outside)
        if app.startswith("atlas"):
            # Back and forth (pm25, forest coverage, pm25, ...): every switch recolours all 100 counties.
            done = [switch(run, SWITCH_TO if i % 2 == 0 else DEFAULT) for i in range(switches)]
            out["switch_ms"] = median([d["switch_ms"] for d in done])
            out["switch_all"] = [round(d["switch_ms"]) for d in done]
            out["switch_bytes"] = median([d["switch_bytes"] for d in done])
            out["remounted"] = any(d["remounted"] for d in done)
        return out
    finally:
        run.close()


def switch(run: Run, indicator: str = SWITCH_TO) -> dict:
    """Choose another indicator in the sidebar; time until the map's fills are the new ones."""

    name = _indicator_name(indicator)
    before_fills = run.on_screen("fills")[-1][1]
    before_bytes = run.bytes()
    page = run.page
    # Marks the live Leaflet map: if the switch built a new map (or reloaded a frame), the mark is gone.
    page.evaluate(
        "() => { const m = document.querySelector('.gp-map'); if (m && m.__gp) { m.__gp.map.__benchMark = 1; } }"
    )
    started = page.evaluate("performance.timeOrigin + performance.now()")
    sidebar = page.get_by_test_id("stSidebar")
    pill = sidebar.get_by_role("radio", name=name, exact=True)
    if pill.count():
        pill.click()
    else:  # in another action: its button, which shows that action's first indicator (pm25, forest_coverage)
        sidebar.get_by_role("radio", name=_action_numeral(indicator), exact=True).click()
    clicked, _ = run.wait_for("click", started)
    # Wait for new fills, then until they settle (no change for 1.5 s); the switch ends at the first
    # report of the final fills.
    deadline = time.time() + 60
    while not any(v != before_fills for _, v in run.on_screen("fills", clicked)):
        if time.time() > deadline:
            raise RuntimeError("the map's fills did not change within 60 s of the indicator switch")
        page.wait_for_timeout(50)
    last_count = -1
    while last_count != len(run.events):
        last_count = len(run.events)
        page.wait_for_timeout(1500)
    fills = run.on_screen("fills", clicked)
    final = fills[-1][1]
    done = next(t for t, v in fills if v == final)
    kept = page.evaluate(
        "() => { const m = document.querySelector('.gp-map'); return !!(m && m.__gp && m.__gp.map.__benchMark); }"
    )
    if f"indicator={indicator}&" not in page.url:
        raise RuntimeError(f"the switch showed another indicator than {indicator}: {page.url}")
    return {
        "switch_ms": done - clicked,
        "switch_bytes": run.bytes() - before_bytes,
        "remounted": not kept or len(run.on_screen("map", clicked)) > 0,
    }


def _shown(frame) -> bool:
    if frame.is_detached():
        return False
    if frame.parent_frame is None:
        return True
    try:
        return frame.frame_element().is_visible()
    except Exception:  # detached meanwhile
        return False


def _indicator_name(indicator: str) -> str:
    import yaml

    catalog = yaml.safe_load((ROOT / "data" / "indicators" / "catalog.yaml").read_text(encoding="utf-8"))
    items = catalog["indicators"] if isinstance(catalog, dict) else catalog
    return next(i["name_zh"] for i in items if i["id"] == indicator)


def _action_numeral(indicator: str) -> str:
    from geo.catalog import load_catalog
    from geo.pack import load_pack
    from geo.paths import DATA

    return load_pack(DATA).numeral(load_catalog().get(indicator).action, "zh")


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True).stdout.strip()
    from importlib.metadata import version

    import streamlit
    import streamlit_folium  # noqa: F401

    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, streamlit {streamlit.__version__}, "
        f"streamlit-folium {version('streamlit-folium')}, folium {version('folium')}, {chromium}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="measured loads per page (default 7)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--apps", default="floor,naive,atlas", help="which pages (comma list)")
    parser.add_argument("--switches", type=int, default=3, help="indicator switches per load (default 3)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    from layers.assets import ensure_static_assets

    apps = args.apps.split(",")
    results: dict[str, list[dict]] = {a: [] for a in apps}
    servers: dict[str, tuple[subprocess.Popen, int]] = {}
    with tempfile.TemporaryDirectory(prefix="bench_map_") as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "floor.py").write_text(textwrap.dedent(FLOOR_APP), encoding="utf-8")
        (tmpdir / "naive.py").write_text(textwrap.dedent(NAIVE_APP.format(root=str(ROOT))), encoding="utf-8")
        ensure_static_assets(tmpdir / "static")
        ensure_static_assets()
        paths = {
            "floor": (tmpdir / "floor.py", tmpdir),
            "naive": (tmpdir / "naive.py", tmpdir),
            "atlas": (ROOT / "app.py", ROOT),
        }
        try:
            for app in apps:
                servers[app] = start_server(*paths[app])
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
                for app in apps:  # warm-up: server caches filled, as on a running service
                    load(browser, f"http://127.0.0.1:{servers[app][1]}/", app)
                for i in range(args.runs):  # interleaved, so that machine noise hits every page alike
                    for app in apps:
                        r = load(browser, f"http://127.0.0.1:{servers[app][1]}/", app, args.switches)
                        results[app].append(r)
                        print(
                            f"run {i + 1} {app}: "
                            + ", ".join(f"{k}={v:.0f}" if isinstance(v, float) else f"{k}={v}" for k, v in r.items()),
                            file=sys.stderr,
                        )
                browser.close()
        finally:
            for proc, _ in servers.values():
                stop_server(proc)
    report(results, args.runs)
    return 0


def report(results: dict[str, list[dict]], runs: int) -> None:
    """Print the medians as a Markdown table, with ratios to both floors (see FLOORS in bench/README.md)."""
    shell = median([r["map_ms"] for r in results.get("floor", [])])
    content = median([r["element_ms"] for r in results.get("floor", [])])
    floor_bytes = median([r["bytes"] for r in results.get("floor", [])])
    print(f"machine: {machine()}")
    print(f"median of {runs} runs, cold browser cache, warm server\n")
    print(
        "| page | time to map (ms) | × floor (shell) | × floor (content) | range (ms) | bytes | × floor | "
        "switch indicator (ms) | switch range (ms) | switch bytes | outside requests |"
    )
    print("| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |")
    for app, rs in results.items():
        t = [r["element_ms"] if app == "floor" else r["map_ms"] for r in rs]
        b = [r["bytes"] for r in rs]
        sw = [v for r in rs for v in r.get("switch_all", [])]
        swb = [r["switch_bytes"] for r in rs if "switch_bytes" in r]
        sw_range = f"{min(sw)}–{max(sw)}" if sw else "–"
        print(
            f"| {app} | {median(t):.0f} | {median(t) / shell:.2f} | {median(t) / content:.2f} | "
            f"{min(t):.0f}–{max(t):.0f} | {median(b):,.0f} | {median(b) / floor_bytes:.2f} | {median(sw):.0f} | "
            f"{sw_range} | {median(swb):,.0f} | {sum(r['outside'] for r in rs)} |".replace("| nan |", "| – |").replace(
                "| nan |", "| – |"
            )
        )
    if "floor" in results:
        print(
            f"\nfloor: app shell ([data-testid=stApp]) at {shell:.0f} ms, its one line of content at {content:.0f} ms"
        )
    for app in ("atlas",):
        remounts = [r.get("remounted") for r in results.get(app, [])]
        if remounts:
            print(f"{app}: a switch built a new map in {sum(bool(x) for x in remounts)} of {len(remounts)} loads")


if __name__ == "__main__":
    raise SystemExit(main())
