"""Load benchmark (#26): workers and citizens mixed, through gunicorn on 127.0.0.1, for a bounded
time; prints a latency table (docs/performance.md). Not part of the suite.

    .venv/bin/uv sync --frozen --inexact --group bench     # locust (once)
    .venv/bin/python benchmarks/load.py                    # SQLite file, 60 s, 30 users
    DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/eenloket_load \
        .venv/bin/python benchmarks/load.py --seconds 60 --users 30

Traffic goes only to 127.0.0.1, to a server this script starts and stops. It asserts nothing
about speed; it prints figures and the number of errors.
"""

import argparse
import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = ROOT / ".venv" / "bin"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--spawn-rate", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()
    if shutil.which("locust", path=str(BIN)) is None:
        print("locust is missing: .venv/bin/uv sync --frozen --inexact --group bench")
        return 2

    if not args.port:
        with socket.socket() as probe:  # a free port: never someone else's server
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    work = Path(tempfile.mkdtemp(prefix="eenloket-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.setdefault("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}")
    env.update(EENLOKET_VAR_DIR=str(work), EENLOKET_MODE="demo", EENLOKET_DEMO_LOGIN="1")
    print(f"preparing the demo database ({env['DATABASE_URL'].split('@')[-1]}) ...", flush=True)
    subprocess.run(
        [str(BIN / "eenloket"), "demo", "--no-serve"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # A partner system of UWV's direct line (#21): its token, shown once, for the locust users.
    created = subprocess.run(
        [
            str(BIN / "eenloket"),
            "api_client",
            "create",
            "--team",
            "UWV/Directe lijn WW",
            "--name",
            f"load {work.name}",
            "--scope",
            "handovers.read",
            "--scope",
            "directory.read",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    env["EENLOKET_LOAD_API_TOKEN"] = created.stdout.strip().splitlines()[-1]
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "eenloket.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{args.port}"
        for _ in range(300):
            if server.poll() is not None:
                print(f"gunicorn exited ({server.returncode}): is port {args.port} taken?")
                return 2
            try:
                urllib.request.urlopen(f"{base}/werk/inloggen/", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        prefix = work / "locust"
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.seconds}s",
                "--host",
                base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--stop-timeout",
                "5",
            ],
            env=env,
            check=False,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    print(
        f"\n{args.users} users ({args.workers} gunicorn workers), {args.seconds} s, "
        f"{env['DATABASE_URL'].split(':')[0]}\n"
    )
    print("| request | count | errors | median ms | 95% ms | 99% ms | max ms | per s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | "
            f"{float(row['Max Response Time']):.0f} | {float(row['Requests/s']):.1f} |"
        )
    total = next((r for r in rows if r["Name"] == "Aggregated"), None)
    return 1 if total and int(total["Failure Count"]) else 0


if __name__ == "__main__":
    sys.exit(main())
