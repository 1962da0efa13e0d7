"""How many users a replica (or `make cluster`'s proxy) holds: steps of the load test (bench/locust_cluster.py), each
reported with its interactions' p50 / p95, failures, the replicas' memory and CPU, and the load average (run by hand;
figures in bench/README.md):

    make run   (or make cluster)          # then, with the pids of the replicas to watch:
    .venv/bin/python bench/bench_capacity.py --host http://127.0.0.1:8501 --pids 1234[,5678] \\
        [--steps 5,10,20,40] [--step-seconds 120] [--downloads 0.25] [--comparisons 0.25]

An interaction is what a person waits for: a page run and its second pass, a view change, a comparison page, a
download (not the page's GET / or the WebSocket's opening); the p95 of page runs and view changes alone is printed
too, since a comparison page or a 3 MB download can take longer than the goal on an idle replica. A step holds
when the p95 of all its interactions is under --goal-ms (500) and nothing failed. The ramp (users / spawn rate
seconds) is left out of the figures.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCUST = ROOT / ".venv-locust" / "bin" / "locust"
SETUP = ("GET /", "WS connect")  # opening a tab: not an interaction a person waits on after the page is there
CLICKS = ("page run", "page rest", "view change", "reconnect page run")  # the page and its controls


def rss_mib(pid: int) -> float:
    """Resident memory of a process, MiB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return kb / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    """The q-quantile (0-1) of values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))] if ordered else float("nan")


def step(args: argparse.Namespace, users: int, pids: list[int]) -> dict:
    """One step: a bounded Locust run; its figures."""
    timings = Path(tempfile.mkstemp(prefix=f"capacity-{users}-", suffix=".csv")[1])
    load = os.getloadavg()
    cpu0, start = [cpu_seconds(p) for p in pids], time.time()
    ramp = users / args.spawn_rate
    cmd = [str(LOCUST), "-f", str(ROOT / "bench" / "locust_cluster.py"), "--host", args.host, "--headless"]
    cmd += ["--users", str(users), "--spawn-rate", str(args.spawn_rate)]
    cmd += ["--run-time", f"{int(args.step_seconds + ramp)}s", "--only-summary", "--timings", str(timings)]
    cmd += ["--downloads", str(args.downloads), "--comparisons", str(args.comparisons)]
    run = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples: list[tuple[float, list[float]]] = []
    while run.poll() is None:  # the replicas' memory through the step (a soak is one long step)
        samples.append((time.time() - start, [rss_mib(p) for p in pids]))
        try:
            run.wait(timeout=args.sample_seconds)
        except subprocess.TimeoutExpired:
            pass
    if run.returncode not in (0, 1):  # 1: the run had failures (Locust's exit code), counted below
        raise SystemExit(f"locust exited with {run.returncode}")
    wall = time.time() - start
    cpu = [(cpu_seconds(p) - c) / wall for p, c in zip(pids, cpu0)]
    rows = [r for r in csv.reader(timings.open(encoding="utf-8")) if float(r[0]) >= start + ramp]
    timings.unlink()
    by_name: dict[str, list[float]] = {}
    failed = 0
    failed_by_name: dict[str, int] = {}
    for _, name, ms, bad in rows:
        failed += int(bad) and name not in SETUP
        failed_by_name[name] = failed_by_name.get(name, 0) + int(bad)
        by_name.setdefault(name, []).append(float(ms))
    clicks = [ms for name, times in by_name.items() if name not in SETUP for ms in times]
    page = [ms for name, times in by_name.items() if name in CLICKS for ms in times]
    return {
        "users": users,
        "load": load,
        "interactions": len(clicks),
        "failed": failed,
        "p50": statistics.median(clicks) if clicks else float("nan"),
        "p95": pct(clicks, 0.95),
        "page_p95": pct(page, 0.95),
        "names": {
            n: (len(t), statistics.median(t), pct(t, 0.95), failed_by_name.get(n, 0))
            for n, t in sorted(by_name.items())
        },
        "rss": [rss_mib(p) for p in pids],
        "samples": samples,
        "cpu": cpu,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="http://127.0.0.1:8501")
    parser.add_argument("--pids", required=True, help="the replicas' process ids, comma-separated (memory and CPU)")
    parser.add_argument("--steps", default="5,10,20,40")
    parser.add_argument("--step-seconds", type=float, default=120)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--downloads", type=float, default=0.25)
    parser.add_argument("--comparisons", type=float, default=0.25)
    parser.add_argument("--goal-ms", type=float, default=500)
    parser.add_argument("--sample-seconds", type=float, default=30, help="how often the replicas' RSS is read")
    args = parser.parse_args()
    if not LOCUST.exists():
        sys.exit("no .venv-locust: run `make loadtest` once (it installs Locust there)")
    pids = [int(p) for p in args.pids.split(",")]
    print(
        f"machine: {os.cpu_count()} cores; host {args.host}; replicas {pids}; RSS before {[round(rss_mib(p)) for p in pids]} MiB"
    )
    for users in (int(u) for u in args.steps.split(",")):
        r = step(args, users, pids)
        holds = r["p95"] < args.goal_ms and not r["failed"]
        print(
            f"\n{users} users (load {' '.join(f'{x:.2f}' for x in r['load'])} before): {r['interactions']} interactions, "
            f"{r['failed']} failed, p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms -> {'holds' if holds else 'does not hold'} "
            f"(page runs and view changes alone: p95 {r['page_p95']:.0f} ms); "
            f"RSS {[round(x) for x in r['rss']]} MiB; CPU {[f'{c:.0%}' for c in r['cpu']]} of a core"
        )
        for name, (n, p50, p95, bad) in r["names"].items():
            print(f"    {name:<22} {n:>6}  p50 {p50:>7.0f}  p95 {p95:>7.0f}  failed {bad}")
        after_ramp = [rss for t, rss in r["samples"] if t >= users / args.spawn_rate + args.sample_seconds]
        if len(after_ramp) >= 2:
            for i, pid in enumerate(pids):
                series = [rss[i] for rss in after_ramp]
                print(
                    f"    RSS of {pid} after the ramp: first {series[0]:.0f}, last {series[-1]:.0f}, "
                    f"min {min(series):.0f}, max {max(series):.0f} MiB ({series[-1] / series[0] - 1:+.1%}; "
                    f"{len(series)} samples)"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
