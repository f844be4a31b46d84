"""HTTP caching: Cache-Control everywhere, validators and a page cache for anonymous readers.

Anonymous pages are the same for everyone who sends no cookie (and, per language, for those
who only send the language cookie), so a CDN or proxy may keep them for a short `max-age`
and serve them a little longer while it revalidates. Everything else (a session, a CSRF
cookie being set, a message waiting) is `private, no-store`.

Page versions. A cacheable view declares what its page depends on with
`depend_on(request, key, value)`: cache keys whose values change after every write that
changes the page (the article app's *site version*, the comments app's thread version of the
article). The full-page cache stores the rendered response with those keys and values and
checks them with one `get_many` (no database) before it replays the page; the `ETag` is a
hash of them and `Last-Modified` the newest of them (they are `time.time_ns()` stamps).

Time is a dependency like a write (issue 23). A view that knows the next moment its page
changes by the clock (a scheduled article it could list, an embargo, a discussion's
auto-close) says so with `page_changes_at(request, moment)`: no layer serves the page past
it, neither this process's memory, nor the shared cache, nor the edge (`s-maxage` and the
stale windows never reach past it).

A copy is replayed only when it is proven current: its versions answered and equal, its
moment not passed. When the shared cache cannot answer (down, hung, flushed, evicted) the
page is rendered; an outdated copy is served meanwhile only while another request really
holds the render lock (`lock_take` tells "held by someone" from "could not ask").

Browsers revalidate, shared caches hold, writes purge (newsroom.surrogate, newsroom.purge):
`Cache-Control: public, max-age=0, s-maxage=N` with the validators, the stale windows for
CDNs in `Surrogate-Control` and `CDN-Cache-Control`, and surrogate keys naming what the
page shows.
"""

import hashlib
import logging
import math
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.module_loading import import_string
from django.utils.text import compress_string

from newsroom import surrogate
from newsroom.db_router import pin_if_recent
from newsroom.middleware import reader_language

log = logging.getLogger(__name__)

SITE_VERSION_KEY = "edge:site-version"
# While one request re-renders an outdated page, the others replay the old one this long.
STALE_SECONDS = 10
# Query parameters a cached view reads, with the values that make a different page, are
# declared per view: `cache_anonymous_page(parameters={"order": ("oldest", "newest")})`. A
# request with any other parameter or value is not stored here (it still gets the public
# Cache-Control), so odd URLs cannot flood the cache (issue 22: every ?order= value of a page
# that ignores it was an hour-long entry). "page" is never one: any number would be an entry.
# Pages each process keeps in memory in front of the shared cache (most recently used).
LOCAL_PAGES = 200
PUBLIC_STATUSES = frozenset({200, 203, 204, 300, 301, 308, 404, 410})


def current_version(key: str) -> int:
    """The value of a version key, created (as now) if missing: never compares equal to old."""
    value = cache.get(key)
    if value is None:
        value = time.time_ns()
        if not cache.add(key, value, timeout=None):
            value = cache.get(key, value)
    return value


def version_bump(key: str) -> None:
    cache.set(key, time.time_ns(), timeout=None)


def site_version_bump() -> None:
    """Something shown on many pages changed (an article, a section, the support box)."""
    version_bump(SITE_VERSION_KEY)


def depend_on(request, key: str, value) -> None:
    """Record that this request's page shows data of version `value` under cache key `key`.

    Call it BEFORE reading the data, so a write that commits meanwhile leaves a newer
    version behind and the stored page is outdated at once.
    """
    deps = getattr(request, "_edge_deps", None)
    if deps is not None:
        deps[key] = value
    pin_if_recent(value)  # a lagging replica must not fill the cache under a new version


def on_replay(request, path: str, **kwargs) -> None:
    """Run `path(request, **kwargs)` whenever this page is replayed from the page cache.

    For what must happen on every view even when no view runs, such as counting it for
    "Meistgelesen". `path` is a dotted path, so the stored page holds no code; the view
    does the same work itself on the request that renders the page.
    """
    hooks = getattr(request, "_edge_hooks", None)
    if hooks is None:
        hooks = request._edge_hooks = []
    hooks.append((path, kwargs))


def page_changes_at(request, moment) -> None:
    """This page changes by the clock at `moment` (a datetime, an epoch second, or None).

    No layer serves it past that moment: the process's copy and the shared cache's entry
    expire then, and the edge's `s-maxage` and stale windows end there too.
    """
    if moment is None:
        return
    at = moment.timestamp() if hasattr(moment, "timestamp") else float(moment)
    current = getattr(request, "_edge_until", None)
    request._edge_until = at if current is None else min(current, at)


def page_expires_within(request, seconds: float) -> None:
    """This server's copy of the page lives at most `seconds`: it shows something that changes
    without a version bump (e.g. recommendation counts per slot). The edge is not bounded by
    it: the write that moves such a slot purges the page's keys instead."""
    at = time.time() + seconds
    current = getattr(request, "_edge_expires_at", None)
    request._edge_expires_at = at if current is None else min(current, at)


def page_not_storable(request) -> None:
    """This response shows outdated parts (served while being re-rendered): no cache may
    store it, neither ours nor the edge's (a purge may already have passed)."""
    request._edge_no_store = True


def lock_take(key: str, timeout: float) -> bool | None:
    """Take a short render lock: True taken, False held by another request, None unknown.

    "Unknown" (the shared cache is down, hung or skipped by its breaker) must never be read as
    "someone else renders": the caller renders (issue 23).
    """
    backend = caches["default"]
    checked = getattr(backend, "add_checked", None)
    try:
        if checked is not None:
            return checked(key, 1, timeout=timeout)
        return bool(backend.add(key, 1, timeout=timeout))
    except Exception:  # any other backend's failure: we cannot know who holds it
        log.warning("render lock %s: cache unavailable", key, exc_info=True)
        return None


def public_cache_control(until: float | None = None, *, now: float | None = None) -> dict:
    """The shared caches' lifetimes for an anonymous page that changes by the clock at `until`.

    {"s_maxage", "swr", "sie"}: `s-maxage` and `stale-while-revalidate` together never reach
    past `until`; `stale-if-error` (served only when the origin fails) is left as configured.
    """
    s_maxage = settings.EDGE_CACHE_S_MAXAGE
    swr = settings.EDGE_CACHE_STALE_WHILE_REVALIDATE
    if until is not None:
        left = max(0, int(until - (time.time() if now is None else now)))
        s_maxage = min(s_maxage, left)
        swr = max(0, min(swr, left - s_maxage))
    return {"s_maxage": s_maxage, "swr": swr, "sie": settings.EDGE_CACHE_STALE_IF_ERROR}


def _shared_headers(response, until: float | None) -> None:
    """Set the anonymous-page headers: browsers revalidate, shared caches hold."""
    times = public_cache_control(until)
    browser = settings.EDGE_CACHE_BROWSER_MAX_AGE
    if until is not None:
        browser = min(browser, times["s_maxage"])
    response.headers["Cache-Control"] = f"public, max-age={browser}, s-maxage={times['s_maxage']}"
    # Browsers (Chromium honours stale-while-revalidate) must not show a stale page, so the
    # stale windows go only to the headers that shared caches read: Surrogate-Control
    # (Fastly, our Varnish VCL) and CDN-Cache-Control (RFC 9213: Cloudflare, Akamai).
    targeted = (
        f"max-age={times['s_maxage']}, stale-while-revalidate={times['swr']}, "
        f"stale-if-error={times['sie']}"
    )
    response.headers["Surrogate-Control"] = targeted
    response.headers["CDN-Cache-Control"] = targeted


# The moment this response's versions were read (epoch seconds). The VCL keeps a response
# only briefly when the edge received a purge after that moment: the render may have read
# the rows before the purged write committed (a fetch in flight is not purged).
CHECKED_HEADER = "X-Edge-Checked"


def _checked_value(request) -> str:
    return f"{getattr(request, '_edge_checked_at', None) or time.time():.3f}"


def _unshared_headers(response) -> None:
    """An anonymous response no shared cache may keep (e.g. outdated while re-rendered)."""
    response.headers["Cache-Control"] = "public, max-age=0, s-maxage=0, must-revalidate"
    response.headers["Surrogate-Control"] = "no-store"
    response.headers["CDN-Cache-Control"] = "no-store"


def _anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _page_cacheable(request) -> bool:
    """Only GETs of readers whose page cannot be personal: no cookie but the language's."""
    if request.method != "GET":
        return False
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    if any(name not in allowed for name in request.COOKIES):
        return False
    if not request.GET:
        return True
    return _parameters_used(request)


def _view_parameters(request) -> dict:
    """The query parameters (name -> allowed values) the view of this path declared."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return {}
    return getattr(match.func, "edge_parameters", {})


def _parameters_used(request) -> bool:
    """Whether every query parameter is one the page uses, with a value that it knows."""
    declared = _view_parameters(request)
    for name, values in request.GET.lists():
        if name not in declared or len(values) != 1 or values[0] not in declared[name]:
            return False
    return True


def _page_key(request) -> str:
    query = "&".join(f"{k}={request.GET[k]}" for k in sorted(request.GET))
    # The middleware runs before ReaderLanguageMiddleware: ask the same question it will ask.
    language = getattr(request, "_edge_language", None)
    if language is None:
        language = request._edge_language = reader_language(request)
    raw = f"{request.scheme}|{request.get_host()}|{request.path}|{query}|{language}"
    return "edge:page:" + hashlib.sha1(raw.encode()).hexdigest()


def _etag(deps: dict, key: str) -> str:
    digest = hashlib.sha1(
        (key + "|" + "|".join(f"{k}={deps[k]}" for k in sorted(deps))).encode()
    ).hexdigest()[:20]
    # Weak: the same page goes out plain or gzipped, which are not byte-identical.
    return f'W/"{digest}"'


def _last_modified(deps: dict) -> float | None:
    stamps = [v for v in deps.values() if isinstance(v, int) and v > 10**18]
    return max(stamps) / 1e9 if stamps else None


def _strip_weak(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def _not_modified(request, etag: str, response_headers) -> HttpResponse | None:
    """A 304 if the request's If-None-Match names this ETag (weak comparison, RFC 9110)."""
    header = request.headers.get("If-None-Match")
    if not header:
        return None
    sent = {_strip_weak(tag) for tag in parse_etags(header)}
    if _strip_weak(etag) in sent or "*" in sent:
        response = HttpResponseNotModified()
        for name in (
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "Surrogate-Control",
            "CDN-Cache-Control",
            *surrogate.HEADERS,
            "Vary",
            "Content-Language",
        ):
            if name in response_headers:
                response.headers[name] = response_headers[name]
        return response
    return None


def _expired(entry: dict) -> bool:
    """Whether the clock has passed the moment the stored page changes."""
    expires = entry.get("expires")
    return expires is not None and time.time() >= expires


def _changed_by_clock(entry: dict) -> bool:
    """Whether the page's moment of change has passed (then no stale replay either)."""
    until = entry.get("until")
    return until is not None and time.time() >= until


def _current(entry: dict) -> bool:
    """Whether a stored page still shows the current versions of what it depends on."""
    if _expired(entry):
        return False
    deps = entry["deps"]
    in_cache = [k for k in deps if not _database_key(k)]
    current = cache.get_many(in_cache) if in_cache else {}
    in_database = [k for k in deps if _database_key(k)]
    if in_database:
        try:
            current.update(_database_versions(in_database))
        except DatabaseError:
            # The database is down: whether the copy is current is unknown, so the request goes
            # on to the view and newsroom.resilience answers it (a last good copy, marked so).
            return False
    return all(current.get(k) == v for k, v in deps.items())


# Versions that live in the database (issue 9: caches follow the database). A key
# "db:<prefix>:<pk>" is answered by the reader registered for <prefix>, one query for all of a
# page's keys of that prefix, so a write seen by the database outdates the page in every
# process at once, whatever the cache backend.
DATABASE_VERSIONS: dict = {}


def register_database_version(prefix: str, reader) -> None:
    """`reader(pks) -> {pk: version}`; pages depend on it with `database_key(prefix, pk)`."""
    DATABASE_VERSIONS[prefix] = reader


def database_key(prefix: str, pk: int) -> str:
    return f"db:{prefix}:{pk}"


def _database_key(key: str) -> bool:
    return key.startswith("db:")


def _database_versions(keys: list[str]) -> dict:
    by_prefix: dict[str, dict[int, str]] = {}
    for key in keys:
        _db, prefix, pk = key.split(":", 2)
        by_prefix.setdefault(prefix, {})[int(pk)] = key
    found = {}
    for prefix, pks in by_prefix.items():
        reader = DATABASE_VERSIONS.get(prefix)
        if reader is None:
            continue
        for pk, version in reader(list(pks)).items():
            found[pks[pk]] = version
    return found


def _run_hooks(request, hooks) -> None:
    for path, kwargs in hooks:
        try:
            import_string(path)(request, **kwargs)
        except Exception:  # a hook never costs the reader the page
            log.warning("Page-cache replay hook %s failed", path, exc_info=True)


class AnonymousPageCacheMiddleware:
    """Replay whole pages for anonymous readers from the cache, without touching the database.

    The first middleware: a hit returns the stored response with every header the rest of
    the stack had added (security headers, CSP, Cache-Control, Vary, Content-Language), so
    none of it runs again. The language is part of the key, decided as LocaleMiddleware
    decides it. A page is stored only when its view declared dependencies
    (`cache_anonymous_page`) and the response is a plain, uncompressed 200 without cookies.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)
        self.local: OrderedDict[str, dict] = OrderedDict()

    def _remember(self, key: str, entry: dict) -> None:
        self.local[key] = entry
        self.local.move_to_end(key)
        while len(self.local) > LOCAL_PAGES:
            self.local.popitem(last=False)

    def __call__(self, request):
        if not _page_cacheable(request):
            return self.get_response(request)
        key = _page_key(request)
        # When the versions were read: a write committed later may be missing (the edge
        # keeps such a copy only briefly when a purge came after this moment).
        request._edge_checked_at = time.time()
        # A copy in this process saves fetching the page itself from the shared cache;
        # whether it is still current is always asked of the shared versions below.
        entry = self.local.get(key)
        if entry is not None and _current(entry):
            return self._replay(request, entry)
        shared = cache.get(key)
        if shared is not None and shared is not entry:
            entry = shared
            self._remember(key, entry)
            if _current(entry):  # another worker stored the new version meanwhile
                return self._replay(request, entry)
        locked = False
        if entry is not None and not _changed_by_clock(entry):
            # Outdated by a write: replay it only while another request really holds the
            # render lock. A lock we could not ask for (cache down or hung) proves nothing,
            # and a copy whose moment has passed is never replayed.
            taken = lock_take(key + ":lock", STALE_SECONDS)
            if taken is False:
                return self._replay(request, entry, stale=True)
            locked = bool(taken)
        request._edge_deps = {}
        # The stack below must not gzip what we store (we keep a plain and a gzip copy).
        accept_encoding = request.META.pop("HTTP_ACCEPT_ENCODING", None)
        try:
            response = self.get_response(request)
        finally:
            if accept_encoding is not None:
                request.META["HTTP_ACCEPT_ENCODING"] = accept_encoding
            if locked:
                cache.delete(key + ":lock")
        deps = request._edge_deps
        until = getattr(request, "_edge_until", None)
        expires = min(
            (t for t in (until, getattr(request, "_edge_expires_at", None)) if t is not None),
            default=None,
        )
        if (
            deps
            and not getattr(request, "_edge_no_store", False)
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
            and not response.has_header("Content-Encoding")
            and not getattr(request, "_csp_nonce", None)
            and "private" not in response.get("Cache-Control", "")
            and (expires is None or expires > time.time())
        ):
            body = response.content
            entry = {
                "deps": deps,
                "hooks": getattr(request, "_edge_hooks", []),
                "headers": dict(response.headers),
                "body": body,
                # Compressed once here, not on every replay (GZipMiddleware skips encoded
                # responses). Random bytes in the gzip header as in Django's GZipMiddleware.
                "gzip": compress_string(body, max_random_bytes=100) if len(body) > 200 else None,
            }
            timeout = settings.PAGE_CACHE_SECONDS
            if expires is not None:
                entry["expires"] = expires
                timeout = min(timeout, max(1, math.ceil(expires - time.time())))
            if until is not None:
                entry["until"] = until
            cache.set(key, entry, timeout=timeout)
            self._remember(key, entry)
            return self._replay(request, entry, hit=False)
        return self.gzip.process_response(request, response)

    @staticmethod
    def _replay(request, entry, hit=True, stale=False):
        headers = dict(entry["headers"])
        if hit:
            _run_hooks(request, entry.get("hooks", ()))
        if "s-maxage" in headers.get("Cache-Control", ""):
            # The lifetimes count from now, not from when the copy was stored; an outdated
            # copy (served while another request renders) is for this reader only: a purge
            # may have passed the edge already.
            response = HttpResponse()
            if stale:
                _unshared_headers(response)
            else:
                _shared_headers(response, entry.get("until"))
            for name in ("Cache-Control", "Surrogate-Control", "CDN-Cache-Control"):
                headers[name] = response.headers[name]
            headers[CHECKED_HEADER] = _checked_value(request)
        if etag := headers.get("ETag"):
            not_modified = _not_modified(request, etag, headers)
            if not_modified is not None:
                return not_modified
        compressed = entry.get("gzip")
        # META, not request.headers: that is cached on first access, which may have happened
        # below us while the header was taken out for the miss.
        gzip = compressed is not None and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        response = HttpResponse(compressed if gzip else entry["body"])
        for name, value in headers.items():
            response.headers[name] = value
        if compressed is not None:
            patch_vary_headers(response, ("Accept-Encoding",))
        if gzip:
            response.headers["Content-Encoding"] = "gzip"
        response.headers["Content-Length"] = str(len(response.content))
        if hit:
            response.headers["X-Page-Cache"] = "stale" if stale else "hit"
        return response


def cache_anonymous_page(view=None, /, *, parameters: dict | None = None):
    """Mark a view's anonymous pages as cacheable and give them ETag and Last-Modified.

    The view (or a template tag it renders) adds its own dependencies with `depend_on()`,
    its moment of change with `page_changes_at()` and its surrogate keys with
    `newsroom.surrogate.keys_add()`; every page depends on the site version. `parameters`
    names the query parameters the view reads and the values that make another page
    ({"order": ("oldest", "newest")}); any other query string is not stored.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not hasattr(request, "_edge_deps"):
                request._edge_deps = {}
            depend_on(request, SITE_VERSION_KEY, current_version(SITE_VERSION_KEY))
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or not _anonymous(request) or response.cookies:
                request._edge_deps = {}  # not for the shared cache
                return response
            deps = request._edge_deps
            # The moment of change is part of the page's identity: after it, the same
            # versions show other articles, so a browser's copy must not get a 304.
            until = getattr(request, "_edge_until", None)
            response.headers["ETag"] = _etag({**deps, "until": until}, _page_key(request))
            if (modified := _last_modified(deps)) is not None:
                response.headers["Last-Modified"] = http_date(modified)
            return response  # AnonymousPageCacheMiddleware answers If-None-Match

        wrapped.edge_parameters = {
            name: frozenset(values) for name, values in (parameters or {}).items()
        }
        return wrapped

    return decorate(view) if view is not None else decorate


class EdgeCacheHeadersMiddleware:
    """Cache-Control on every response that has none: public for anonymous, else private.

    Anonymous: `public, max-age=0, s-maxage=N` (browsers revalidate, shared caches hold),
    the stale windows in Surrogate-Control / CDN-Cache-Control, `Vary: Cookie` and the
    surrogate keys. Runs outermost (after SecurityMiddleware), so it also sees WhiteNoise's
    static files (which carry their own Cache-Control and are left alone).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.s_maxage = settings.EDGE_CACHE_S_MAXAGE

    def __call__(self, request):
        if not hasattr(request, "_edge_checked_at"):
            request._edge_checked_at = time.time()  # before any version or row is read
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if (
            request.method in ("GET", "HEAD")
            and response.status_code in PUBLIC_STATUSES | {304}
            and _anonymous(request)
            and not response.cookies
            and self.s_maxage > 0
        ):
            if getattr(request, "_edge_no_store", False):
                _unshared_headers(response)
            else:
                _shared_headers(response, getattr(request, "_edge_until", None))
                response.headers[CHECKED_HEADER] = _checked_value(request)
            surrogate.headers_set(response, surrogate.keys_of(request))
            # A session or the language cookie makes it another page.
            patch_vary_headers(response, ("Cookie",))
        else:
            patch_cache_control(response, private=True, no_store=True)
        return response
