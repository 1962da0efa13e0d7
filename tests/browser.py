"""Browser-test helpers: serve the app on loopback, drive Debian's chromium, record every request, find the map.

Fixtures here are imported by browser test modules (and re-exported by conftest as `served_app`). Only loopback
traffic is allowed: every other request is aborted by the context's route and listed by `Requests.outside()`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ui.warmup import wait_until_healthy

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
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
LOOPBACK = ("127.0.0.1", "localhost", "[::1]", "::1")
ARTIFACTS = ROOT / "tests" / "artifacts"


def need_chromium() -> None:
    """Skip (with the reason) when Debian's chromium is absent; `make test` installs it."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make browser` or `make test` does it)")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `streamlit run server.py` on 127.0.0.1 (as `make run` serves it)."""

    url: str
    process: subprocess.Popen
    log: Path


@contextmanager
def serve(env: Mapping[str, str] | None = None, timeout: float = 180) -> Iterator[Server]:
    """Start the app on a free loopback port, wait until it answers, stop it afterwards."""
    if not (ROOT / "static" / "leaflet" / "leaflet.js").is_file():
        subprocess.run([sys.executable, "-m", "layers.assets"], cwd=ROOT, check=True)
    port = free_port()
    log = Path(tempfile.mkstemp(prefix="ganpo-streamlit-", suffix=".log")[1])
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "server.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        # A store of its own for every server (unless the caller names one): nothing of a developer's var/ leaks in.
        state = {"GANPO_STATE_DIR": tempfile.mkdtemp(prefix="ganpo-state-")}
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **state, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(f"{url}/health", timeout, proc, log)  # warmed up, as `make run` serves it
        yield Server(url, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def is_loopback(url: str) -> bool:
    """data:, blob: and about: never leave the page; http(s)/ws(s) must name a loopback host."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return (parts.hostname or "") in LOOPBACK or parts.netloc.startswith("[::1]")


@dataclass
class Requests:
    """Every request and WebSocket of a browser context, from every frame."""

    urls: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return sorted({u for u in self.urls if not is_loopback(u)})


@contextmanager
def browser_context(viewport: tuple[int, int] = (1400, 1000)):
    """(context, Requests) of a fresh chromium profile; anything not on loopback is aborted and recorded."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="ganpo-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                args=CHROMIUM_ARGS,
                headless=True,
                accept_downloads=True,
                viewport={"width": viewport[0], "height": viewport[1]},
                locale="zh-CN",
                service_workers="block",
            )
            seen = Requests()
            context.on("request", lambda req: seen.urls.append(req.url))

            def guard(route):
                if is_loopback(route.request.url):
                    route.continue_()
                else:
                    route.abort("blockedbyclient")

            context.route("**/*", guard)

            def on_page(page):
                page.on("websocket", lambda ws: seen.urls.append(ws.url))
                page.on("framenavigated", lambda fr: seen.urls.append(fr.url))

            context.on("page", on_page)
            for page in context.pages:
                on_page(page)
            try:
                yield context, seen
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def map_view(page, n: int = 100, timeout: float = 60):
    """The map on the page (a Locator of the `.gp-map` element) once it holds at least n `path.leaflet-interactive`."""
    deadline = time.monotonic() + timeout
    best = 0
    while time.monotonic() < deadline:
        maps = page.locator(".gp-map")
        for i in range(maps.count()):
            view = maps.nth(i)
            try:
                count = view.locator("path.leaflet-interactive").count()
            except Exception:  # replaced while we looked
                continue
            best = max(best, count)
            if count >= n and view.is_visible():
                return view
        page.wait_for_timeout(250)
    raise AssertionError(f"no map with {n} county shapes within {timeout} s (most seen: {best})")


@contextmanager
def opened_map(context, url: str, on_page=None):
    """A new page at `url`, its map drawn and the script idle: yields (page, map view); closes the page.

    `on_page(page)` runs before the page loads (to attach listeners)."""
    page = context.new_page()
    if on_page is not None:
        on_page(page)
    try:
        page.goto(url, wait_until="domcontentloaded")
        view = map_view(page)
        wait_idle(page)
        yield page, view
    finally:
        page.close()


def leaflet(view, expression: str, arg=None):
    """Evaluate `expression` (a function of the Leaflet map and `arg`) on the map of `view`."""
    return view.evaluate(f"(el, arg) => ({expression})(el.__gp.map, arg)", arg)


def wait_idle(page, timeout: float = 60) -> None:
    """Until Streamlit has finished running the script (its status widget gone)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout * 1000)


def page_point(page, view, lat: float, lon: float) -> tuple[float, float]:
    """Where a lat/lon of the map lies on the page, in CSS pixels (through the map's own projection).

    The whole map is scrolled into view first, so that a click lands where it was aimed.
    """
    view.scroll_into_view_if_needed()
    page.wait_for_timeout(100)
    x, y = leaflet(
        view,
        """(map, [lat, lon]) => {
             const p = map.latLngToContainerPoint([lat, lon]);
             const box = map.getContainer().getBoundingClientRect();
             return [box.left + p.x, box.top + p.y];
           }""",
        [lat, lon],
    )
    return x, y


def tooltip_text(view, timeout: float = 10) -> str:
    """The visible Leaflet tooltip's text."""
    tip = view.locator(".leaflet-tooltip").last
    tip.wait_for(state="visible", timeout=timeout * 1000)
    return tip.inner_text()


def hover_county(page, view, lat: float, lon: float, name: str, timeout: float = 10) -> str:
    """Move the mouse onto a county (at a point inside it) and return its tooltip once it names the county."""
    x, y = page_point(page, view, lat, lon)
    page.mouse.move(x - 30, y - 30)
    page.mouse.move(x, y, steps=5)
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        text = tooltip_text(view, timeout)
        if text.splitlines() and text.splitlines()[0].strip() == name:
            return text
        page.mouse.move(x + 1, y + 1)
        page.wait_for_timeout(200)
    raise AssertionError(f"hovering {name} at ({lat}, {lon}) showed: {text!r}")


def county_points(names: list[str]) -> dict[str, tuple[float, float]]:
    """A point well inside each named county (from the boundaries the app draws): name -> (lat, lon)."""
    import geopandas as gpd

    counties = gpd.read_file(ROOT / "data" / "boundaries" / "jiangxi_county.geojson")
    name_col = "name_zh" if "name_zh" in counties.columns else "name"
    out = {}
    for name in names:
        geom = counties.loc[counties[name_col] == name, "geometry"].iloc[0]
        # Away from the edges, so that the simplified outline on screen holds it too.
        inner = geom.buffer(-0.02)
        pt = (inner if not inner.is_empty else geom).representative_point()
        out[name] = (pt.y, pt.x)
    return out


UNIT_VALUE = re.compile(r"\d+(?:\.\d+)?\s*%")


def map_names(view) -> list[str]:
    """The region names the map shows now (those the collision check has not hidden)."""
    view.locator(".gp-label").first.wait_for(state="attached", timeout=30_000)
    return view.locator(".gp-label").evaluate_all(
        "els => els.filter(e => e.style.visibility !== 'hidden').map(e => e.textContent)"
    )
