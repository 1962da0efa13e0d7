"""ui/downloads.py in the page (AppTest): a view of everyone's data downloads by links to the export route, with
the view's link absolute under GANPO_PUBLIC_URL; a view with the session's own upload downloads by buttons whose
files hold the upload's values."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from tests.links import download_links

APP = str(ROOT / "app.py")


@pytest.fixture
def clicks(monkeypatch) -> dict:
    """file name -> what a click on its download button gets (the button's callable runs on the click only)."""
    made: dict = {}
    add = MediaFileManager.add_deferred

    def remember(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        made[file_name] = data_callable
        return add(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return made


def test_the_link_under_the_downloads_is_absolute_under_the_public_url(monkeypatch) -> None:
    monkeypatch.setenv("GANPO_PUBLIC_URL", "https://atlas.example.gov.cn/")
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    links = [c.value.split("`")[1] for c in at.caption if "?indicator=" in c.value]
    assert len(links) == 1 and links[0].startswith("https://atlas.example.gov.cn/?indicator=forest_coverage&year=")
    assert set(download_links(at)) >= {"csv", "xlsx"}
    assert not [b for b in at.get("download_button") if b.key.startswith("dl_")]  # links, not session buttons


def test_a_view_with_the_sessions_upload_downloads_by_buttons_holding_the_uploads_values(clicks) -> None:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params.update({"tab": "data"})
    at.run()
    table = "地区,指标,年份,数值\n章贡区,森林覆盖率,2024,77.7\n".encode()
    at.file_uploader(key="upload").upload("mine.csv", table, "text/csv").run()
    at.button(key="upload_import").click().run()
    at.session_state["open_tab"] = "map"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert download_links(at) == {}  # the upload lives in this session only: no link could name it
    assert {b.key for b in at.get("download_button")} >= {"dl_geojson", "dl_csv", "dl_docx"}
    (name,) = [n for n in clicks if n.endswith(".geojson")]
    doc = json.loads(clicks[name]())
    (mine,) = [f["properties"] for f in doc["features"] if f["properties"]["name_zh"] == "章贡区"]
    assert mine["value"] == 77.7 and mine["provenance"] == "user" and mine["year"] == 2024
