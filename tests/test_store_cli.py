"""The store's command line (geo/commands/datasets.py, users.py, store.py) as a steward or a script uses it."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from geo.cli import main
from geo.paths import ROOT

PASSWORD = "correct horse battery"
TABLE = "地区,指标,年份,数值\n章贡区,森林覆盖率,2025,70.5\n"


def cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = old
    return code, out.getvalue(), err.getvalue()


def test_a_steward_adds_publishes_and_gets_the_file_back(tmp_path: Path) -> None:
    assert cli("users", "add", "lin", "--role", "steward", stdin=PASSWORD + "\n")[0] == 0
    table = tmp_path / "forest.csv"
    table.write_bytes(TABLE.encode("utf-8"))
    code, out, err = cli("datasets", "add", str(table), "--by", "lin", "--name", "林业局2025")
    assert code == 0 and out == "1\t林业局2025 v1\tdraft\n" and "1 value imported" in err
    assert cli("datasets", "publish", "1", "--by", "lin")[1] == "published dataset 1; data version 3\n"
    assert "1\t林业局2025\t1\tpublished\t1\tlin\t" in cli("datasets", "list")[1]
    assert cli("datasets", "export", "1", "--out", str(tmp_path / "back.csv"))[0] == 0
    assert (tmp_path / "back.csv").read_bytes() == table.read_bytes()
    assert "report: forest.csv: 1 row read" in cli("datasets", "show", "1")[1]


def test_a_file_with_errors_exits_1_and_stores_nothing(tmp_path: Path) -> None:
    cli("users", "add", "lin", "--role", "steward", stdin=PASSWORD + "\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("地区,指标,年份,数值\n火星县,森林覆盖率,2025,1\n", encoding="utf-8")
    code, out, err = cli("datasets", "add", str(bad), "--by", "lin")
    assert code == 1 and out == "" and "bad.csv has errors: nothing was stored" in err
    assert cli("datasets", "list")[1].count("\n") == 1  # the header only


def test_a_viewer_cannot_publish_from_the_command_line_either(tmp_path: Path) -> None:
    cli("users", "add", "lin", "--role", "steward", stdin=PASSWORD + "\n")
    cli("users", "add", "wang", "--role", "viewer", stdin=PASSWORD + "\n")
    table = tmp_path / "t.csv"
    table.write_bytes(TABLE.encode())
    cli("datasets", "add", str(table), "--by", "lin")
    code, _, err = cli("datasets", "publish", "1", "--by", "wang")
    assert code == 2 and err == (
        "error: wang (viewer) may not publish; sign in with an account of role steward or admin\n"
    )


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    cli("users", "add", "lin", "--role", "steward", stdin=PASSWORD + "\n")
    table = tmp_path / "t.csv"
    table.write_bytes(TABLE.encode())
    cli("datasets", "add", str(table), "--by", "lin", "--publish")
    backup = tmp_path / "b.json.gz"
    assert cli("store", "backup", str(backup))[0] == 0
    cli("datasets", "withdraw", "1", "--by", "lin")
    assert cli("store", "restore", str(backup))[1] == f"restored {backup}\n"
    assert "\tpublished\t" in cli("datasets", "list")[1]
    (tmp_path / "junk.gz").write_bytes(b"not a backup")
    code, _, err = cli("store", "restore", str(tmp_path / "junk.gz"))
    assert code == 2 and "is not a backup of the store" in err


def test_two_stewards_publishing_at_the_same_moment_both_land_in_order(store, tmp_path: Path) -> None:
    env = {**os.environ, "GANPO_DATABASE_URL": store.url}
    run = lambda *a, **kw: subprocess.run(
        [sys.executable, "-m", "geo", *a],
        cwd=ROOT,
        env=env,
        capture_output=True,  # noqa: E731
        text=True,
        **kw,
    )
    assert run("users", "add", "lin", "--role", "steward", input=PASSWORD + "\n").returncode == 0
    assert run("users", "add", "zhou", "--role", "steward", input=PASSWORD + "\n").returncode == 0
    for who, name in (("lin", "forest"), ("zhou", "wetland")):
        path = tmp_path / f"{name}.csv"
        path.write_bytes(TABLE.encode())
        assert run("datasets", "add", str(path), "--by", who).returncode == 0
    both = [
        subprocess.Popen(
            [sys.executable, "-m", "geo", "datasets", "publish", str(i), "--by", who],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, who in ((1, "lin"), (2, "zhou"))
    ]
    results = [p.communicate(timeout=120) for p in both]
    assert [p.returncode for p in both] == [0, 0], results
    assert {d.state for d in store.datasets()} == {"published"}
    published = store.history().query("action == 'published'")
    assert sorted(published["dataset_id"].astype(int)) == [1, 2] and published["id"].is_monotonic_increasing
