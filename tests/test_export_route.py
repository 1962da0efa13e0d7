"""ui/export_route.py: GET /export/{format} makes a view's file from its link, refuses a bad link in the link's
language, and answers only signed links when the service asks for sign-in."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from urllib.parse import parse_qsl

import docx
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit import config

from geo.settings import Settings
from geo.store import open_store
from tests.links import download_labels, download_links
from tests.test_report_app import run_app
from ui.export_route import export_route
from ui.signed_link import LIFETIME_SECONDS, sign

VIEW = "indicator=forest_coverage&year=2023&level=county&lang=zh&mode=status&scheme=quantiles"


def client(**settings: object) -> TestClient:
    return TestClient(Starlette(routes=[export_route(Settings.from_env().with_(**settings))]))


def test_a_views_link_gives_its_geojson_with_the_counties_and_the_link_in_its_metadata() -> None:
    r = client().get(f"/export/geojson?{VIEW}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
    assert 'filename="ganpo_forest_coverage_2023_county.geojson"' in r.headers["content-disposition"]
    doc = r.json()
    assert len(doc["features"]) == 100 and {f["properties"]["year"] for f in doc["features"]} == {2023}
    assert doc["metadata"]["link"] == f"?{VIEW}"  # the file says which view it is


def test_the_page_shows_a_link_per_format_and_the_route_answers_the_briefings() -> None:
    at = run_app()
    assert download_labels(at)["docx"] == "生成简报（Word）"
    links = download_links(at)
    assert {"geojson", "gpkg", "csv", "xlsx", "png", "svg", "pdf", "docx"} == set(links)
    r = client().get("/" + links["docx"])
    assert r.status_code == 200, r.text
    doc = docx.Document(io.BytesIO(r.content))
    assert doc.paragraphs[0].text.startswith("森林覆盖率（") and len(doc.inline_shapes) >= 1


def test_an_indicator_without_values_downloads_its_empty_view_at_the_target_year() -> None:
    # The page offers such a view (it says there are no values yet), so its download link must work too.
    from ui.resources import atlas

    full = atlas(Settings.from_env())
    empty = next(i for i in full.catalog.ids if not full.years(i) and full.catalog.get(i).level == "county")
    year = full.catalog.get(empty).target_year
    r = client().get(f"/export/geojson?indicator={empty}&year={year}&level=county")
    assert r.status_code == 200, r.text
    assert len(r.json()["features"]) == 100 and all(f["properties"]["value"] is None for f in r.json()["features"])


@pytest.mark.parametrize(
    ("path", "status", "text"),
    [
        (f"/export/kml?{VIEW}", 404, "下载链接参数 format=kml 无效：请使用其中之一：geojson, gpkg, csv"),
        (
            "/export/csv?indicator=nope&year=2023",
            400,
            "下载链接参数 indicator=nope 无效：请使用指标代码，例如 forest_coverage",
        ),
        (
            "/export/csv?indicator=forest_coverage&year=1999&lang=en",
            400,
            "Download link parameter year=1999 is not valid",
        ),
        (
            "/export/csv?indicator=forest_coverage&year=2023&level=town",
            400,
            "下载链接参数 level=town 无效：请使用其中之一：county, city",
        ),
        ("/export/csv?year=2023", 400, "下载链接缺少参数 indicator"),
        (
            "/export/csv?indicator=forest_coverage&year=2023&data=7",
            404,
            "下载链接参数 data=7 无效：尚未发布任何数据集，请去掉 data 参数",
        ),
    ],
)
def test_a_bad_link_is_refused_naming_the_value_and_the_fix(path: str, status: int, text: str) -> None:
    r = client().get(path)
    assert r.status_code == status and r.text.startswith(text), r.text
    assert "Traceback" not in r.text


@pytest.fixture
def secret():
    """The replicas' shared cookie secret, set for one test (Streamlit's config is the process's)."""
    before = config.get_option("server.cookieSecret")
    config.set_option("server.cookieSecret", "s" * 32)
    yield "s" * 32
    config.set_option("server.cookieSecret", before)


def test_a_service_that_asks_for_sign_in_answers_only_signed_unexpired_links(secret: str) -> None:
    c = client(require_signin=True)
    assert c.get(f"/export/csv?{VIEW}").status_code == 403
    assert "本服务需要登录" in c.get(f"/export/csv?{VIEW}").text
    signed = sign(f"csv?{VIEW}", secret)
    assert c.get(f"/export/{signed}").status_code == 200
    assert c.get(f"/export/{signed.replace('year=2023', 'year=2022')}").status_code == 403  # changed: refused
    old = sign(f"csv?{VIEW}", secret, now=time.time() - LIFETIME_SECONDS - 1)
    assert c.get(f"/export/{old}").status_code == 403  # expired
    assert c.get(f"/export/{sign(f'csv?{VIEW}', 'another secret')}").status_code == 403


def test_the_link_the_page_shows_names_the_data_version_and_its_file_has_the_published_values(tmp_path) -> None:
    table = tmp_path / "林业局.csv"
    table.write_text("地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2025,99.5,林业局年报\n", encoding="utf-8")
    for command, stdin in (
        (["users", "add", "lin", "--role", "steward"], "a-long-password-1\n"),
        (["datasets", "add", str(table), "--by", "lin", "--name", "林业局", "--publish"], None),
    ):
        done = subprocess.run([sys.executable, "-m", "geo", *command], input=stdin, text=True, capture_output=True)
        assert done.returncode == 0, done.stderr
    version = open_store(Settings.from_env()).data_version()
    at = run_app(year="2025")
    link = download_links(at)["geojson"]
    assert version > 0 and dict(parse_qsl(link.split("?", 1)[1]))["data"] == str(version)
    doc = json.loads(client().get("/" + link).content)
    (zhanggong,) = [f["properties"] for f in doc["features"] if f["properties"]["name_zh"] == "章贡区"]
    assert zhanggong["value"] == 99.5 and "林业局年报" in zhanggong["source"]
    assert doc["metadata"]["data_version"] == version


def test_the_link_a_signed_in_page_shows_is_answered(secret: str) -> None:
    # The page signs its links with the same secret (ui/downloads.py): what it shows, the route answers.
    from ui.downloads import export_href, link_secret
    from ui.sidebar import Choice

    settings = Settings.from_env().with_(require_signin=True)
    href = export_href(
        "csv", Choice("forest_coverage", 2023, "county", "status", "quantiles", "zh"), 0, link_secret(settings)
    )
    assert "&sig=" in href
    assert client(require_signin=True).get("/" + href).status_code == 200
