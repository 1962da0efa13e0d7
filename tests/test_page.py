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
    assert "tab=mars" in toasts and "map, scorecard, compare, sections, landcover, data" in toasts
    assert "lc_raster" not in {u.key for u in at.file_uploader}


def test_a_page_load_of_the_map_waits_once_before_its_downloads_and_controls_and_loses_none(monkeypatch) -> None:
    import ui.page as page

    waits: list[int] = []
    # Recorded instead of slept: what matters here is when the page waits and that nothing is lost by it.
    monkeypatch.setattr(page, "_let_the_map_draw", lambda settings: waits.append(settings.controls_delay_ms))
    monkeypatch.setenv("GANPO_CONTROLS_DELAY_MS", "300")
    at = run()
    assert waits == [300]  # once, on the page load of the map tab
    # Nothing is lost by waiting: the sidebar (its intro first, so its pane is there from the first draw), the four
    # downloads and the link to the view are all on the page.
    assert "七项行动" in at.sidebar.caption[0].value
    assert {g.key for g in at.sidebar.button_group} >= {"lang", "action", "indicator", "year", "level", "mode"}
    assert len(at.get("download_button")) == 4
    at.sidebar.button_group(key="year").set_value(at.sidebar.button_group(key="year").options[-1]).run()
    assert waits == [300]  # a rerun does not wait
    run(tab="compare")
    assert waits == [300]  # nor does a page load of a tab without the map


def test_the_pause_lasts_the_setting_in_milliseconds(monkeypatch) -> None:
    import ui.page as page
    from geo.settings import Settings

    slept: list[float] = []
    monkeypatch.setattr(page.time, "sleep", slept.append)
    page._let_the_map_draw(Settings(controls_delay_ms=250))
    page._let_the_map_draw(Settings(controls_delay_ms=0))
    assert slept == [0.25, 0.0]
