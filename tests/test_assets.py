"""layers/assets.py: offline maps fetch nothing from outside this machine; Leaflet's files are prepared locally."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import pytest

from layers import assets
from layers.geojson import GeoJsonText
from layers.geometry import GeometryRef
from layers.script import map_script

ROOT = Path(__file__).resolve().parents[1]
_SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"name": "南昌县", "adcode": "360121"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[115.8, 28.4], [116.1, 28.4], [116.1, 28.7], [115.8, 28.4]]],
            },
        }
    ],
}
_URL = re.compile(r"""https?://[^\s"'<>)]+""")


def _county_map(m: folium.Map) -> folium.Map:
    folium.GeoJson(_SQUARE, name="县", tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    folium.LayerControl().add_to(m)
    return m


def _outside(html: str) -> list[str]:
    return [u for u in _URL.findall(html) if not re.match(r"https?://(localhost|127\.0\.0\.1)[:/]", u)]


def test_offline_map_html_has_no_outside_url() -> None:
    html = _county_map(assets.offline_map(location=[27.5, 115.7], zoom_start=7)).get_root().render()
    assert _outside(html) == []
    assert '<script src="/app/static/leaflet/leaflet.js"></script>' in html
    assert '<link rel="stylesheet" href="/app/static/leaflet/leaflet.css"/>' in html
    for dropped in ("jquery", "bootstrap", "fontawesome", "awesome-markers", "glyphicons"):
        assert dropped not in html.lower()


def test_default_folium_map_is_caught() -> None:
    m = _county_map(folium.Map())
    outside = assets.external_urls(m)
    assert "https://code.jquery.com/jquery-3.7.1.min.js" in outside
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in outside
    with pytest.raises(assets.OfflineAssetsError, match="code.jquery.com"):
        assets.assert_offline(m)


def test_make_offline_leaves_other_maps_alone() -> None:
    # folium's add_js_link edits the class-wide list; make_offline must not.
    assets.make_offline(folium.Map())
    assert folium.Map.default_js[0][1].startswith("https://cdn.jsdelivr.net/npm/leaflet@")


def test_branca_colormap_is_refused() -> None:
    # A colormap puts d3 from a CDN into the page header: a saved page would fetch it, and our component, which
    # loads only the elements' default_js/default_css, would run the colormap's script without d3.
    m = assets.offline_map()
    branca.colormap.LinearColormap(["#ffffff", "#006400"], vmin=0, vmax=1).add_to(m)
    assert [u for u in assets.external_urls(m) if u.endswith("/d3.min.js")]


def test_what_the_component_loads_is_checked() -> None:
    # A plugin's CDN links are what the app's component would load (map_script's assets): they are reported.
    def plugin_map() -> folium.Map:
        m = assets.offline_map()
        folium.plugins.Fullscreen().add_to(m)
        return m

    loaded = {url for _, url in map_script(plugin_map()).assets}
    outside = set(assets.external_urls(plugin_map()))
    assert {u for u in loaded if u.startswith("https://")} == outside and len(outside) == 2


def test_fetched_geometry_is_checked() -> None:
    # The component preloads the geometry files a map names, and the map's script fetches them.
    m = assets.offline_map()
    GeoJsonText(GeometryRef("https://geo.example.org/county.json"), name="县").add_to(m)
    GeoJsonText(GeometryRef("/app/static/geo/city.test.json"), name="市").add_to(m)
    assert assets.external_urls(m) == ["https://geo.example.org/county.json"]


def test_opt_in_tiles_pass_when_allowed() -> None:
    template = "https://tiles.example.org/{z}/{x}/{y}.png"
    m = assets.offline_map(tiles=template, attr="example")
    assert assets.external_urls(m) == [template]
    assert assets.assert_offline(m, allow=["https://tiles.example.org/"]) is m


def test_local_tiles_are_local() -> None:
    m = assets.offline_map(tiles="http://127.0.0.1:8080/{z}/{x}/{y}.png", attr="local")
    assert assets.external_urls(m) == []


def test_base_url_prefix() -> None:
    urls = assets.asset_urls("/atlas/app/static/")
    assert urls == {"js": "/atlas/app/static/leaflet/leaflet.js", "css": "/atlas/app/static/leaflet/leaflet.css"}


def test_prepared_files_exist_and_match_the_package(tmp_path: Path) -> None:
    files = assets.ensure_static_assets(tmp_path)
    assert set(files) == set(assets.LEAFLET_FILES)
    source = assets.leaflet_source_dir()
    for name, path in files.items():
        assert path == tmp_path / "leaflet" / name
        assert path.is_file() and not path.is_symlink()
        assert path.read_bytes() == (source / name).read_bytes()
    assert f"Leaflet {assets.LEAFLET_VERSION}" in files["leaflet.js"].read_text(encoding="utf-8")[:200]
    assert (tmp_path / "leaflet" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_preparation_repairs_a_damaged_copy(tmp_path: Path) -> None:
    files = assets.ensure_static_assets(tmp_path)
    files["leaflet.css"].write_text("broken", encoding="utf-8")
    assets.ensure_static_assets(tmp_path)
    assert files["leaflet.css"].read_bytes() == (assets.leaflet_source_dir() / "leaflet.css").read_bytes()


def test_setup_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert assets.main(["--static-dir", str(tmp_path)]) == 0
    assert "Leaflet 1.9.4: 7 files" in capsys.readouterr().out


def test_missing_package_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assets, "LEAFLET_PACKAGE", "no_such_leaflet_package")
    with pytest.raises(assets.OfflineAssetsError, match=r"not installed; run `make setup`"):
        assets.leaflet_source_dir()


def test_streamlit_config_keeps_the_page_offline_and_private() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["enableStaticServing"] is True
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= 50
    assert config["client"]["showErrorDetails"] in ("none", "type")
