"""The dataset store, measured (run by hand; figures in bench/README.md):

    .venv/bin/python bench/bench_store.py [--rows 200000] [--database URL]

- time to add (import + store, one transaction) and to publish a long table of --rows values;
- time from the publication to another process's next read of the published state (the data version, then the
  values), as a replica's next page run does;
- the store's size per million values (SQLite: the file; PostgreSQL: pg_total_relation_size of the tables);
- with --pages: a page run of the map (Streamlit's AppTest, the server's side of a page load and of a switch) with an
  empty store and with 100 published datasets (of 100 values each).
Default: a fresh SQLite store in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.accounts import Account  # noqa: E402
from geo.atlas import load_atlas  # noqa: E402
from geo.datasets import add, publish, shared  # noqa: E402
from geo.settings import Settings  # noqa: E402
from geo.store import Store  # noqa: E402

STEWARD = Account("bench", "steward")
READER = """
import sys, time
sys.path.insert(0, {root!r})
from geo.store import Store
from geo.datasets import shared
store = Store({url!r})
seen = store.data_version()
print("ready", flush=True)
while store.data_version() == seen:
    time.sleep(0.05)
values = shared(store).values
print(time.time(), len(values), flush=True)
"""


def table(rows: int, regions: list[str], indicators: dict[str, float]) -> bytes:
    """A long table of `rows` distinct values: region x indicator x year (a value inside each indicator's range)."""
    lines = ["region,indicator,year,value,source"]
    years = range(2000, 2036)  # the Jiangxi pack's years
    n = 0
    for year in years:
        for ind, value in indicators.items():
            for code in regions:
                if n == rows:
                    return ("\n".join(lines) + "\n").encode()
                lines.append(f"{code},{ind},{year},{value:g},bench")
                n += 1
    raise SystemExit(f"at most {n} distinct values with these regions, indicators and years; ask for fewer rows")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 112 regions x 47 indicators x 36 years allow 189,504 distinct values in the Jiangxi pack.
    p.add_argument("--rows", type=int, default=180_000)
    p.add_argument("--database", help="an SQLAlchemy URL (default: a new SQLite file)")
    p.add_argument("--pages", action="store_true", help="also time page runs: empty store vs 100 datasets")
    args = p.parse_args()
    if args.pages:
        return pages()
    tmp = Path(tempfile.mkdtemp(prefix="ganpo-bench-store-"))
    url = args.database or f"sqlite:///{tmp / 'store.sqlite'}"
    settings = Settings(max_table_rows=max(args.rows, 200_000), state_dir=tmp)
    atlas = load_atlas(settings)
    regions = list(atlas.regions["adcode"].astype(str))
    middle = {
        i.id: (round((i.valid_range[0] + i.valid_range[1]) / 2) if i.valid_range else 1.0)
        for i in atlas.catalog.indicators
    }
    data = table(args.rows, regions, middle)
    store = Store(url)
    store.migrate()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load {os.getloadavg()[0]:.2f}; store: {url.split('://')[0]}; table: {len(data) / 1e6:.1f} MB"
    )
    reader = subprocess.Popen(
        [sys.executable, "-c", READER.format(root=str(ROOT), url=url)], stdout=subprocess.PIPE, text=True
    )
    assert reader.stdout is not None and reader.stdout.readline().strip() == "ready"
    t0 = time.perf_counter()
    added = add(store, data, "bench.csv", STEWARD, atlas.catalog, atlas.region_index, settings)
    t1 = time.perf_counter()
    assert added.dataset_id is not None, added.result.report()[-500:]
    published_at = time.time()
    publish(store, added.dataset_id, STEWARD)
    t2 = time.perf_counter()
    seen_at, seen = reader.stdout.readline().split()
    reader.wait(timeout=60)
    t3 = time.perf_counter()
    values = shared(store).values
    t4 = time.perf_counter()
    print(f"add {args.rows:,} values (import + store): {t1 - t0:.2f} s; publish: {t2 - t1:.3f} s")
    print(
        f"publication -> another process's read of the published values: {float(seen_at) - published_at:.2f} s "
        f"({int(seen):,} values)"
    )
    print(f"read the published state in this process: {t4 - t3:.2f} s ({len(values):,} values)")
    if url.startswith("sqlite"):
        size = sum(f.stat().st_size for f in tmp.glob("store.sqlite*"))
    else:
        import sqlalchemy as sa

        with store.engine.connect() as conn:
            size = int(
                conn.execute(
                    sa.text(
                        "SELECT SUM(pg_total_relation_size(c)) FROM unnest(ARRAY["
                        "'datasets', 'dataset_values', 'events']) AS c"
                    )
                ).scalar_one()
            )
    print(
        f"store size: {size / 1e6:.1f} MB, {size / 1e6 / args.rows * 1e6:.0f} MB per million values "
        f"(including the original file, {len(data) / 1e6:.1f} MB)"
    )
    return 0


def page_runs(state: Path, runs: int = 5) -> tuple[float, float]:
    """(first page run, median of later page runs with an indicator switch), in seconds, on the store in `state`."""
    from streamlit.testing.v1 import AppTest

    os.environ["GANPO_STATE_DIR"] = str(state)
    times = []
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    t0 = time.perf_counter()
    at.run()
    first = time.perf_counter() - t0
    for i in range(runs):
        indicator = ("wetland_protection_rate", "forest_coverage")[i % 2]  # the same action: one click
        t0 = time.perf_counter()
        at.sidebar.button_group(key="indicator").set_value(indicator).run()
        times.append(time.perf_counter() - t0)
    return first, sorted(times)[len(times) // 2]


def pages() -> int:
    """Page runs with an empty store, then with 100 published datasets."""
    empty = Path(tempfile.mkdtemp(prefix="ganpo-bench-empty-"))
    full = Path(tempfile.mkdtemp(prefix="ganpo-bench-100-"))
    settings = Settings(state_dir=full)
    atlas = load_atlas(settings)
    store = Store(settings.database)
    store.migrate()
    counties = list(atlas.boundaries["county"].index)
    for i in range(100):
        rows = "\n".join(f"{c},forest_coverage,{2000 + i % 36},{40 + (i + k) % 50}" for k, c in enumerate(counties))
        added = add(
            store,
            f"region,indicator,year,value\n{rows}\n".encode(),
            f"d{i}.csv",
            STEWARD,
            atlas.catalog,
            atlas.region_index,
            settings,
            name=f"dataset {i}",
            publish_now=True,
        )
        assert added.dataset_id is not None
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    page_runs(Path(tempfile.mkdtemp(prefix="ganpo-bench-warm-")), runs=1)  # the built-in atlas, loaded once for both
    for label, state in (("empty store", empty), ("100 published datasets", full)):
        first, later = page_runs(state)
        print(f"{label}: first page run {first:.2f} s, later runs (switch) median {later * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
