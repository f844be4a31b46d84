"""The spike at production shape: Varnish -> two gunicorn -> PostgreSQL primary + streaming
replica -> Redis -> a task worker, with wrk at the edge on one hot article.

    make bench                              # part of it
    .venv/bin/python bench/edge_spike.py --seconds 30 --connections 32

While wrk reads the hot article through Varnish, a reader posts a comment every second and a
moderator hides one every ten seconds. Prints edge and origin requests per second (origin at
most 1 % of edge), database transactions per second on the primary and the replica (Django
runs in autocommit: about one per query), how long a new comment and a hide take to be
visible at the edge (median, 99th percentile; the target is 1 s) and errors (target 0).
Everything runs on loopback ports of its own, in throwaway folders, and is stopped at the end.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.edge.varnish import Varnish  # noqa: E402
from tests.faults.servers import Gunicorn, Redis, free_port, http_request  # noqa: E402
from tests.faults.test_faults import Checker, _worldctl  # noqa: E402
from tests.replica.cluster import ReplicaCluster  # noqa: E402

# The task workers' queues, as the Makefile's `worker` and `worker-edge` start them.
WORKER_QUEUES = (
    ["--queue-name", "*"],
    ["--queue-name", "edge", "--interval", "0.05", "--no-startup-delay"],
)


def _wait_for_workers(log: Path, count: int, timeout: float = 180) -> None:
    """Until `count` db_worker processes logged that they poll for tasks."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count("Starting worker") >= count:
            return
        time.sleep(0.2)
    sys.exit(f"the task workers did not start within {timeout} s: {log.read_text()[-2000:]}")


def _psql_number(url: str, sql: str) -> int:
    done = subprocess.run(["psql", url, "-Atc", sql], capture_output=True, text=True, timeout=30)
    return int(done.stdout.strip() or 0)


XACTS = "SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database"


def _get(port: int, path: str, timeout: float = 5) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        return connection.getresponse().read()
    finally:
        connection.close()


TRACE: list[str] = []


def _get_traced(port: int, path: str) -> tuple[bytes, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.read(), {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def _visible_after(port, path, text, *, present: bool, limit=10.0) -> float | None:
    started = time.monotonic()
    seen = []
    while time.monotonic() - started < limit:
        try:
            body, headers = _get_traced(port, path)
            shown = text.encode() in body
            state = (headers.get("x-edge-cache"), headers.get("age"), headers.get("x-page-cache"))
            if not seen or seen[-1][1] != state:
                seen.append((round(time.monotonic() - started, 2), state))
        except OSError:
            shown = not present
        if shown == present:
            delay = time.monotonic() - started
            if delay > 1.0 and os.environ.get("BENCH_SPIKE_TRACE"):
                TRACE.append(f"{text[:24]}: {delay:.2f} s {seen[:12]}")
            return delay
        time.sleep(0.01)
    if os.environ.get("BENCH_SPIKE_TRACE"):
        TRACE.append(f"{text[:24]}: never {seen[:12]}")
    return None


def _cpu_stall() -> float:
    """Microseconds some task waited for a CPU since boot (/proc/pressure/cpu), 0 if unknown."""
    try:
        first = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return 0.0
    return float(first.rsplit("total=", 1)[1])


def _clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at)) + f".{int(at % 1 * 1000):03d}"


TASKS_SQL = """SELECT task_path, queue_name, priority,
  to_char(enqueued_at, 'HH24:MI:SS.MS'), to_char(started_at, 'HH24:MI:SS.MS'),
  round(extract(epoch FROM started_at - enqueued_at)::numeric, 3),
  round(extract(epoch FROM finished_at - started_at)::numeric, 3)
  FROM django_tasks_database_dbtaskresult WHERE started_at IS NOT NULL ORDER BY started_at"""


def _task_trace(url: str) -> list[str]:
    """Each edge purge that waited over 0.3 s for the worker, with what ran meanwhile."""
    done = subprocess.run(["psql", url, "-AtF|", "-c", TASKS_SQL], capture_output=True,
                          text=True, timeout=30)  # fmt: skip
    rows = [line.split("|") for line in done.stdout.splitlines() if line.count("|") == 6]
    lines = []
    for number, row in enumerate(rows):
        if row[0].endswith("edge_purge") and float(row[5]) > 0.3:
            before = [
                f"{r[0].rsplit('.', 1)[-1]}@{r[4]} ran {r[6]} s"
                for r in rows[max(0, number - 6) : number]
                if float(r[6]) > 0.05
            ]
            lines.append(
                f"purge enqueued {row[3]} started {row[4]} (waited {row[5]} s); "
                f"before it: {', '.join(before) or '-'}"
            )
    slowest: dict[str, float] = {}
    for row in rows:
        name = row[0].rsplit(".", 1)[-1]
        slowest[name] = max(slowest.get(name, 0.0), float(row[6]))
    lines.append(
        "slowest run per task: "
        + ", ".join(f"{k} {v:.3f} s" for k, v in sorted(slowest.items(), key=lambda i: -i[1]))
    )
    return lines


def _access_lines(web: Gunicorn) -> int:
    return sum(1 for line in web.log_text().splitlines() if '"GET ' in line)


def _purge_durations(log: str) -> list[float]:
    """Seconds from RUNNING to SUCCESSFUL of each edge_purge task in the worker's log."""
    started, durations = {}, []
    pattern = re.compile(
        r"^(\S+ \S+),(\d+) INFO django_tasks Task id=(\S+) path=\S+edge_purge state=(\w+)"
    )
    for line in log.splitlines():
        if m := pattern.match(line):
            at = (
                time.mktime(time.strptime(m.group(1), "%Y-%m-%d %H:%M:%S")) + int(m.group(2)) / 1000
            )
            if m.group(4) == "RUNNING":
                started[m.group(3)] = at
            elif m.group(3) in started:
                durations.append(at - started.pop(m.group(3)))
    return durations


def _percentile(samples, q) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--seconds", type=int, default=int(os.environ.get("BENCH_SPIKE_SECONDS", 30))
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk)")
    cluster = ReplicaCluster.create()
    if cluster is None:
        sys.exit(f"no PostgreSQL primary and replica: {ReplicaCluster.why_not}")
    # Production shape: commits are flushed (and streamed) at once; tests/replica's cluster
    # turns synchronous_commit off for speed, which delays the replica by up to 200 ms.
    for sql in ("ALTER SYSTEM SET synchronous_commit = on", "SELECT pg_reload_conf()"):
        subprocess.run(["psql", cluster.primary_url, "-qAtc", sql], check=True, timeout=30)
    redis = Redis()
    static = tempfile.mkdtemp(prefix="nr-static-")
    media = tempfile.mkdtemp(prefix="nr-media-")
    webs: list[Gunicorn] = []
    varnish = checker = None
    workers: list[subprocess.Popen] = []
    env = {
        "DATABASE_URL": cluster.primary_url,
        "DATABASE_REPLICA_URLS": cluster.replica_url,
        "CACHE_URL": redis.url,
        "REDIS_URL": redis.url,
        "TASKS_BACKEND": "database",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "NEWSROOM_SITE_URL": "http://127.0.0.1",  # required in production (mail links)
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "STATIC_ROOT": static,
        "MEDIA_ROOT": media,
        "NEWSROOM_RATE_LIMIT_MULTIPLIER": "0",
        "NEWSROOM_SPAM_MIN_SECONDS": "0",
        "NEWSROOM_EDGE_S_MAXAGE": "3600",
        # Every comment of the run lands on the page wrk reads (page 1, oldest first): with
        # the default 50 threads a page, the 51st visible one went to page 2 and was "never
        # visible" on the hot page.
        "NEWSROOM_THREADS_PER_PAGE": str(max(50, args.seconds * 2 + 20)),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    try:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env={**os.environ, **env}, cwd=ROOT, check=True,
        )  # fmt: skip
        world = _worldctl(env, "seed", "2")
        edge_port = free_port()
        env["NEWSROOM_EDGE_PURGE_URL"] = f"http://127.0.0.1:{edge_port}/"
        if os.environ.get("BENCH_SPIKE_TRACE"):  # each request's seconds in the access log
            env["GUNICORN_CMD_ARGS"] = "--access-logformat '%(t)s pid=%(p)s \"%(r)s\" %(s)s %(L)s'"
        # Each service in a session of its own, so the kernel shares the CPU between
        # services (Linux autogroup), as systemd does between units (a cgroup each) or as
        # separate hosts do in production; in one group the edge's 30-odd busy threads and
        # wrk's starved the origin, its database round trips and the task workers.
        webs = [Gunicorn(env, workers=2, own_session=True) for _ in range(2)]
        varnish = Varnish([f"127.0.0.1:{w.port}" for w in webs], port=edge_port, own_session=True)
        log = open(Path(static) / "worker.log", "w")
        # As production runs them (Makefile): `make worker` serves every queue, `make
        # worker-edge` only the edge purges, so a purge never waits behind a mail. Both are
        # up before the spike starts, as a deployment's long-running workers are.
        for queues in WORKER_QUEUES:
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", *queues],
                env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            workers.append(worker)  # stopped in `finally`, even if the next one fails
        _wait_for_workers(Path(static) / "worker.log", len(workers))
        checker = Checker(env)
        path = world["article_url"]
        for port in [varnish.port] * 4 + [w.port for w in webs for _ in range(4)]:
            try:  # warm the workers, the page cache and the edge (a busy machine is slow)
                _get(port, path, timeout=60)
            except OSError:
                pass
        report = _spike(args, env, world, webs, varnish, checker, cluster)
        _print(report, args)
        if os.environ.get("BENCH_SPIKE_TRACE"):
            TRACE.extend(_task_trace(cluster.primary_url))
            worker_log = (Path(static) / "worker.log").read_text(errors="replace").splitlines()
            TRACE.extend(f"worker: {line}" for line in worker_log if "Starting worker" in line)
            TRACE.append(f"spike started {_clock(report['started_at'])}")
            for web in webs:  # origin requests over half a second
                for line in web.log_text().splitlines():
                    parts = line.rsplit(" ", 1)
                    if "pid=" in line and re.fullmatch(r"[\d.]+", parts[-1]):
                        if float(parts[-1]) > 0.5:
                            TRACE.append(f"slow origin request: {line}")
                    elif line.strip() and "[INFO]" not in line and "pid=" not in line:
                        TRACE.append(f"gunicorn {web.port}: {line[:300]}")
        for line in TRACE:
            print("  trace:", line)
        log.flush()
        purges = _purge_durations((Path(static) / "worker.log").read_text(errors="replace"))
        if purges:
            print(
                f"  purge task run time (worker)              median "
                f"{statistics.median(purges) * 1000:.0f} ms, max {max(purges) * 1000:.0f} ms"
            )
        if report["errors"]:
            tail = (Path(static) / "worker.log").read_text(errors="replace").splitlines()[-15:]
            print("  task worker log (last lines):", *tail, sep="\n    ")
    finally:
        if checker is not None:
            checker.close()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(20)
        if varnish is not None:
            varnish.close()
        for web in webs:
            web.close()
        redis.close()
        cluster.stop()
        shutil.rmtree(static, ignore_errors=True)
        shutil.rmtree(media, ignore_errors=True)


def _spike(args, env, world, webs, varnish, checker, cluster) -> dict:
    path = world["article_url"]
    stop = threading.Event()
    comment_delays: list[float] = []
    hide_delays: list[float] = []
    errors: list[str] = []
    posted: list[str] = []
    lock = threading.Lock()

    def poster():
        session = world["sessions"][0]["cookie"]
        number = 0
        while not stop.is_set():
            started = time.monotonic()
            number += 1
            body = f"Spike {number} {uuid.uuid4().hex[:10]}"
            form = {"body": body, "parent": "", "post_token": uuid.uuid4().hex}
            try:  # through the edge, as a browser posts (Varnish passes it)
                posted_at = time.time()
                status, _ = http_request(
                    varnish.port, "POST", f"/comments/post/{world['article_id']}/",
                    form=form, session=session,
                )  # fmt: skip
            except OSError as error:
                status = f"{type(error).__name__}"
            took = time.time() - posted_at
            if took > 1.0 and os.environ.get("BENCH_SPIKE_TRACE"):
                TRACE.append(f"POST {body[:24]} at {_clock(posted_at)}: {took:.2f} s, {status}")
            if status != 302:
                with lock:
                    errors.append(f"post: {status}")
            else:
                delay = _visible_after(varnish.port, path, body, present=True)
                with lock:
                    if delay is None:
                        errors.append("post: not visible at the edge within 10 s")
                    else:
                        comment_delays.append(delay)
                        posted.append(body)
            stop.wait(max(0.0, 1.0 - (time.monotonic() - started)))

    def moderator():
        while not stop.wait(10.0):
            with lock:
                body = posted.pop(0) if posted else None
            if body is None:
                continue
            checker.ask(f"hidebody {body}")  # committed when it answers
            delay = _visible_after(varnish.port, path, body, present=False)
            with lock:
                if delay is None:
                    errors.append("hide: still visible at the edge after 10 s")
                else:
                    hide_delays.append(delay)

    origin_before = sum(_access_lines(w) for w in webs)
    xacts_before = (
        _psql_number(cluster.primary_url, XACTS),
        _psql_number(cluster.replica_url, XACTS),
    )
    threads = [threading.Thread(target=poster), threading.Thread(target=moderator)]
    for thread in threads:
        thread.start()
    started_at, started = time.time(), time.monotonic()
    stall_before, load_before = _cpu_stall(), os.getloadavg()[0]
    wrk = subprocess.run(
        ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{args.seconds}s",
         "--timeout", "5s", f"{varnish.url.rstrip('/')}{path}"],
        capture_output=True, text=True, timeout=args.seconds + 60,
        start_new_session=True,  # the readers are not the site's processes
    )  # fmt: skip
    elapsed = time.monotonic() - started
    stall = (_cpu_stall() - stall_before) / 1e6 / elapsed * 100
    stop.set()
    for thread in threads:
        thread.join(30)
    origin = sum(_access_lines(w) for w in webs) - origin_before
    xacts = (
        _psql_number(cluster.primary_url, XACTS) - xacts_before[0],
        _psql_number(cluster.replica_url, XACTS) - xacts_before[1],
    )
    out = wrk.stdout
    edge_rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(g) for g in sock.groups()) if sock else 0
    return {
        "edge_rps": edge_rps,
        "origin_gets": origin,
        "origin_rps": origin / elapsed,
        "seconds": elapsed,
        "primary_tps": xacts[0] / elapsed,
        "replica_tps": xacts[1] / elapsed,
        "comment_delays": comment_delays,
        "hide_delays": hide_delays,
        "wrk_errors": non_2xx + socket_errors,
        "errors": errors,
        "latency": re.search(r"Latency\s+(\S+)", out).group(1),
        "started_at": started_at,
        "machine": f"CPU pressure {stall:.0f} % (some), load {load_before:.1f} -> "
        f"{os.getloadavg()[0]:.1f}",
    }


def _print(report: dict, args) -> None:
    def stats(samples):
        if not samples:
            return "n/a"
        return (
            f"median {statistics.median(samples) * 1000:.0f} ms, "
            f"p99 {_percentile(samples, 0.99) * 1000:.0f} ms (n={len(samples)})"
        )

    share = report["origin_rps"] / report["edge_rps"] * 100 if report["edge_rps"] else 0
    rows = [
        ("edge requests/s (wrk, hot article)", f"{report['edge_rps']:.0f}"),
        ("origin GETs/s (two gunicorn)", f"{report['origin_rps']:.1f} ({share:.2f} % of edge)"),
        ("edge latency (wrk average)", report["latency"]),
        ("machine during the run", report["machine"]),
        ("DB transactions/s primary", f"{report['primary_tps']:.1f}"),
        ("DB transactions/s replica", f"{report['replica_tps']:.1f}"),
        ("new comment visible at the edge", stats(report["comment_delays"])),
        ("hide visible at the edge", stats(report["hide_delays"])),
        (
            "errors (wrk non-2xx/socket, posts, hides)",
            str(report["wrk_errors"] + len(report["errors"])),
        ),
    ]
    print(
        f"\nEdge spike: {args.seconds} s, wrk {args.threads} threads x "
        f"{args.connections} connections"
    )
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    if report["errors"]:
        print("  error details:", "; ".join(report["errors"][:10]))


if __name__ == "__main__":
    main()
