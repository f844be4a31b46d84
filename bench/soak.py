"""Soak test: mixed reading, posting and moderating against gunicorn for N minutes.

    make soak                          # 10 minutes (SOAK_MINUTES=2 make soak for a short run)
    .venv/bin/python bench/soak.py --minutes 2 --workers 3

Starts its own PostgreSQL cluster, Redis and gunicorn (the fault tests' servers, on free
loopback ports the kernel picks, or NEWSROOM_FAULT_PORTS) and keeps a bounded load on them:
anonymous and logged-in readers, readers posting (with one-time tokens), and a moderator
hiding and restoring fresh comments. It prints the workers' memory (RSS) and the database
connections at the start (after a warm-up) and at the end, once a minute in between, and
checks the data at the end (trees, counts, no duplicates). Exits non-zero on any 500.
Workers are not recycled (max_requests 0), so the memory numbers show real growth.
"""

import argparse
import collections
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.servers import Gunicorn, Postgres, Redis, http_request  # noqa: E402


def worldctl(env: dict, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "faults" / "worldctl.py"), *args],
        env={**os.environ, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("WORLD "))
    return json.loads(line.removeprefix("WORLD "))


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.latency = collections.defaultdict(list)
        self.acknowledged = set()
        self.fresh_comments = collections.deque(maxlen=50)

    def record(self, kind: str, status, seconds: float) -> None:
        with self.lock:
            self.statuses[(kind, status)] += 1
            if len(self.latency[kind]) < 200_000:
                self.latency[kind].append(seconds)


def timed(stats, kind, port, method, path, **kwargs):
    started = time.monotonic()
    try:
        status, headers = http_request(port, method, path, timeout=15, **kwargs)
    except OSError:
        status, headers = "no answer", {}
    stats.record(kind, status, time.monotonic() - started)
    return status, headers


def reader(world, port, stats, stop, session=None):
    paths = [world["article_url"], world["article_url"] + "?order=newest", "/"]
    kind = "read-logged-in" if session else "read-anonymous"
    while not stop.is_set():
        timed(stats, kind, port, "GET", random.choice(paths), session=session)
        time.sleep(0.2)


def poster(world, port, stats, stop, number, pause):
    session = world["sessions"][number]["cookie"]
    path = f"/comments/post/{world['article_id']}/"
    roots = [world["root_id"]]
    while not stop.is_set():
        body = f"Soak {number} {uuid.uuid4().hex}"
        parent = random.choice(roots[-5:]) if random.random() < 0.6 else ""
        form = {"body": body, "parent": str(parent), "post_token": uuid.uuid4().hex}
        for _attempt in range(5):  # a retry repeats the token: it never posts twice
            status, headers = timed(stats, "post", port, "POST", path, form=form, session=session)
            if status == 302:
                anchor = headers.get("location", "").rpartition("#comment-")[2]
                if anchor.isdigit():
                    with stats.lock:
                        stats.acknowledged.add(body)
                        stats.fresh_comments.append(int(anchor))
                    if not parent:
                        roots.append(int(anchor))
                break
            time.sleep(0.5)
        time.sleep(pause)


def moderator(world, port, stats, stop):
    session = world["moderator"]["cookie"]
    while not stop.is_set():
        time.sleep(2)
        with stats.lock:
            pk = stats.fresh_comments[0] if stats.fresh_comments else None
        if pk is None:
            continue
        form = {"reason": "off_topic", "note": "soak", "next": world["article_url"]}
        timed(
            stats,
            "moderate",
            port,
            "POST",
            f"/moderation/comments/{pk}/hide/",
            form=form,
            session=session,
        )
        timed(
            stats,
            "moderate",
            port,
            "POST",
            f"/moderation/comments/{pk}/restore/",
            form={"note": "soak", "next": world["article_url"]},
            session=session,
        )


def sample(pg, web) -> dict:
    rss = web.rss_kib()
    connections = int(
        pg.psql("SELECT count(*) FROM pg_stat_activity WHERE datname = 'newsroom'", db="postgres")
    )
    return {"rss_mib": {pid: round(kib / 1024, 1) for pid, kib in sorted(rss.items())},
            "db_connections": connections}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", 10)))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--posters", type=int, default=4)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--post-pause", type=float, default=1.0, help="seconds between posts")
    parser.add_argument("--warm-up", type=float, default=20.0, help="seconds before sampling")
    args = parser.parse_args()

    import secrets
    import tempfile

    pg, redis, web = Postgres(), Redis(), None
    env = {
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "NEWSROOM_SITE_URL": "http://127.0.0.1",  # required in production (mail links)
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="nr-static-"),
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="nr-media-"),
        "NEWSROOM_RATE_LIMIT_MULTIPLIER": "0",
        "NEWSROOM_SPAM_MIN_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    try:
        world = worldctl(env, "seed", str(args.posters))
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env={**os.environ, **env},
            cwd=ROOT,
            check=True,
        )
        web = Gunicorn(env, workers=args.workers)
        stats, stop = Stats(), threading.Event()
        threads = [
            threading.Thread(target=reader, args=(world, web.port, stats, stop))
            for _ in range(max(1, args.readers - 1))
        ]
        threads.append(
            threading.Thread(
                target=reader,
                args=(world, web.port, stats, stop, world["sessions"][0]["cookie"]),
            )
        )
        threads += [
            threading.Thread(target=poster, args=(world, web.port, stats, stop, n, args.post_pause))
            for n in range(args.posters)
        ]
        threads.append(threading.Thread(target=moderator, args=(world, web.port, stats, stop)))
        for thread in threads:
            thread.daemon = True
            thread.start()
        time.sleep(args.warm_up)
        start = sample(pg, web)
        print(f"start (after {args.warm_up:.0f} s warm-up): {start}", flush=True)
        deadline = time.monotonic() + args.minutes * 60
        while time.monotonic() < deadline:
            time.sleep(min(60, max(0, deadline - time.monotonic())))
            print(f"{time.strftime('%H:%M:%S')}: {sample(pg, web)}", flush=True)
        end = sample(pg, web)
        stop.set()
        for thread in threads:
            thread.join(30)
        stored = worldctl(env, "check")
    finally:
        if web is not None:
            web.close()
        redis.close()
        pg.close()

    print(f"\nSoak of {args.minutes:g} min, {args.workers} workers:")
    for (kind, status), count in sorted(stats.statuses.items(), key=str):
        print(f"  {kind:16} {status!s:>9}: {count}")
    for kind, values in sorted(stats.latency.items()):
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1] if values else 0
        print(
            f"  {kind:16} median {statistics.median(values) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
        )
    start_rss, end_rss = sum(start["rss_mib"].values()), sum(end["rss_mib"].values())
    print(f"  worker RSS: start {start['rss_mib']} MiB, end {end['rss_mib']} MiB "
          f"(total {start_rss:.1f} -> {end_rss:.1f} MiB)")  # fmt: skip
    print(f"  database connections: start {start['db_connections']}, "
          f"end {end['db_connections']}")  # fmt: skip
    twice = {body: n for body, n in stored["bodies"].items() if n > 1}
    lost = [body for body in stats.acknowledged if body not in stored["bodies"]]
    print(
        f"  comments stored {stored['comments']}, acknowledged {len(stats.acknowledged)}, "
        f"lost {len(lost)}, stored twice {len(twice)}, trees sound {stored['trees_ok']}, "
        f"count mismatches {len(stored['count_mismatches'])}"
    )
    errors = sum(n for (_kind, status), n in stats.statuses.items() if status == 500)
    ok = not errors and not twice and not lost and stored["trees_ok"]
    ok = ok and not stored["count_mismatches"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
