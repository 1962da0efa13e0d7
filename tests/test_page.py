"""The page's tabs: only the open one is drawn, and the link names it (?tab=compare)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from geo.paths import ROOT


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
    assert "tab=mars" in toasts and "map, compare, sections, landcover, data" in toasts
    assert "lc_raster" not in {u.key for u in at.file_uploader}
