"""Several app replicas on one PostgreSQL behind nginx, on this machine: `make cluster` / `make cluster-stop`.

    .venv/bin/python scripts/cluster.py start [--replicas 2] [--port 8501]
    .venv/bin/python scripts/cluster.py status      # the cluster's file: ports, process ids, database URL
    .venv/bin/python scripts/cluster.py stop        # proxy, replicas, then PostgreSQL; safe to run twice
    .venv/bin/python scripts/cluster.py postgres restart   # PostgreSQL alone (stop, start, restart)

Everything lives in the state folder (GANPO_STATE_DIR, default var/): cluster/pg (PostgreSQL's data, kept between
runs), cluster/logs, cluster/nginx.conf, and cluster/cluster.json (every process id, the ports and the database URL,
readable by its owner only). Debian's nginx and postgresql are installed when missing. The proxy listens on every
interface (--address 127.0.0.1 for this machine only, or CLUSTER_ADDRESS); PostgreSQL and the replicas on 127.0.0.1
only. docs/CLUSTER.md says how to spread the same layout over several machines.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from ui.warmup import wait_until_healthy  # noqa: E402

TEMPLATE = ROOT / "cluster" / "nginx.conf.in"
PG_USER = "atlas"
PG_DB = "atlas"


class ClusterError(Exception):
    """Something the operator must fix; printed without a traceback."""


# ---------------------------------------------------------------------------------------------------- places
def state_dir() -> Path:
    """The state folder, as geo.settings reads it (GANPO_STATE_DIR, default (repo)/var)."""
    return Path(os.environ.get("GANPO_STATE_DIR") or ROOT / "var").resolve()


def cluster_dir() -> Path:
    return state_dir() / "cluster"


def info_file() -> Path:
    return cluster_dir() / "cluster.json"


def read_info() -> dict | None:
    try:
        return json.loads(info_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def write_info(info: dict) -> None:
    path = info_file()
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the database password
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(info, f, indent=2)
    os.replace(tmp, path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_taken(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


# ---------------------------------------------------------------------------------------------------- packages
def pg_bin() -> str | None:
    """Debian's PostgreSQL server binaries (initdb, pg_ctl), the newest version installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return os.path.dirname(found[-1]) if found else None


def nginx_bin() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)


def install_missing() -> None:
    """apt-get install Debian's nginx and postgresql when missing (apt-get update first, only then)."""
    missing = [pkg for pkg, have in (("nginx", nginx_bin()), ("postgresql", pg_bin())) if not have]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise ClusterError(
            f"{' and '.join(missing)} missing: install Debian's packages: apt-get install {' '.join(missing)}"
        )
    print(f"installing {' '.join(missing)} (apt-get)", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env, stdout=subprocess.DEVNULL)
    if not (nginx_bin() and pg_bin()):
        raise ClusterError("nginx or postgresql still missing after apt-get install")


# ---------------------------------------------------------------------------------------------------- PostgreSQL
def _pg_user() -> str | None:
    """initdb refuses root: as root, PostgreSQL runs as Debian's unprivileged postgres user."""
    return "postgres" if os.geteuid() == 0 else None


def _as_pg(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    user = _pg_user()
    full = ["runuser", "-u", user, "--", *cmd] if user else cmd
    return subprocess.run(full, capture_output=True, text=True, **kw)


def start_postgres(folder: Path, port: int) -> str:
    """Start (after initdb on first use) the cluster in folder/data on 127.0.0.1:port; return the atlas DB's URL."""
    bindir = pg_bin()
    assert bindir
    data, pwfile = folder / "data", folder / "password"
    folder.mkdir(parents=True, exist_ok=True)
    user = _pg_user()
    if user:
        pw = pwd.getpwnam(user)
        os.chown(folder, pw.pw_uid, pw.pw_gid)
        os.chmod(folder, 0o700)
        if _as_pg(["test", "-w", str(folder)]).returncode != 0:
            raise ClusterError(
                f"the postgres user cannot reach {folder}: let it traverse the folders above (chmod o+x)"
            )
    if not pwfile.exists():
        fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(24) + "\n")
        if user:
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
    password = pwfile.read_text().strip()
    if not (data / "PG_VERSION").exists():
        done = _as_pg(
            [
                f"{bindir}/initdb",
                "-D",
                str(data),
                "-U",
                PG_USER,
                "--auth=scram-sha-256",
                f"--pwfile={pwfile}",
                "-E",
                "UTF8",
            ]
        )
        if done.returncode:
            raise ClusterError(f"initdb failed:\n{done.stdout}{done.stderr}")
    pg_ctl_start(folder, port)
    _create_database(port, password)
    return f"postgresql+psycopg://{PG_USER}:{password}@127.0.0.1:{port}/{PG_DB}"


def pg_ctl_start(folder: Path, port: int) -> None:
    """Start the PostgreSQL of folder/data on 127.0.0.1:port (its socket in folder) and wait until it accepts."""
    bindir = pg_bin()
    assert bindir
    data, log = folder / "data", folder / "postgres.log"
    opts = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    done = _as_pg([f"{bindir}/pg_ctl", "-D", str(data), "-w", "-t", "60", "-l", str(log), "-o", opts, "start"])
    if done.returncode:
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        raise ClusterError(f"PostgreSQL did not start:\n{done.stdout}{done.stderr}{tail}")


def _create_database(port: int, password: str) -> None:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", port=port, user=PG_USER, password=password, dbname="postgres", autocommit=True
    ) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)).fetchone() is None:
            conn.execute(f"CREATE DATABASE \"{PG_DB}\" ENCODING 'UTF8'")


def postgres_pid(folder: Path) -> int | None:
    try:
        return int((folder / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def stop_postgres(folder: Path) -> None:
    bindir = pg_bin()
    if bindir and (folder / "data" / "postmaster.pid").exists():
        done = _as_pg([f"{bindir}/pg_ctl", "-D", str(folder / "data"), "-m", "fast", "-w", "-t", "60", "stop"])
        print("PostgreSQL stopped" if done.returncode == 0 else f"pg_ctl stop: {done.stdout}{done.stderr}".strip())


# ---------------------------------------------------------------------------------------------------- processes
def alive(pid: int, marker: str) -> bool:
    """Whether pid runs and is still the process we started (its command line names `marker`), not a reused id."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return marker in cmdline and stat.rsplit(")", 1)[1].split()[0] != "Z"


def _state(pid: int) -> str | None:
    """A process's state letter (R, S, Z...), None when there is none."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def session_members(sid: int) -> list[int]:
    """Processes of the session that `spawn` gave a process (its id is the session's): e.g. nginx's workers, which
    outlive a master killed with SIGKILL and keep the port."""
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(stat.split("/")[2]))
    return found


def stop_pid(pid: int, marker: str, name: str, sig: int = signal.SIGTERM, wait: float = 15) -> None:
    if _state(pid) not in (None, "Z") and not alive(pid, marker):
        return  # the id now belongs to another process: leave it and its session alone
    if alive(pid, marker):
        os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while alive(pid, marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        if alive(pid, marker):
            os.kill(pid, signal.SIGKILL)
        print(f"{name} (pid {pid}) stopped")
    for left in session_members(pid):  # what the process started and left behind
        os.kill(left, signal.SIGKILL)
        print(f"{name}'s child (pid {left}) stopped")


def wait_healthy(url: str, timeout: float, proc: subprocess.Popen | None = None, log: Path | None = None) -> None:
    try:
        wait_until_healthy(url, timeout, proc, log)
    except (RuntimeError, TimeoutError) as exc:
        raise ClusterError(str(exc)) from None


def spawn(cmd: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen:
    """A detached process (its own session: a Ctrl-C in the terminal that ran `make cluster` does not reach it)."""
    with log.open("ab") as out:
        return subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


# ---------------------------------------------------------------------------------------------------- start
def nginx_conf(folder: Path, address: str, port: int, replica_ports: list[int], max_upload_mb: int) -> Path:
    tmp = folder / "nginx-tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in replica_ports)
    text = string.Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        pid_file=folder / "nginx.pid",
        log_dir=folder / "logs",
        tmp_dir=tmp,
        servers=servers,
        listen=f"{address}:{port}",
        max_upload_mb=max_upload_mb,
    )
    conf = folder / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def start(replicas: int, address: str, port: int, pg_port: int, timeout: float) -> dict:
    sys.path.insert(0, str(ROOT))
    from geo.settings import Settings

    settings = Settings.from_env()  # refuses bad GANPO_* settings before anything starts
    folder = cluster_dir()
    info = read_info()
    if info and any(alive(p["pid"], p["marker"]) for p in info["processes"]):
        raise ClusterError(f"a cluster is already running (see {info_file()}): `make cluster-stop` first")
    if info or postgres_pid(folder / "pg"):
        print("cleaning up after a cluster that was not stopped", flush=True)
        stop()  # e.g. PostgreSQL still running after its replicas were killed
    if replicas < 1:
        raise ClusterError("REPLICAS must be 1 or more")
    if port_taken(port):
        raise ClusterError(f"port {port} is in use: choose another with PORT=... make cluster")
    install_missing()
    (folder / "logs").mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)  # the postgres user goes through it to its own pg/ folder
    info = {"state_dir": str(state_dir()), "port": port, "processes": []}
    write_info(info)
    try:
        pg_port = pg_port or free_port()
        url = start_postgres(folder / "pg", pg_port)
        info.update(pg_port=pg_port, database_url=url, pg_dir=str(folder / "pg"))
        write_info(info)
        print(f"PostgreSQL on 127.0.0.1:{pg_port} (data in {folder / 'pg' / 'data'})", flush=True)
        cookie_secret = folder / "cookie_secret"  # the same on every replica (Streamlit's signed cookies)
        if not cookie_secret.exists():
            fd = os.open(cookie_secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(32))
        env = {
            **os.environ,
            "GANPO_DATABASE_URL": url,
            "GANPO_STATE_DIR": str(state_dir()),
            "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret.read_text().strip(),
        }
        subprocess.run([sys.executable, "-m", "geo", "store", "migrate"], cwd=ROOT, env=env, check=True)
        started: list[tuple[subprocess.Popen, int, Path]] = []
        for i in range(replicas):
            rport = free_port()
            log = folder / "logs" / f"replica-{i + 1}.log"
            # server.py: the page with its warm-up (GET /health says "starting" until the caches are filled) and the
            # export route; a replica joins the proxy only once it is warm.
            cmd = [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(rport)]
            cmd += ["--server.address", "127.0.0.1", "--server.headless", "true"]
            proc = spawn(cmd, log, env)
            info["processes"].append(
                {"name": f"replica-{i + 1}", "pid": proc.pid, "port": rport, "marker": "streamlit"}
            )
            write_info(info)
            started.append((proc, rport, log))
        for proc, rport, log in started:
            wait_healthy(f"http://127.0.0.1:{rport}/health", timeout, proc, log)
            print(f"replica on 127.0.0.1:{rport} (pid {proc.pid})", flush=True)
        nginx = nginx_bin()
        assert nginx
        conf = nginx_conf(folder, address, port, [r for _, r, _ in started], settings.max_upload_mb)
        check = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(folder)], capture_output=True, text=True)
        if check.returncode:
            raise ClusterError(f"nginx refuses {conf}:\n{check.stderr}")
        log = folder / "logs" / "nginx.log"
        proc = spawn([nginx, "-c", str(conf), "-p", str(folder), "-g", "daemon off;"], log, dict(os.environ))
        info["processes"].insert(0, {"name": "nginx", "pid": proc.pid, "port": port, "marker": "nginx"})
        write_info(info)
        wait_healthy(f"http://127.0.0.1:{port}/health", 30, proc, log)
    except BaseException:
        print("start failed: stopping what was started", file=sys.stderr)
        stop()
        raise
    shown = "localhost" if address in ("0.0.0.0", "::", "[::]") else address
    print(f"proxy (nginx) on http://{shown}:{port} in front of {replicas} replicas; `make cluster-stop` stops all")
    return info


# ---------------------------------------------------------------------------------------------------- stop
def stop() -> None:
    """Proxy, replicas (by process id), then PostgreSQL (pg_ctl). Nothing to stop is not an error."""
    info = read_info()
    folder = cluster_dir()
    if info is None and postgres_pid(folder / "pg") is None:
        print(f"no cluster running (no {info_file()})")
        return
    for p in (info or {}).get("processes", []):
        stop_pid(p["pid"], p["marker"], p["name"], signal.SIGQUIT if p["marker"] == "nginx" else signal.SIGTERM)
    stop_postgres(folder / "pg")
    info_file().unlink(missing_ok=True)


def postgres(action: str) -> None:
    """Stop, start or restart the running cluster's PostgreSQL on its port; the replicas answer "data store
    unavailable, retrying" meanwhile and reconnect by themselves (tests/test_cluster.py)."""
    info = read_info()
    if info is None or "pg_port" not in info:
        raise ClusterError(f"no cluster running (no {info_file()}): `make cluster` first")
    folder = Path(info["pg_dir"])
    if action in ("stop", "restart"):
        stop_postgres(folder)
    if action in ("start", "restart"):
        if postgres_pid(folder) is None:
            pg_ctl_start(folder, int(info["pg_port"]))
        print(f"PostgreSQL on 127.0.0.1:{info['pg_port']} (pid {postgres_pid(folder)})")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser(
        "start", help="PostgreSQL, the migrations, N replicas and nginx in front; waits until it answers"
    )
    s.add_argument("--replicas", type=int, default=int(os.environ.get("REPLICAS") or 2))
    s.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8501), help="the proxy's port")
    s.add_argument(
        "--address",
        default=os.environ.get("CLUSTER_ADDRESS") or "0.0.0.0",
        help="the proxy's address (default 0.0.0.0: every interface, as `make run`; 127.0.0.1: this machine only)",
    )
    s.add_argument("--pg-port", type=int, default=0, help="PostgreSQL's port (default: a free one)")
    s.add_argument("--timeout", type=float, default=120, help="seconds to wait for each replica")
    sub.add_parser("stop", help="stop the proxy, the replicas and PostgreSQL")
    pg = sub.add_parser(
        "postgres", help="stop, start or restart the cluster's PostgreSQL alone (replicas keep running)"
    )
    pg.add_argument("action", choices=("stop", "start", "restart"))
    sub.add_parser("status", help="print the cluster's file (ports, process ids, database URL)")
    args = p.parse_args(argv)
    try:
        if args.command == "start":
            start(args.replicas, args.address, args.port, args.pg_port, args.timeout)
        elif args.command == "stop":
            stop()
        elif args.command == "postgres":
            postgres(args.action)
        else:
            info = read_info()
            if info is None:
                print("no cluster running")
                return 1
            for proc in info["processes"]:
                proc["alive"] = alive(proc["pid"], proc["marker"])
            print(json.dumps(info, indent=2))
    except ClusterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except subprocess.CalledProcessError as exc:
        print(f"error: {' '.join(map(str, exc.cmd))} exited with {exc.returncode}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
