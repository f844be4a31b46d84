"""Surrogate keys: every anonymous response names what it shows, so a write can purge it.

Keys are short words: `site` (on every page), `front` (the front page), `article-<pk>` (the
article's own page), `thread-<pk>` (pages showing the article's discussion), `section-<pk>`,
`topic-<pk>` and `author-<pk>` (their listing pages and feeds). A view adds the keys of what
it shows with `keys_add(request, ...)`; `EdgeCacheHeadersMiddleware` writes them into every
public response in the header conventions the edges read:

- `xkey`: Varnish's xkey vmod (deploy/varnish/newsroom.vcl), space-separated;
- `Surrogate-Key`: Fastly, space-separated;
- `Cache-Tag`: Cloudflare (Enterprise) and KeyCDN, comma-separated;
- `Edge-Cache-Tag`: Akamai, comma-separated.

What purges which key is decided where the data changes (articles.signals, the comments
app's thread bump through newsroom.purge); the purge itself is newsroom.purge.
"""

from __future__ import annotations

from collections.abc import Iterable

SITE = "site"
FRONT = "front"
HEADERS = ("xkey", "Surrogate-Key", "Cache-Tag", "Edge-Cache-Tag")


def article(pk: int) -> str:
    return f"article-{pk}"


def thread(pk: int) -> str:
    """The discussion of article `pk` (its page and the article's comment feed)."""
    return f"thread-{pk}"


def section(pk: int) -> str:
    return f"section-{pk}"


def topic(pk: int) -> str:
    return f"topic-{pk}"


def author(pk: int) -> str:
    return f"author-{pk}"


def keys_add(request, *keys: str) -> None:
    """Record that this request's page shows what `keys` name."""
    found = getattr(request, "_edge_keys", None)
    if found is None:
        found = request._edge_keys = set()
    found.update(keys)


def keys_of(request) -> list[str]:
    """The page's keys, `site` first (every page shows the navigation)."""
    return [SITE, *sorted(set(getattr(request, "_edge_keys", ())) - {SITE})]


def headers_set(response, keys: Iterable[str]) -> None:
    keys = list(keys)
    spaced, commas = " ".join(keys), ",".join(keys)
    response.headers["xkey"] = spaced
    response.headers["Surrogate-Key"] = spaced
    response.headers["Cache-Tag"] = commas
    response.headers["Edge-Cache-Tag"] = commas
