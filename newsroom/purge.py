"""Purge on write: tell the edge caches that pages naming some surrogate keys changed.

`purge_after_commit(keys)` is what writes call (articles.signals, the comments app's thread
bump): once the transaction commits, the task `newsroom.tasks.edge_purge` sends the keys
to the configured backend, with the project's retry policy (newsroom.jobs); a purge that
fails every attempt is logged as an error ("gave up"). The backend comes from
settings.EDGE_PURGE_BACKEND:

- "none" (the default): nothing is sent; edges keep pages for their `s-maxage`.
- "varnish": `PURGE /` with an `xkey-purge: <keys>` header to every URL in
  NEWSROOM_EDGE_PURGE_URL (comma-separated); deploy/varnish/newsroom.vcl accepts it from the
  app's addresses only and removes every object tagged with any of the keys.
- a dotted path to a class with `purge(keys: list[str]) -> None` (raise to retry), e.g. a
  Fastly or Cloudflare adapter: they read the same keys (newsroom.surrogate).
"""

from __future__ import annotations

import http.client
import logging
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

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


def purge_now(keys: Iterable[str]) -> None:
    """Send the purge at once (the task's body; raises when an edge did not confirm)."""
    keys = sorted(set(keys))
    if keys:
        backend().purge(keys)


def purge_after_commit(keys: Iterable[str]) -> None:
    """Purge `keys` at the edge once the current transaction commits (a task, retried)."""
    if not enabled():
        return
    keys = sorted(set(keys))
    if not keys:
        return
    from newsroom import tasks
    from newsroom.jobs import enqueue_after_commit

    enqueue_after_commit(tasks.edge_purge, keys=keys)
