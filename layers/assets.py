"""Offline web assets for the map: Leaflet from an installed registry package, served by Streamlit, never a CDN.

folium 0.20 points every Map at six CDN stylesheets and four CDN scripts (Leaflet, jQuery, Bootstrap,
Awesome Markers, Font Awesome, glyphicons). Our maps need only Leaflet's JS and CSS (GeoJson, its
tooltips and popups, LayerControl and an HTML legend run on Leaflet alone), so `make_offline` replaces
those lists with two local URLs.

The app draws its maps in the page with its own Streamlit component (`ui/leafletmap.py`, no iframe). For a
map `m` it loads exactly the JS/CSS links of `layers.script.map_script(m).assets` (the `default_js` and
`default_css` of the folium elements in the tree) and preloads the files of `.prefetch` (the display
geometry); links that an element puts into the page header while rendering (a branca colormap's d3) are
not loaded, so such an element would not draw. `external_urls` checks both: the rendered page (what a saved
page would fetch, and the tile and image URLs the scripts name) and the links the component loads.

Setup (`python -m layers.assets`, run by `make run`) copies the files from site-packages into the
git-ignored `static/leaflet/` folder that Streamlit serves at `/app/static/leaflet/` when
`server.enableStaticServing` is on. Copies, not symlinks: Streamlit resolves symlinks and refuses
files whose real path lies outside `static/`.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import folium
import folium.elements

from geo.errors import AtlasError
from geo.paths import ROOT
from layers.script import page_loads

LEAFLET_PACKAGE = "js_lib_leaflet"  # from the PyPI package django-js-lib-leaflet (see requirements.txt)
LEAFLET_DIST = ("static", "js_lib_leaflet")  # where the package keeps Leaflet's dist/ files
LEAFLET_VERSION = "1.9.4"
# What the map needs: the script, the stylesheet and the images the stylesheet names (layer-control
# icon, default marker). Source maps and the ESM build are left behind.
LEAFLET_FILES = (
    "leaflet.js",
    "leaflet.css",
    "images/layers.png",
    "images/layers-2x.png",
    "images/marker-icon.png",
    "images/marker-icon-2x.png",
    "images/marker-shadow.png",
)
STATIC_DIR = ROOT / "static"  # Streamlit serves <folder of app.py>/static
STATIC_URL = "/app/static"  # ... at this path (prefix it with server.baseUrlPath when one is set)
ASSET_FOLDER = "leaflet"

_LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
# Places in a rendered page from which the browser fetches something: script/img/iframe src, stylesheet
# links, CSS url(), and the URL templates of tile, WMS and image layers. Plain <a href> links and text
# inside the data are not fetched, so they are not reported.
_FETCHED = (
    re.compile(r"""\bsrc\s*=\s*["']([^"']+)"""),
    re.compile(r"""<link\b[^>]*\bhref\s*=\s*["']([^"']+)"""),
    re.compile(r"""url\(\s*["']?([^"')]+)"""),
    re.compile(r"""L\.(?:tileLayer(?:\.wms)?|imageOverlay|videoOverlay)\(\s*["']([^"']+)"""),
)


class OfflineAssetsError(AtlasError):
    """The offline Leaflet files are missing, or a map would fetch something from outside this machine."""


def leaflet_source_dir() -> Path:
    """The folder of the installed package that holds Leaflet's leaflet.js, leaflet.css and images/."""
    spec = importlib.util.find_spec(LEAFLET_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise OfflineAssetsError(
            f"the Python package {LEAFLET_PACKAGE!r} (Leaflet {LEAFLET_VERSION} for offline maps) is not installed",
            "run `make setup`, or `pip install -r requirements.txt` (it lists django-js-lib-leaflet)",
        )
    source = Path(next(iter(spec.submodule_search_locations))).joinpath(*LEAFLET_DIST)
    missing = [name for name in LEAFLET_FILES if not (source / name).is_file()]
    if missing:
        raise OfflineAssetsError(
            f"{source} lacks {', '.join(missing)}",
            "reinstall it: pip install --force-reinstall -r requirements.txt",
        )
    return source


def ensure_static_assets(static_dir: Path = STATIC_DIR) -> dict[str, Path]:
    """Copy Leaflet's files into `static_dir/leaflet/` (only those that differ); return {relative name: path}."""
    source = leaflet_source_dir()
    target = Path(static_dir) / ASSET_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    # Third-party files are never committed: the folder ignores itself whatever the repo's .gitignore says.
    ignore = target / ".gitignore"
    if not ignore.is_file():
        ignore.write_text(
            "# copied from site-packages by `python -m layers.assets`; not committed\n*\n", encoding="utf-8"
        )
    copied: dict[str, Path] = {}
    for name in LEAFLET_FILES:
        data = (source / name).read_bytes()
        dest = target / name
        if not dest.is_file() or dest.is_symlink() or dest.read_bytes() != data:
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(dest)  # atomic: a running server never serves half a file
        copied[name] = dest
    return copied


def asset_urls(base_url: str = STATIC_URL) -> dict[str, str]:
    """The URLs of Leaflet's script and stylesheet under Streamlit's static serving: {'js': ..., 'css': ...}."""
    base = base_url.rstrip("/") + "/" + ASSET_FOLDER
    return {"js": f"{base}/leaflet.js", "css": f"{base}/leaflet.css"}


def make_offline(m: folium.Map, base_url: str = STATIC_URL) -> folium.Map:
    """Point `m` at the local Leaflet only, dropping jQuery, Bootstrap, Font Awesome and Awesome Markers."""
    urls = asset_urls(base_url)
    # Instance attributes, on purpose: folium's add_js_link/add_css_link edit the class-wide lists
    # and would change every Map in the process.
    m.default_js = [("leaflet", urls["js"])]
    m.default_css = [("leaflet_css", urls["css"])]
    return m


def offline_map(base_url: str = STATIC_URL, **kwargs: object) -> folium.Map:
    """A folium.Map that loads only the local Leaflet and has no base map unless `tiles` is given."""
    kwargs.setdefault("tiles", None)  # folium's default is OpenStreetMap tiles from the internet
    return make_offline(folium.Map(**kwargs), base_url)


def _is_local(url: str) -> bool:
    if url.startswith(("data:", "#", "about:", "blob:")):
        return True
    match = re.match(r"(?i)^(?:https?:)?//([^/:]+|\[[^\]]+\])", url)
    if match is None:
        return True  # relative or absolute path: same server
    return match.group(1).lower() in _LOCAL_HOSTS


def _component_links(m: folium.Element) -> list[str]:
    """The URLs the app's map component loads for `m` (its assets and prefetched files, as `map_script` lists them)."""
    assets, prefetch = page_loads(m)
    return [url for _, url in assets] + list(prefetch)


def external_urls(m: folium.Map, allow: Iterable[str] = ()) -> list[str]:
    """URLs outside this machine that the map would fetch (rendered page and our component), minus `allow` prefixes."""
    html = m.get_root().render()
    found = [url for pattern in _FETCHED for url in pattern.findall(html)] + _component_links(m)
    allowed = tuple(allow)
    return sorted({u for u in found if not _is_local(u) and not (allowed and u.startswith(allowed))})


def assert_offline(m: folium.Map, allow: Iterable[str] = ()) -> folium.Map:
    """Return `m` unchanged, or raise OfflineAssetsError naming every outside URL it would fetch."""
    outside = external_urls(m, allow)
    if outside:
        raise OfflineAssetsError(
            f"the map would fetch from outside this machine: {', '.join(outside)}",
            "build it with layers.assets.offline_map(); use an HTML legend instead of a branca colormap; "
            "pass opt-in tile URLs in `allow`",
        )
    return m


def main(argv: list[str] | None = None) -> int:
    """Setup step: copy Leaflet into the static folder and print what was placed where."""
    parser = argparse.ArgumentParser(prog="python -m layers.assets", description=main.__doc__)
    parser.add_argument("--static-dir", type=Path, default=STATIC_DIR, help=f"default: {STATIC_DIR}")
    args = parser.parse_args(argv)
    try:
        files = ensure_static_assets(args.static_dir)
    except OfflineAssetsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(
        f"Leaflet {LEAFLET_VERSION}: {len(files)} files in {args.static_dir / ASSET_FOLDER} (served at {STATIC_URL}/{ASSET_FOLDER}/)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
