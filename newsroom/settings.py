"""Newsroom settings: one module, driven by environment variables.

Development defaults need nothing but Python (SQLite file, local-memory cache, console
e-mail). Production is the same module with the variables documented in the README set;
it refuses to start with the development secret or with DEBUG on for a public host.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from newsroom.ratelimit import parse_rates

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """Return the variable, treating an empty value as unset."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool) -> bool:
    return env(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEV_SECRET_KEY = "dev-insecure-newsroom-key-do-not-use-in-production"

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")

# Same bar as Django's security.W009 check, so `check --deploy` never warns about the secret.
if not DEBUG and (
    not SECRET_KEY
    or SECRET_KEY == DEV_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY to a random value of at least 50 characters in production."
    )
if DEBUG and any(h not in {"localhost", "127.0.0.1", "[::1]", "testserver"} for h in ALLOWED_HOSTS):
    if not env_bool("DJANGO_ALLOW_DEBUG_ON_PUBLIC_HOST", False):
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is on while DJANGO_ALLOWED_HOSTS names a public host. "
            "Set DJANGO_DEBUG=false for production."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "mptt",
    "simple_history",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "newsroom",
    "accounts",
    "articles",
    "comments",
    "articles.pages",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Before everything: a control character (NUL) in the path or query answers 400 at once.
    "newsroom.middleware.MalformedInputMiddleware",
    # Then: replays whole anonymous pages from the cache, headers and all, before any other
    # middleware runs (a hit costs two cache round trips, close to a static file).
    "newsroom.edge.AnonymousPageCacheMiddleware",
    # Then: compresses what everything below produced (HTML, feeds, sitemaps); skips
    # responses that are already encoded (WhiteNoise's .br/.gz files, page-cache replays).
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.edge.EdgeCacheHeadersMiddleware",
    "newsroom.db_router.PrimaryPinMiddleware",
    "newsroom.security.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.ReaderLanguageMiddleware",  # cookie only, never Accept-Language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.RateLimitMiddleware",
    # Innermost: sees the views' database errors first and keeps anonymous pages' last copy.
    "newsroom.resilience.ResilienceMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
                "accounts.context_processors.notifications",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# Unset (or empty) DATABASE_URL means the embedded SQLite file; postgres://... in production
# and CI. dj_database_url.config() returns {} for an empty value, so we pass a default.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE serializes writers at BEGIN, which makes MAX(tree_id)+1 safe on SQLite.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast instead of hanging until gunicorn kills the worker (its timeout is 30 s, see
    # gunicorn.conf.py): a statement or lock wait over the limit raises QueryCanceled or
    # LockNotAvailable, which newsroom.resilience answers with the 503 page. 0 switches a
    # limit off (long operator commands: DATABASE_STATEMENT_TIMEOUT=0 manage.py ...).
    _statement_ms = int(float(env("DATABASE_STATEMENT_TIMEOUT", "10")) * 1000)
    _lock_ms = int(float(env("DATABASE_LOCK_TIMEOUT", "5")) * 1000)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(env("DATABASE_CONNECT_TIMEOUT", "5")),
            "options": f"-c statement_timeout={_statement_ms} -c lock_timeout={_lock_ms}",
        }
    )

# Read replicas (newsroom/db_router.py): reads go to them, writes and transactions to the
# primary; a reader who just wrote reads from the primary for a few seconds. In tests each
# replica mirrors the primary (same test database).
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", "")):
    DATABASES[f"replica_{_number}"] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES[f"replica_{_number}"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"] if len(DATABASES) > 1 else []
DATABASE_REPLICA_PIN_SECONDS = int(env("DATABASE_REPLICA_PIN_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache ------------------------------------------------------------------------------
CACHE_URL = env("CACHE_URL", env("REDIS_URL"))
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    # Redis is optional at run time: short timeouts, and errors are logged and skipped
    # (newsroom.resilient_cache), so a Redis outage slows nothing down and breaks no page.
    CACHES = {
        "default": {
            "BACKEND": "newsroom.resilient_cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom"),
            "OPTIONS": {
                "socket_connect_timeout": float(env("CACHE_CONNECT_TIMEOUT", "0.5")),
                "socket_timeout": float(env("CACHE_SOCKET_TIMEOUT", "0.5")),
                "RETRY_SECONDS": float(env("CACHE_RETRY_SECONDS", "5")),
            },
        }
    }
else:
    # Room for the thread fragments of a few busy articles (one entry per thread and
    # language, plus one version key per thread) and for the view counters
    # (articles/popularity.py); Django's default of 300 culls them before they are used.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(env("NEWSROOM_LOCMEM_CACHE_ENTRIES", "20000"))},
        }
    }
# Rate-limit and lockout counters never share the default cache: readers fill that one and an
# LRU cache would evict lockouts for them (see newsroom/ratelimit.py). By default they live in
# a database table (made by a migration); in production a Redis of their own (or one with
# `maxmemory-policy noeviction`): NEWSROOM_RATE_LIMIT_CACHE_URL=redis://limits:6379/0.
RATE_LIMIT_CACHE = "ratelimit"
RATE_LIMIT_CACHE_URL = env("NEWSROOM_RATE_LIMIT_CACHE_URL")
if RATE_LIMIT_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES[RATE_LIMIT_CACHE] = {
        "BACKEND": "newsroom.cache_backends.LimitsRedisCache",
        "LOCATION": RATE_LIMIT_CACHE_URL,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "newsroom") + "-limits",
        # Redis down or hanging: the counters go on in the database table (fail closed:
        # nothing is let through uncounted); see newsroom/cache_backends.py.
        "OPTIONS": {
            "socket_connect_timeout": float(env("CACHE_CONNECT_TIMEOUT", "0.5")),
            "socket_timeout": float(env("CACHE_SOCKET_TIMEOUT", "0.5")),
            "RETRY_SECONDS": float(env("CACHE_RETRY_SECONDS", "5")),
            "FALLBACK": RATE_LIMIT_CACHE + "-fallback",
        },
    }
    CACHES[RATE_LIMIT_CACHE + "-fallback"] = {
        "BACKEND": "newsroom.cache_backends.LimitsDatabaseCache",
        "LOCATION": "newsroom_ratelimit",
    }
elif RATE_LIMIT_CACHE_URL in ("", "db", "database"):
    CACHES[RATE_LIMIT_CACHE] = {
        "BACKEND": "newsroom.cache_backends.LimitsDatabaseCache",
        "LOCATION": "newsroom_ratelimit",
    }
else:
    raise ImproperlyConfigured(
        "NEWSROOM_RATE_LIMIT_CACHE_URL must be a redis:// URL or empty (database)."
    )

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Auth -------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["accounts.backends.HandleOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Media: local files by default; an S3-compatible bucket (django-storages, the `s3` extra)
# when NEWSROOM_MEDIA_BUCKET is set, so several app servers share uploads and renditions.
MEDIA_BUCKET = env("NEWSROOM_MEDIA_BUCKET")
if MEDIA_BUCKET:
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_BUCKET,
            "endpoint_url": env("NEWSROOM_MEDIA_ENDPOINT_URL") or None,
            "region_name": env("NEWSROOM_MEDIA_REGION") or None,
            "access_key": env("NEWSROOM_MEDIA_ACCESS_KEY") or None,
            "secret_key": env("NEWSROOM_MEDIA_SECRET_KEY") or None,
            "custom_domain": env("NEWSROOM_MEDIA_DOMAIN") or None,  # the CDN in front
            "querystring_auth": False,  # public images: stable, cacheable URLs
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
else:
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads larger than this are refused before Pillow sees them.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Forms ------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Newsroom <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Background jobs --------------------------------------------------------------------
# Tasks (django-tasks, docs/decisions.md "Background jobs"): e-mails, image renditions and
# view-count flushes. Unset, they run in this process right after the commit, so `make run`
# needs no worker; TASKS_BACKEND=database stores them in PostgreSQL in the same transaction
# as the write, and `make worker` (manage.py db_worker) runs them.
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be 'immediate' or 'database'.")
# Two queues: "default" (mails, renditions, flushes, the assistant's jobs) and "edge" (the
# edge purges, newsroom.purge). A purge must never wait behind a mail or a training, so
# production runs a worker for the edge queue of its own (`make worker-edge`) beside the
# general ones (`make worker` serves every queue, so a purge never goes unserved).
EDGE_TASK_QUEUE = "edge"
TASKS = {
    "default": {
        "BACKEND": _TASK_BACKENDS[TASKS_BACKEND],
        "QUEUES": ["default", EDGE_TASK_QUEUE],
    }
}
# Seconds before each retry of a failing task (newsroom.jobs.retried_task): a mail that
# meets a dead SMTP server is tried again after 1, 5, 30 and 120 minutes, then given up.
TASK_RETRY_DELAYS = [
    float(delay) for delay in env_list("NEWSROOM_TASK_RETRY_DELAYS", "60,300,1800,7200")
]

# --- Security ---------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS-only, so it only reaches browsers in production (behind the TLS proxy).
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if not SECURE_HSTS_PRELOAD:
    # Opting out of the preload list is a deliberate operator choice, not an oversight.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Only our own origin; no inline script or style (a view that really needs one uses the
# nonce: {{ CSP_NONCE }}). Bootstrap's CSS draws form controls with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "upgrade-insecure-requests": not DEBUG,
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Scripts take the token from the form, never from the cookie, so no script needs to read it.
CSRF_COOKIE_HTTPONLY = True
# How many reverse proxies of ours append to X-Forwarded-For (0: use REMOTE_ADDR only). Only
# behind such a proxy is X-Forwarded-Proto trusted (it overwrites the header); without one,
# any client could send "X-Forwarded-Proto: https" and pass for a secure request.
TRUSTED_PROXY_COUNT = int(env("NEWSROOM_TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    LANGUAGE_COOKIE_HTTPONLY = True
    LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# --- HTTP caching (newsroom/edge.py, newsroom/surrogate.py, newsroom/purge.py) ------------
# Anonymous pages: browsers revalidate ("public, max-age=0" plus ETag/Last-Modified, a cheap
# 304), shared caches hold them for s-maxage and may serve them stale while revalidating
# (stale-while-revalidate) or while the origin fails (stale-if-error); the stale windows go
# in Surrogate-Control and CDN-Cache-Control only, which browsers ignore. A page that changes
# by the clock (a scheduled article) gets shorter times that end at that moment.
# NEWSROOM_EDGE_S_MAXAGE=0 turns public caching off. NEWSROOM_EDGE_MAX_AGE is its old name.
EDGE_CACHE_S_MAXAGE = int(env("NEWSROOM_EDGE_S_MAXAGE", env("NEWSROOM_EDGE_MAX_AGE", "60")))
EDGE_CACHE_BROWSER_MAX_AGE = int(env("NEWSROOM_EDGE_BROWSER_MAX_AGE", "0"))
EDGE_CACHE_STALE_WHILE_REVALIDATE = int(env("NEWSROOM_EDGE_STALE_WHILE_REVALIDATE", "30"))
EDGE_CACHE_STALE_IF_ERROR = int(env("NEWSROOM_EDGE_STALE_IF_ERROR", "86400"))
# Purge on write: "none" (default), "varnish" (xkey purges to NEWSROOM_EDGE_PURGE_URL, a
# comma-separated list of Varnish addresses; set alone, it selects "varnish"), or a dotted
# path to a class with purge(keys). Sent as a task after commit, retried after these seconds.
EDGE_PURGE_URLS = env_list("NEWSROOM_EDGE_PURGE_URL", "")
EDGE_PURGE_BACKEND = env("NEWSROOM_EDGE_PURGE", "varnish" if EDGE_PURGE_URLS else "none")
EDGE_PURGE_TIMEOUT = float(env("NEWSROOM_EDGE_PURGE_TIMEOUT", "2"))
# With read replicas a purge waits until they replayed the write (at most this long).
EDGE_PURGE_REPLICA_WAIT = float(env("NEWSROOM_EDGE_PURGE_REPLICA_WAIT", "5"))
EDGE_PURGE_RETRY_DELAYS = [
    float(delay) for delay in env_list("NEWSROOM_EDGE_PURGE_RETRY_DELAYS", "1,5,30,120")
]
if EDGE_PURGE_BACKEND == "varnish" and not EDGE_PURGE_URLS:
    raise ImproperlyConfigured("NEWSROOM_EDGE_PURGE=varnish needs NEWSROOM_EDGE_PURGE_URL.")
# How long the server keeps a rendered page / thread fragment. Versions are bumped in the
# cache of the process that wrote, so a per-process cache (no CACHE_URL) cannot see another
# worker's writes: there entries live only as long as a proxy may serve them anyway.
SHARED_CACHE = CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache"
PAGE_CACHE_SECONDS = int(env("NEWSROOM_PAGE_CACHE_SECONDS", "3600" if SHARED_CACHE else "60"))
FRAGMENT_CACHE_SECONDS = int(
    env("NEWSROOM_FRAGMENT_CACHE_SECONDS", "86400" if SHARED_CACHE else "60")
)

# --- Newsroom ---------------------------------------------------------------------------
SITE_NAME = env("NEWSROOM_SITE_NAME", "Newsroom")
# The public address (scheme and host, e.g. https://news.example): the only source of absolute
# URLs in e-mails and legal records (newsroom.public_url), never the request's Host header.
# Required in production (`check --deploy` error newsroom.E001 without it).
SITE_URL = env("NEWSROOM_SITE_URL", "http://localhost:8000" if DEBUG else "")
# Keyed hashes of reader IP addresses (never stored in the clear) use this pepper.
IP_HASH_KEY = env("NEWSROOM_IP_HASH_KEY", SECRET_KEY)
COMMENT_MAX_LENGTH = 3000
# The version of the discussion rules a reader must have accepted before commenting. Raise it
# when the rules change (e.g. "2027-1"): every reader accepts the new version, once, in the
# comment form before their next comment (accounts.RulesAcceptance keeps time and version).
DISCUSSION_RULES_VERSION = env("NEWSROOM_DISCUSSION_RULES_VERSION", "2026-1")
COMMENT_EDIT_WINDOW_MINUTES = 15
COMMENT_MAX_MENTIONS = 10  # distinct @handles per comment: each one notifies somebody
COMMENT_THREADS_PER_PAGE = int(env("NEWSROOM_THREADS_PER_PAGE", "50"))
# Anonymous (cached) pages show new reader recommendations within at most twice this many
# seconds; during a wave each cached page is re-rendered at most once per slot.
COMMENT_RECOMMENDATION_REFRESH_SECONDS = int(env("NEWSROOM_RECOMMENDATION_REFRESH_SECONDS", "10"))
# --- Live ticker and live updates (articles/ticker.py, issue 25) -------------------------
# Ticker entries per page ("ältere Einträge laden" loads the next page) and key events shown.
LIVETICKER_PAGE_SIZE = int(env("NEWSROOM_LIVETICKER_PAGE_SIZE", "20"))
LIVETICKER_KEY_EVENTS = int(env("NEWSROOM_LIVETICKER_KEY_EVENTS", "5"))
# Live updates of open pages (static/js/live.js asks "what changed since version N").
# NEWSROOM_LIVE_UPDATES=false switches them off site-wide (Article.live_updates per article).
LIVE_UPDATES = env("NEWSROOM_LIVE_UPDATES", "true").lower() == "true"
# They stop by themselves for an article without a new comment (or ticker entry) this long.
LIVE_IDLE_HOURS = float(env("NEWSROOM_LIVE_IDLE_HOURS", str(14 * 24)))
# The page asks every LIVE_POLL_SECONDS, backing off to LIVE_POLL_MAX_SECONDS while nothing
# changes; shared caches keep one answer LIVE_EDGE_SECONDS (s-maxage) and writes purge it.
LIVE_POLL_SECONDS = float(env("NEWSROOM_LIVE_POLL_SECONDS", "3"))
LIVE_POLL_MAX_SECONDS = float(env("NEWSROOM_LIVE_POLL_MAX_SECONDS", "60"))
LIVE_EDGE_SECONDS = int(env("NEWSROOM_LIVE_EDGE_SECONDS", "2"))
# Moderation pages ask for their queues' counts this often (backing off to 8x while calm).
LIVE_MODERATION_POLL_SECONDS = float(env("NEWSROOM_LIVE_MODERATION_POLL_SECONDS", "15"))
# Replies per thread shown before the rest is folded into "Show N more replies".
COMMENT_REPLIES_SHOWN = 3
# Locking of comment trees; only the concurrency test's negative control turns it off.
COMMENT_TREE_LOCKING = True
# Multiplies every rate limit; raise it for load tests, 0 switches limits off entirely.
RATE_LIMIT_MULTIPLIER = float(env("NEWSROOM_RATE_LIMIT_MULTIPLIER", "1"))
# Default limits per scope, "hits/seconds". NEWSROOM_RATE_LIMITS="comment-post-user=10/60,..."
# overrides any scope, even one whose limit the code passes (see newsroom/ratelimit.py).
RATE_LIMITS = {
    "comment-post-user": "6/60",  # comments and replies per reader
    "comment-post-ip": "30/60",  # per client address: many accounts behind one address
    "comment-edit-user": "5/60",  # edits per reader: each may notify newly mentioned people
    "comment-report": "20/3600",  # reports per reader
    "dsa-notice-ip": "10/3600",  # notices of illegal content per client address
    "dsa-appeal": "10/3600",  # complaints per reader
    "comment-recommend": "60/600",  # recommendations given or taken back, per reader
    "signup": "10/3600",  # sign-ups per client address
    "password-reset": "5/3600",  # reset requests per client address
    "password-reset-email": "5/3600",  # per target address: nobody floods an inbox
    # Login attempts (accounts/throttle.py); a right password gives its attempt back.
    "login-fail-account-ip": "5/900",  # per login name and client address: the lockout
    "login-fail-account": "30/3600",  # per login name, from addresses it never signed in from
    "login-fail-ip": "100/900",  # per client address, any name (generous: NAT, proxies)
    "confirm-resend": "3/3600",
    "email-change": "3/3600",
    "delete-account": "10/3600",  # password checks on the deletion form, per account
    "password-change": "5/900",  # old-password checks per account: a stolen session guessing
    "avatar-upload": "5/3600",  # avatar images decoded per account
    "mail-recipient": "5/3600",  # account mails (confirm, change, reset, notices) per inbox
}
RATE_LIMIT_OVERRIDES = parse_rates(env("NEWSROOM_RATE_LIMITS"))
# Rules that may forbid a reader to change their public profile (name, bio, avatar):
# dotted paths to callables (user) -> reason or "" (accounts.services.public_profile_refusal).
# Accounts never imports comments; the comments app's sanction rule is named here.
PUBLIC_PROFILE_RULES = ["comments.moderation.rules.public_profile_refusal"]
# Anonymous forms and comments: minimum seconds between showing and sending (bots are faster);
# 0 switches the check off (the honeypot field stays). See newsroom.security.SpamProtectionMixin.
SPAM_MIN_SECONDS = float(env("NEWSROOM_SPAM_MIN_SECONDS", "3"))
# Article views are counted in the cache and written to the database in batches
# (articles/popularity.py): by `manage.py flush_article_views` (cron, every minute) and, in
# the background after this many counted views in one process; 0 leaves it to the command.
VIEW_FLUSH_EVERY = int(env("NEWSROOM_VIEW_FLUSH_EVERY", "100"))
# The front page: lead story plus this many top slots, then per-section blocks.
FRONT_PAGE_TOP_SLOTS = 4
FRONT_PAGE_SECTION_TEASERS = 3
# Database outages: the 503 page's Retry-After, and whether anonymous pages keep a last good
# copy in the cache to be served while the database is gone (newsroom.lastgood).
OUTAGE_RETRY_AFTER = int(env("NEWSROOM_OUTAGE_RETRY_AFTER", "30"))
LAST_GOOD_COPY = env_bool("NEWSROOM_LAST_GOOD_COPY", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One line per event with time, level and logger: "newsroom.resilience" reports database
    # and cache outages (see README "Production: when something fails").
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "line"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
}
