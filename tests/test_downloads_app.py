"""ui/downloads.py in the page (AppTest): a button per format, the CSV as a zip, and the view's link absolute under
GANPO_PUBLIC_URL."""

from __future__ import annotations

from conftest import ROOT
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


def test_the_link_under_the_downloads_is_absolute_under_the_public_url(monkeypatch) -> None:
    monkeypatch.setenv("GANPO_PUBLIC_URL", "https://atlas.example.gov.cn/")
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    links = [c.value.split("`")[1] for c in at.caption if "?indicator=" in c.value]
    assert len(links) == 1 and links[0].startswith("https://atlas.example.gov.cn/?indicator=forest_coverage&year=")
    assert {b.key for b in at.get("download_button")} >= {"dl_csv", "dl_xlsx"}
