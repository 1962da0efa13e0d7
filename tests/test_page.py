"""The page's tabs: only the open one is drawn, and the link names it (?tab=compare); on a page load the map comes
first and the rest when the map reports it drawn."""

from __future__ import annotations

import inspect
import json

from streamlit.testing.v1 import AppTest

import ui.page as page
from geo.paths import ROOT
from geo.settings import Settings
from layers.formats import formats_for
from tests.links import download_links

BUTTONS = len(formats_for("indicator"))  # one download per format of a view


def run(**query: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_map_tab_opens_by_default_and_draws_only_itself() -> None:
    at = run()
    keys = {u.key for u in at.file_uploader}
    assert "lc_raster" not in keys and "upload" not in keys  # the land-cover and data tabs' uploaders are not drawn
    assert "tab" not in at.query_params


def test_a_link_opens_its_tab() -> None:
    at = run(tab="landcover")
    assert "lc_raster" in {u.key for u in at.file_uploader}
    assert at.query_params["tab"] == "landcover"
    at = run(tab="data")
    assert {u.key for u in at.file_uploader} == {"upload"} and at.query_params["tab"] == "data"


def test_an_unknown_tab_in_a_link_is_named_and_the_map_opens() -> None:
    at = run(tab="mars")
    toasts = " ".join(t.value for t in at.toast)
    assert "tab=mars" in toasts and "map, scorecard, compare, sections, landcover, data" in toasts
    assert "lc_raster" not in {u.key for u in at.file_uploader}


BROWSER = {"url": "http://127.0.0.1:8501/"}  # what Streamlit's page in a browser tells with every run


def the_map(at: AppTest) -> dict:
    """What the page's map component was sent."""
    (shown,) = [json.loads(m.proto.json) for m in at.get("bidi_component") if m.proto.component_name == "ganpo_map"]
    return shown


def controls(at: AppTest) -> set[str]:
    return {g.key for g in at.sidebar.button_group}


def report_drawn(at: AppTest) -> AppTest:
    """What the map's script does in a browser once its counties are on screen (ui/leafletmap.js): the component's
    state says drawn, and that reruns the page."""
    at.session_state[page.MAP_KEY] = {"clicked": None, "drawn": True}
    return at.run()


def test_a_browser_page_load_sends_the_map_first_and_the_rest_when_the_map_reports_it_drawn() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.context = BROWSER
    at.query_params.update({"year": "2024"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    # First run: the map (asked to report its first draw) and its text; the sidebar holds only its intro, so that
    # its pane is there from the first draw and nothing moves when the controls come; no downloads yet.
    first = the_map(at)
    assert first["report_drawn"] is True
    assert any("目标" in m.value and "≥ 63.1 %" in m.value for m in at.markdown)
    assert [c.value for c in at.sidebar.caption] and "七项行动" in at.sidebar.caption[0].value
    assert controls(at) == set() and len(download_links(at)) == 0
    # The map's report reruns the page: the sidebar's controls and the four downloads come, nothing is lost (the
    # link's year is kept), and the map is sent exactly as before (nothing for the browser to redo).
    report_drawn(at)
    assert not at.exception, [e.value for e in at.exception]
    assert controls(at) >= {"lang", "action", "indicator", "year", "level", "mode"}
    assert at.sidebar.button_group(key="year").value == 2024
    assert len(download_links(at)) == BUTTONS
    assert the_map(at) == first
    # Later runs send everything at once, and ask the map for no more reports.
    at.sidebar.button_group(key="level").set_value("city").run()
    assert the_map(at)["report_drawn"] is False
    assert controls(at) >= {"lang", "indicator", "year"} and len(download_links(at)) == BUTTONS


def test_only_the_page_loads_own_run_waits_for_the_report() -> None:
    # Should the report never come (a client that tells its URL but runs no script), the next run, whatever brought
    # it, draws the whole page: only the page load's own run holds anything back, and nothing by the clock.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.context = BROWSER
    at.run()
    assert controls(at) == set() and the_map(at)["report_drawn"] is True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "indicator" in controls(at) and len(download_links(at)) == BUTTONS


def test_a_page_load_without_the_map_or_without_a_browser_does_not_wait() -> None:
    # Another tab: no map to wait for, everything at once, and opening the map later does not wait either.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.context = BROWSER
    at.query_params.update({"tab": "compare"})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "indicator" in controls(at)
    at.session_state["open_tab"] = "map"
    at.run()
    assert the_map(at)["report_drawn"] is False
    assert "indicator" in controls(at) and len(download_links(at)) == BUTTONS
    # A client that runs no script (this test harness, the agent API) would never report: it gets everything at once.
    at = run()
    assert the_map(at)["report_drawn"] is False
    assert "indicator" in controls(at) and len(download_links(at)) == BUTTONS


def test_the_page_never_sleeps() -> None:
    # The map says when it is drawn; no pause by the clock stands in for it (nor any setting to tune one).
    assert "sleep" not in inspect.getsource(page) and not hasattr(Settings(), "controls_delay_ms")
