"""Where a request's time goes inside the server: ``eenloket bench --profile DIR``.

gunicorn then serves ``eenloket.benchmarking_profile:application``: the production application
(``eenloket.wsgi``) wrapped so that every request appends one line of JSON to
``DIR/requests-<pid>.jsonl``: its path, the time inside the worker, the time spent opening the
database connection, the number and time of its queries, and the time of each query by its
shape (numbers and quoted values taken out, so the same statement adds up across requests).
With ``EENLOKET_BENCH_CPROFILE=1`` each worker also profiles every request after its first two
(the bench's warm-up: imports, template compilation) and writes the functions' cumulative
times to ``DIR/cprofile-<pid>.txt`` when it stops.

Compare two databases by running the same bench against each with a ``--profile`` directory
and ``summary(DIR)``: the difference between the client's latency and the time inside the
worker is the server's (queueing, the socket); inside, SQL against Python.
For benchmarks only; production serves ``eenloket.wsgi``.
"""

from __future__ import annotations

import atexit
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path

from django.db import connections

from eenloket.wsgi import application as _production

DIRECTORY = os.environ.get("EENLOKET_BENCH_PROFILE", "")
SHAPE = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b|\$\d+")
_profiler = cProfile.Profile() if os.environ.get("EENLOKET_BENCH_CPROFILE") == "1" else None


def shape(sql: str) -> str:
    """The statement without its values: the same query in every request."""
    return re.sub(r"\s+", " ", SHAPE.sub("?", sql))[:300]


class _Clock:
    def __init__(self):
        self.queries: dict[str, float] = defaultdict(float)
        self.count = 0
        self.seconds = 0.0
        self.connect = 0.0

    def __call__(self, execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - begin
            # By its place in the request and its shape: the same query in every request.
            self.queries[f"{self.count:02d} {shape(sql)}"] += spent * 1000
            self.seconds += spent
            self.count += 1


def _timed_connect(connection, clock_of):
    """Wrap ``connection.connect`` once, to add the time it takes to the running request."""
    if getattr(connection, "_bench_timed", False):
        return
    original = connection.connect

    def connect():
        begin = time.perf_counter()
        try:
            return original()
        finally:
            clock = clock_of()
            if clock is not None:
                clock.connect += time.perf_counter() - begin

    connection.connect = connect
    connection._bench_timed = True


_current: list[_Clock | None] = [None]
_served = [0]
WARM_UP = 2  # the bench warms each worker with two requests


def application(environ, start_response):
    connection = connections["default"]
    _timed_connect(connection, lambda: _current[0])
    clock = _current[0] = _Clock()
    begin = time.perf_counter()
    _served[0] += 1
    profiling = _profiler is not None and _served[0] > WARM_UP
    with connection.execute_wrapper(clock):
        if profiling:
            _profiler.enable()
        try:
            response = _production(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()  # request_finished: closes the connection, as in production
        finally:
            if profiling:
                _profiler.disable()
    spent = time.perf_counter() - begin
    _current[0] = None
    if DIRECTORY:
        line = {
            "path": environ.get("PATH_INFO", ""),
            "method": environ.get("REQUEST_METHOD", ""),
            "ms": spent * 1000,
            "connect_ms": clock.connect * 1000,
            "sql_ms": clock.seconds * 1000,
            "queries": clock.count,
            "by_query": clock.queries,
        }
        with open(Path(DIRECTORY) / f"requests-{os.getpid()}.jsonl", "a") as handle:
            handle.write(json.dumps(line) + "\n")
    return [body]


def _write_cprofile() -> None:
    if _profiler is None or not DIRECTORY:
        return
    out = io.StringIO()
    pstats.Stats(_profiler, stream=out).sort_stats("cumulative").print_stats(60)
    (Path(DIRECTORY) / f"cprofile-{os.getpid()}.txt").write_text(out.getvalue())


atexit.register(_write_cprofile)


def summary(directory: str, *, path_prefix: str = "", skip: int = 0) -> dict:
    """Medians over the requests logged in ``directory`` (whose path starts with
    ``path_prefix``, after the first ``skip`` of each worker): inside the worker, connecting,
    SQL, queries, and each query shape's median time."""
    rows = []
    for file in sorted(Path(directory).glob("requests-*.jsonl")):
        lines = [json.loads(x) for x in file.read_text().splitlines() if x.strip()]
        rows += [r for r in lines if r["path"].startswith(path_prefix)][skip:]
    if not rows:
        return {"requests": 0}
    shapes: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        for sql, ms in row["by_query"].items():
            shapes[sql].append(ms)
    return {
        "requests": len(rows),
        "ms": statistics.median(r["ms"] for r in rows),
        "connect_ms": statistics.median(r["connect_ms"] for r in rows),
        "sql_ms": statistics.median(r["sql_ms"] for r in rows),
        "queries": statistics.median(r["queries"] for r in rows),
        "by_query": sorted(
            ((statistics.median(v), len(v), k) for k, v in shapes.items()), reverse=True
        ),
    }
