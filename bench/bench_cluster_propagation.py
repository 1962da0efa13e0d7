"""How long a publication takes to reach another replica's page (run by hand; figures in bench/README.md):

    make cluster                      # or scripts/cluster.py start ... with its GANPO_STATE_DIR exported
    .venv/bin/python bench/bench_cluster_propagation.py [--publications 10] [--replica 2]

A reader (one tab, over Streamlit's WebSocket protocol) reruns the page on one replica back to back, as a user
clicking without pause; this process publishes datasets on the cluster's PostgreSQL, a few seconds apart (the
drafts added first, the publication alone timed). For each publication: the time from its commit (publish()
returned) to the end of the reader's first run that shows its data version. A run that started before the commit
shows the old version; the next one shows the new: the figure is at most the rest of one run plus a whole run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

from geo.accounts import Account  # noqa: E402
from geo.atlas import load_atlas  # noqa: E402
from geo.datasets import add, publish  # noqa: E402
from geo.settings import Settings  # noqa: E402
from geo.store import Store  # noqa: E402

STEWARD = Account("bench", "steward")
VIEW = "indicator=forest_coverage&year=2025"


def reader(address: str, seen: list[tuple[float, float, int]], stop: threading.Event) -> None:
    """Rerun the page back to back; note (start, end, data version shown) of each run."""
    with connect(
        f"ws://{address}/_stcore/stream", subprotocols=["streamlit"], origin=f"http://{address}", max_size=None
    ) as ws:
        query = VIEW
        while not stop.is_set():
            msg = BackMsg()
            msg.rerun_script.query_string, msg.rerun_script.page_script_hash = query, ""
            start, shown = time.time(), ""
            ws.send(msg.SerializeToString())
            while True:
                fm = ForwardMsg()
                fm.ParseFromString(ws.recv(timeout=120))
                kind = fm.WhichOneof("type")
                if kind == "page_info_changed":
                    shown = fm.page_info_changed.query_string
                elif kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
            seen.append((start, time.time(), int(parse_qs(shown).get("data", ["0"])[0])))
            query = ""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--publications", type=int, default=10)
    p.add_argument("--replica", type=int, default=2, help="the reader's replica (1-based), direct, not the proxy")
    p.add_argument("--gap", type=float, default=3.0, help="seconds between publications")
    args = p.parse_args()
    info = json.loads((Settings.from_env().state_dir / "cluster" / "cluster.json").read_text())
    replicas = [f"127.0.0.1:{x['port']}" for x in info["processes"] if x["marker"] == "streamlit"]
    address = replicas[args.replica - 1]
    os.environ["GANPO_DATABASE_URL"] = info["database_url"]
    settings = Settings.from_env()
    store = Store(info["database_url"])
    atlas = load_atlas(settings)
    drafts = []
    for i in range(args.publications):
        table = f"地区,指标,年份,数值,来源\n章贡区,森林覆盖率,2025,{60 + i / 10:.1f},传播测试\n".encode()
        added = add(store, table, "propagation.csv", STEWARD, atlas.catalog, atlas.region_index, settings)
        assert added.dataset_id is not None, added.result.report()
        drafts.append(added.dataset_id)

    seen: list[tuple[float, float, int]] = []
    stop = threading.Event()
    thread = threading.Thread(target=reader, args=(address, seen, stop), daemon=True)
    thread.start()
    while not seen:
        time.sleep(0.1)
    published: list[tuple[float, int]] = []
    for dataset_id in drafts:
        time.sleep(args.gap)
        publish(store, dataset_id, STEWARD)
        published.append((time.time(), store.data_version()))
    time.sleep(args.gap)
    stop.set()
    thread.join(timeout=150)

    delays, firsts, runs = [], [], [end - start for start, end, _ in seen]
    for committed, version in published:
        first = next(((start, end) for start, end, shown in seen if shown >= version and end >= committed), None)
        delays.append(None if first is None else first[1] - committed)
        firsts.append(None if first is None else first[1] - first[0])
    shown = [d for d in delays if d is not None]
    print(
        json.dumps(
            {
                "replica": address,
                "publications": len(published),
                "seen": len(shown),
                "delay_s": {"median": statistics.median(shown), "max": max(shown)} if shown else None,
                "reader_run_s": {"median": statistics.median(runs), "max": max(runs), "runs": len(runs)},
                "loadavg_at_end": os.getloadavg(),
                "each_s": [None if d is None else round(d, 3) for d in delays],
                "first_run_s": [None if d is None else round(d, 3) for d in firsts],  # the run that showed it
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
