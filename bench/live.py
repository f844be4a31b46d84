"""Live updates with the edge in front: how fast news reaches open pages, what the origin pays.

    .venv/bin/python bench/live.py                      # 1,000 and 10,000 simulated readers
    .venv/bin/python bench/live.py --readers 1000 --events 6

Starts its own PostgreSQL cluster, Redis, gunicorn (3 sync workers) and Varnish (with the
xkey module, the VCL in bench/live.vcl unless NEWSROOM_EDGE_VCL names another) on free
loopback ports. Simulated readers poll the article's live answer through Varnish exactly as
static/js/live.js does (GET ?v=<version>, no cookies, back-off while nothing changes, back to
the base interval after a change). Meanwhile this process posts comments and publishes ticker
entries through the services (the same write path as the site, purges included) and records,
for every reader, when the answer with the new version reached it. It prints:

- the delay from a committed comment / a published ticker entry until every simulated reader
  has it: median and 99th percentile over readers and events;
- the requests per second at the edge and at the origin (Varnish's backend requests) and the
  edge's hit ratio, for each reader count;
- the article page's cost with live updates on and off (queries and render time): the same.

Nothing here holds a sync worker: every poll is a short request answered by the edge.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.servers import (  # noqa: E402
    Gunicorn,
    Postgres,
    Redis,
    free_port,
    port_open,
    release_port,
    wait_for,
)

VERSION = re.compile(rb'"version":\s*(\d+)')
CALM = 10  # static/js/live.js: unchanged answers before the page starts to back off


# --- Varnish --------------------------------------------------------------------------------


class Varnish:
    """varnishd in the foreground with our VCL, in front of `backend_port`."""

    def __init__(self, backend_port: int, vcl: Path, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="nr-varnish-"))
        self.dir.chmod(0o755)  # varnishd's child runs as its own user and needs the workdir
        self.name = str(self.dir / "n")
        text = vcl.read_text().replace("__BACKEND_PORT__", str(backend_port))
        (self.dir / "site.vcl").write_text(text)
        self.process = subprocess.Popen(
            [
                "varnishd", "-F", "-a", f"127.0.0.1:{self.port}", "-f", str(self.dir / "site.vcl"),
                "-n", self.name, "-s", "malloc,128m", "-p", "thread_pool_min=50",
                "-p", "default_grace=0", "-p", "timeout_idle=600",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        wait_for(lambda: port_open(self.port), 30, "varnish start")

    def stats(self) -> dict[str, int]:
        result = subprocess.run(
            ["varnishstat", "-n", self.name, "-1", "-j"],
            capture_output=True,
            text=True,
            check=True,
        )
        data = json.loads(result.stdout)
        counters = data.get("counters", data)
        wanted = ("MAIN.client_req", "MAIN.backend_req", "MAIN.cache_hit", "MAIN.cache_miss",
                  "MAIN.s_pass", "MAIN.cache_hitpass")  # fmt: skip
        return {k.split(".", 1)[1]: counters[k]["value"] for k in wanted if k in counters}

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.process.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)
        release_port(self.port)


# --- Simulated readers ------------------------------------------------------------------------


class Connections:
    """A pool of keep-alive connections to the edge, shared by the simulated readers."""

    def __init__(self, port: int, size: int):
        self.port, self.size = port, size
        self.queue: asyncio.Queue = asyncio.Queue()

    async def open(self):
        for _ in range(self.size):
            self.queue.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))

    async def _once(self, connection, path: str) -> tuple[int, bytes]:
        reader, writer = connection
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"
            .encode()
        )  # fmt: skip
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        match = re.search(rb"(?i)\r\ncontent-length: *(\d+)", head)
        if match:
            return status, await reader.readexactly(int(match.group(1)))
        body = b""  # chunked
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                return status, body
            body += chunk[:-2]

    async def get(self, path: str) -> tuple[int, bytes]:
        """One GET on a pooled connection; a connection the edge closed is replaced once."""
        connection = await self.queue.get()
        try:
            result = await self._once(connection, path)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            connection[1].close()
            connection = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                result = await self._once(connection, path)
            except Exception:
                connection[1].close()
                self.queue.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))
                raise
        self.queue.put_nowait(connection)
        return result

    async def close(self):
        while not self.queue.empty():
            _reader, writer = self.queue.get_nowait()
            writer.close()


class Reader:
    """One open page: polls like static/js/live.js and notes when each version arrived."""

    def __init__(self, url: str, version: int, base: float, most: float):
        self.url, self.version, self.base, self.most = url, version, base, most
        self.delay = base
        self.quiet = 0
        self.seen: dict[int, float] = {}  # version -> monotonic time it arrived
        self.requests = 0
        self.errors = 0

    async def run(self, pool: Connections, stop: asyncio.Event):
        await asyncio.sleep(random.uniform(0, self.base))  # pages opened at different times
        while not stop.is_set():
            try:
                status, body = await pool.get(f"{self.url}&v={self.version}")
                self.requests += 1
                match = VERSION.search(body) if status == 200 else None
                if match is None:
                    raise ValueError(status)
                version = int(match.group(1))
                if version != self.version:
                    self.seen[version] = time.monotonic()
                    self.version = version
                    self.quiet = 0
                else:
                    self.quiet += 1
                # As static/js/live.js: the base interval until CALM answers without news.
                self.delay = self.base if self.quiet < CALM else min(self.delay * 1.5, self.most)
            except Exception:
                self.errors += 1
                self.delay = min(self.delay * 2, self.most)
            try:
                await asyncio.wait_for(stop.wait(), self.delay)
            except TimeoutError:
                pass


# --- The run ------------------------------------------------------------------------------------


def django_setup(env: dict) -> None:
    os.environ.update(env)
    # This process writes from the simulation's event loop (one write at a time, no request
    # handling): Django's guard against blocking the loop would only get in the way here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def seed() -> dict:
    from django.core.management import call_command

    from comments.services import comment_create
    from tests.factories import AuthorFactory, TickerArticleFactory, UserFactory

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    article = TickerArticleFactory(slug="sturmflut", headline="Sturmflut an der Nordsee")
    readers = [UserFactory(username=f"leser{n}") for n in range(5)]
    root = comment_create(article=article, author=readers[0], body="Wie ist die Lage in Husum?")
    return {
        "article": article,
        "readers": readers,
        "root": root,
        "author": AuthorFactory(name="Eva Redakteurin"),
    }


def live_url(article) -> str:
    from django.urls import reverse

    return reverse("comments:live", kwargs={"article_id": article.pk}) + "?lang=de"


def current_version(article) -> int:
    from articles.models import Article

    return Article.objects.values_list("thread_version", flat=True).get(pk=article.pk)


def post_event(kind: str, world: dict, n: int) -> int:
    """Write one comment, reply or ticker entry; return the version readers must reach."""
    from articles.services import ticker_entry_create
    from comments.services import comment_create

    if kind == "comment":
        comment_create(article=world["article"], author=world["readers"][n % 5],
                       body=f"Kommentar {n}: Hier steigt das Wasser auch.")  # fmt: skip
    elif kind == "reply":
        comment_create(article=world["article"], author=world["readers"][(n + 1) % 5],
                       body=f"Antwort {n}: Bei uns nicht.", parent=world["root"])  # fmt: skip
    else:
        ticker_entry_create(article=world["article"], author=world["author"],
                            body=f"Eintrag {n}: Der Pegel steigt auf {600 + n} cm.")  # fmt: skip
    return current_version(world["article"])


async def simulate(edge: Varnish, world: dict, *, readers: int, events: int, gap: float,
                   base: float, most: float, connections: int) -> dict:  # fmt: skip
    url = live_url(world["article"])
    start_version = current_version(world["article"])
    pool = Connections(edge.port, connections)
    await pool.open()
    stop = asyncio.Event()
    crowd = [Reader(url, start_version, base, most) for _ in range(readers)]
    tasks = [asyncio.create_task(r.run(pool, stop)) for r in crowd]
    await asyncio.sleep(base * 2)  # every page is open and polling
    before, started = edge.stats(), time.monotonic()
    delays: dict[str, list[float]] = {"comment": [], "reply": [], "ticker": []}
    kinds = ["comment", "ticker", "reply"]
    for n in range(events):
        kind = kinds[n % len(kinds)]
        committed = time.monotonic()
        version = await asyncio.to_thread(post_event, kind, world, n)
        deadline = committed + most * 2 + 10
        while time.monotonic() < deadline:
            if all(any(v >= version for v in r.seen) for r in crowd):
                break
            await asyncio.sleep(0.05)
        for r in crowd:
            arrived = min((t for v, t in r.seen.items() if v >= version), default=None)
            delays[kind].append((arrived - committed) if arrived is not None else float("inf"))
        # Writes come at irregular moments (a fixed gap would beat in time with the polls).
        await asyncio.sleep(
            max(0.0, gap * random.uniform(0.6, 1.4) - (time.monotonic() - committed))
        )
    elapsed, after = time.monotonic() - started, edge.stats()
    stop.set()
    await asyncio.gather(*tasks)
    await pool.close()
    diff = {k: after.get(k, 0) - before.get(k, 0) for k in after}
    hits = diff.get("cache_hit", 0)
    looked_up = hits + diff.get("cache_miss", 0) + diff.get("s_pass", 0)
    return {
        "readers": readers,
        "seconds": elapsed,
        "edge_rps": diff.get("client_req", 0) / elapsed,
        "origin_rps": diff.get("backend_req", 0) / elapsed,
        "hit_ratio": hits / looked_up if looked_up else 0.0,
        "errors": sum(r.errors for r in crowd),
        "delays": delays,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def page_cost(world: dict) -> dict:
    """The article page with live updates on and off: queries and median render time."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    url = world["article"].get_absolute_url()
    samples: dict[bool, list[float]] = {True: [], False: []}
    queries: dict[bool, int] = {}
    hosts = ["testserver", *settings.ALLOWED_HOSTS]
    client = Client()
    for round_ in range(24):  # alternating, so both see the same machine load
        live = bool(round_ % 2)
        with override_settings(LIVE_UPDATES=live, ALLOWED_HOSTS=hosts):
            cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            if round_ >= 4:  # warm-up rounds
                samples[live].append(elapsed)
            queries[live] = len(ctx.captured_queries)
    result = {
        ("on" if live else "off"): (queries[live], statistics.median(samples[live]) * 1000)
        for live in (True, False)
    }
    return result


# --- For comparison: a push channel (Server-Sent Events), not shipped ------------------------


async def _sse_server(port: int) -> None:
    """A minimal SSE fan-out in one asyncio process: what a push tier would hold per reader."""
    clients: set = set()

    async def handle(reader, writer):
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            return
        if head.startswith(b"POST /publish"):
            message = b"data: " + str(time.time()).encode() + b"\n\n"
            for client in list(clients):
                try:
                    client.write(message)
                except Exception:
                    clients.discard(client)
            writer.write(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
            writer.close()
            return
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: hi\n\n")
        await writer.drain()
        clients.add(writer)
        try:
            await reader.read()  # until the reader goes away
        finally:
            clients.discard(writer)

    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=4096)
    async with server:
        await server.serve_forever()


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def _sse_probe(port: int, pid: int, connections: int) -> dict:
    idle = _rss_kib(pid)
    opened, arrived = [], []

    async def listen():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
        await reader.readuntil(b": hi\n\n")
        opened.append(writer)
        line = await reader.readuntil(b"\n\n")
        arrived.append(time.time() - float(line.split(b" ", 1)[1]))
        writer.close()

    tasks = [asyncio.create_task(listen()) for _ in range(connections)]
    while len(opened) < connections:
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)
    held = _rss_kib(pid)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"POST /publish HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
    await reader.readuntil(b"\r\n\r\n")
    writer.close()
    await asyncio.gather(*tasks)
    return {"kib_per_connection": (held - idle) / connections, "delays": arrived}


def sse_comparison(connections: int) -> dict:
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--sse-server", str(port)])
    try:
        wait_for(lambda: port_open(port), 10, "sse probe start")
        return asyncio.run(_sse_probe(port, process.pid, connections))
    finally:
        process.terminate()
        process.wait(10)
        release_port(port)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", default="1000,10000", help="comma-separated reader counts")
    parser.add_argument("--events", type=int, default=6, help="writes per reader count")
    parser.add_argument("--gap", type=float, default=6.0, help="seconds between writes")
    parser.add_argument("--poll", type=float, default=None, help="base poll interval (s)")
    parser.add_argument("--connections", type=int, default=200, help="sockets to the edge")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--sse", type=int, default=1000, help="push-channel comparison: readers")
    parser.add_argument("--sse-server", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sse_server:
        asyncio.run(_sse_server(args.sse_server))
        return 0

    vcl = Path(os.environ.get("NEWSROOM_EDGE_VCL", ROOT / "bench" / "live.vcl"))
    pg, redis = Postgres(), Redis()
    web = edge = None
    edge_port = free_port()  # known before Django starts: writes purge it (newsroom.purge)
    env = {
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "NEWSROOM_SITE_URL": "http://127.0.0.1",  # required in production (mail links)
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_HSTS_SECONDS": "0",
        "STATIC_ROOT": tempfile.mkdtemp(prefix="nr-static-"),
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="nr-media-"),
        "NEWSROOM_RATE_LIMIT_MULTIPLIER": "0",
        "NEWSROOM_SPAM_MIN_SECONDS": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "NEWSROOM_EDGE_PURGE_URL": f"http://127.0.0.1:{edge_port}/",
    }
    try:
        django_setup(env)
        from django.conf import settings

        settings.EDGE_PURGE_BACKEND = "none"  # no edge yet while the world is made
        world = seed()
        web = Gunicorn(env, workers=args.workers)
        edge = Varnish(web.port, vcl, edge_port)
        settings.EDGE_PURGE_BACKEND = "varnish"
        base = args.poll or settings.LIVE_POLL_SECONDS
        most = settings.LIVE_POLL_MAX_SECONDS
        print(f"Live updates: poll {base:g} s (back-off to {most:g} s), edge s-maxage "
              f"{settings.LIVE_EDGE_SECONDS} s, writes purge the edge "
              f"({settings.EDGE_PURGE_BACKEND}), {args.workers} gunicorn workers, "
              f"Varnish {vcl.name}", flush=True)  # fmt: skip
        runs = []
        for readers in (int(n) for n in args.readers.split(",")):
            run = asyncio.run(
                simulate(edge, world, readers=readers, events=args.events, gap=args.gap,
                         base=base, most=most, connections=min(args.connections, readers))
            )  # fmt: skip
            runs.append(run)
            wanted = readers / base
            bound = (
                " (the simulator could not poll faster: delays are the client's)"
                if (run["edge_rps"] < 0.8 * wanted)
                else ""
            )
            print(f"\n{readers:,} simulated readers ({run['seconds']:.0f} s, "
                  f"{run['errors']} failed polls, {wanted:.0f} req/s wanted){bound}:",
                  flush=True)  # fmt: skip
            for kind, values in run["delays"].items():
                if values:
                    missed = sum(1 for v in values if v == float("inf"))
                    median, p99 = statistics.median(values), percentile(values, 0.99)
                    note = f" ({missed} never arrived)" if missed else ""
                    print(
                        f"  {kind:8} reaches the readers: median {median:.2f} s, "
                        f"p99 {p99:.2f} s{note}"
                    )
            print(f"  edge {run['edge_rps']:.0f} req/s, origin {run['origin_rps']:.2f} req/s, "
                  f"hit ratio {run['hit_ratio']:.3f}")  # fmt: skip
        cost = page_cost(world)
        (q_on, ms_on), (q_off, ms_off) = cost["on"], cost["off"]
        print(f"\nArticle page (uncached, in-process): live on {q_on} queries {ms_on:.1f} ms, "
              f"live off {q_off} queries {ms_off:.1f} ms"
              f" -> {'same queries' if q_on == q_off else 'DIFFERENT QUERIES'}")  # fmt: skip
        if args.sse:
            probe = sse_comparison(args.sse)
            delays = probe["delays"]
            print(f"\nFor comparison, a push channel (SSE from one asyncio process, not shipped): "
                  f"{args.sse:,} open connections hold {probe['kib_per_connection']:.1f} KiB "
                  f"each; a message reaches them in median "
                  f"{statistics.median(delays) * 1000:.0f} ms, p99 "
                  f"{percentile(delays, 0.99) * 1000:.0f} ms")  # fmt: skip
    finally:
        for server in (edge, web):
            if server is not None:
                server.close()
        redis.close()
        pg.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
