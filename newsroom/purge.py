"""Purge on write: tell the edge caches that pages naming some surrogate keys changed.

`purge_after_commit(keys)` is what writes call (articles.signals, the comments app's thread
bump): once the transaction commits, the task `edge_purge` below sends the keys
to the configured backend, with the project's retry policy (newsroom.jobs); a purge that
fails every attempt is logged as an error ("gave up"). The backend comes from
settings.EDGE_PURGE_BACKEND:

- "none" (the default): nothing is sent; edges keep pages for their `s-maxage`.
- "varnish": `PURGE /` with an `xkey-purge: <keys>` header to every URL in
  NEWSROOM_EDGE_PURGE_URL (comma-separated); deploy/varnish/newsroom.vcl accepts it from the
  app's addresses only and removes every object tagged with any of the keys.
- a dotted path to a class with `purge(keys: list[str]) -> None` (raise to retry), e.g. a
  Fastly or Cloudflare adapter: they read the same keys (newsroom.surrogate).

With read replicas the task first waits (at most NEWSROOM_EDGE_PURGE_REPLICA_WAIT seconds)
until every replica has replayed the primary's current WAL position: otherwise the edge's
next miss could be rendered from a replica that has not seen the write yet, and be kept.
"""

from __future__ import annotations

import http.client
import logging
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.module_loading import import_string

from newsroom.db_router import replica_aliases
from newsroom.jobs import enqueue_after_commit, retried_task

logger = logging.getLogger(__name__)


class NoPurge:
    def purge(self, keys: list[str]) -> None:
        return None


class VarnishPurge:
    """xkey purges over HTTP to each Varnish in `urls`."""

    def __init__(self, urls: Iterable[str], timeout: float = 2.0):
        self.urls = [u.strip() for u in urls if u.strip()]
        self.timeout = timeout

    def purge(self, keys: list[str]) -> None:
        failures = []
        for url in self.urls:
            parts = urlsplit(url)
            https = parts.scheme == "https"
            factory = http.client.HTTPSConnection if https else http.client.HTTPConnection
            connection = factory(parts.hostname, parts.port, timeout=self.timeout)
            try:
                connection.request(
                    "PURGE", parts.path or "/", headers={"xkey-purge": " ".join(keys)}
                )
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures.append(f"{url}: HTTP {response.status}")
            except OSError as error:
                failures.append(f"{url}: {error}")
            finally:
                connection.close()
        if failures:
            raise OSError("edge purge failed: " + "; ".join(failures))


def backend():
    name = settings.EDGE_PURGE_BACKEND
    if name == "none":
        return NoPurge()
    if name == "varnish":
        return VarnishPurge(settings.EDGE_PURGE_URLS, timeout=settings.EDGE_PURGE_TIMEOUT)
    return import_string(name)()


def enabled() -> bool:
    return settings.EDGE_PURGE_BACKEND != "none"


def replicas_caught_up(timeout: float | None = None) -> bool:
    """Wait until every read replica has replayed what the primary has written so far.

    A purge that reaches the edge before a replica has replayed the write would let the
    edge's next miss be rendered from the old rows (and kept for s-maxage). Called after the
    commit, so the primary's current WAL position covers the write. True when all caught up.
    """
    aliases = replica_aliases()
    if not aliases or connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return True
    deadline = time.monotonic() + (settings.EDGE_PURGE_REPLICA_WAIT if timeout is None else timeout)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        # The insert position: with synchronous_commit off the commit record may not even be
        # written yet, and the write position (pg_current_wal_lsn) would lie before it.
        cursor.execute("SELECT pg_current_wal_insert_lsn()::text")
        position = cursor.fetchone()[0]
    waiting = list(aliases)
    while waiting:
        for alias in list(waiting):
            with connections[alias].cursor() as cursor:
                cursor.execute(
                    "SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, true)", [position]
                )
                if cursor.fetchone()[0]:
                    waiting.remove(alias)
        if not waiting:
            return True
        if time.monotonic() >= deadline:
            logger.warning(
                "edge purge: replicas %s still behind %s; purging anyway", waiting, position
            )
            return False
        time.sleep(0.01)
    return True


def purge_now(keys: Iterable[str]) -> None:
    """Send the purge at once (the task's body; raises when an edge did not confirm)."""
    keys = sorted(set(keys))
    if keys:
        replicas_caught_up()
        backend().purge(keys)


def purge_after_commit(keys: Iterable[str]) -> None:
    """Purge `keys` at the edge once the current transaction commits (a task, retried)."""
    if not enabled():
        return
    keys = sorted(set(keys))
    if not keys:
        return
    enqueue_after_commit(edge_purge, keys=keys)


# On a queue of its own, served by a worker of its own (`make worker-edge`): a purge never
# waits behind a mail, a rendition or the assistant's training. The priority puts it before
# the mails a write queues in the same transaction (a hide's statement of reasons) on a
# worker that serves every queue (`make worker`): readers should stop seeing the page first.
@retried_task(
    delays_setting="EDGE_PURGE_RETRY_DELAYS", priority=50, queue_name=settings.EDGE_TASK_QUEUE
)
def edge_purge(*, keys: list[str]) -> int:
    """The task: purge pages tagged with any of `keys` at every edge; raises (and is retried
    after NEWSROOM_EDGE_PURGE_RETRY_DELAYS) when an edge did not confirm."""
    purge_now(keys)
    return len(keys)
