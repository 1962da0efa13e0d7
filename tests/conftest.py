"""Shared fixtures: the repo root on sys.path and small hand-built data."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


# --- map-service tests: a tiny hand-built view (three counties in a row) for layers/ without Streamlit ---
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def own_store(tmp_path_factory, monkeypatch):
    """Every test has an empty store of its own (SQLite in a temporary state folder), never the repository's var/."""
    monkeypatch.setenv("GANPO_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("GANPO_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def catalog_for_maps():
    """The real indicator catalog (targets, units, rules), read once."""
    from geo.catalog import load_catalog

    return load_catalog()


@pytest.fixture
def tiny_view(catalog_for_maps):
    """make(values, names=None, sources=None, indicator=...) -> a county view of len(values) square counties."""
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import box

    from geo.view import build_view

    def make(
        values=(70.0, 50.0, None), names=None, sources=None, indicator="forest_coverage", year=2024, provenances=None
    ):
        n = len(values)
        codes = [f"3601{i + 1:02d}" for i in range(n)]
        names = list(names or [f"{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{i}县" for i in range(n)])
        counties = gpd.GeoDataFrame(
            {
                "name_zh": names,
                "name_en": [f"County {i}" for i in range(n)],
                "parent_adcode": ["360100"] * n,
                "city_zh": ["一市"] * n,
            },
            geometry=[box(115 + 0.1 * i, 28, 115.1 + 0.1 * i, 28.1) for i in range(n)],
            crs="EPSG:4326",
            index=pd.Index(codes, name="adcode"),
        )
        regions = pd.DataFrame(
            {
                "adcode": ["360000", "360100", *codes],
                "name_zh": ["省", "一市", *names],
                "name_en": ["Province", "Yi City", *[f"County {i}" for i in range(n)]],
                "level": ["province", "city", *["county"] * n],
                "parent_adcode": ["", "360000", *["360100"] * n],
                "area_km2": [100.0 * n, 100.0 * n, *[100.0] * n],
            }
        )
        given = [
            (c, v, s, p)
            for c, v, s, p in zip(codes, values, sources or ["统计公报"] * n, provenances or ["user"] * n)
            if v is not None
        ]
        table = pd.DataFrame(
            {
                "adcode": [g[0] for g in given],
                "indicator": indicator,
                "year": year,
                "value": [float(g[1]) for g in given],
                "source": [g[2] for g in given],
                "provenance": [g[3] for g in given],
                "note": None,
            }
        )
        return build_view(counties, table, regions, catalog_for_maps, indicator, year, "county")

    return make


@pytest.fixture
def huge_tif(tmp_path) -> Path:
    """A GeoTIFF over Jiangxi declaring 200,000 x 200,000 pixels in a small file (sparse, tiled, compressed: no
    tile is ever written, so the file holds little more than its header): a decompression bomb's header."""
    import rasterio
    from affine import Affine

    path = tmp_path / "huge.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=200_000,
        height=200_000,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=Affine(0.00003, 0, 113.5, 0, -0.00003, 30.1),
        tiled=True,
        blockxsize=4096,
        blockysize=4096,
        compress="deflate",
        sparse_ok=True,
        BIGTIFF="YES",
    ):
        pass
    assert path.stat().st_size < 1_000_000
    return path


# --- browser tests: the app served on loopback once per session (helpers in tests/browser.py) ---
@pytest.fixture(scope="session")
def served_app():
    """A running app on the built-in data: `.url` is http://127.0.0.1:<free port>; stopped after the session."""
    from browser import need_chromium, serve

    need_chromium()
    with serve() as server:
        yield server


# --- the dataset store, on SQLite and on a throwaway PostgreSQL cluster (the same tests run on both) ---


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a PostgreSQL cluster started for this test session and stopped after it."""
    from pgcluster import cluster

    with cluster() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    """An empty, migrated store: an SQLite file, or a fresh database on the session's PostgreSQL cluster."""
    import uuid

    import sqlalchemy as sa

    from geo.store import Store

    if request.param == "sqlite":
        s = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
        s.migrate()
        yield s
        s.engine.dispose()
        return
    server = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    s = Store(server.rsplit("/", 1)[0] + f"/{name}")
    s.migrate()
    yield s
    s.engine.dispose()
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE {name}"))
    admin.dispose()
