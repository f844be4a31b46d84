"""gunicorn settings for `make serve`, all from the environment.

GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2 x cores + 1), GUNICORN_THREADS (1; more
switches to the gthread worker, useful when requests wait on the database), GUNICORN_TIMEOUT
(30 s: a worker stuck longer is restarted), GUNICORN_GRACEFUL_TIMEOUT (30 s),
GUNICORN_KEEPALIVE (5 s, behind a proxy that reuses connections), GUNICORN_MAX_REQUESTS
(2000, with jitter: recycles workers to bound memory growth).
Static files are served by WhiteNoise inside the app, precompressed (gzip and Brotli).

The database limits (DATABASE_STATEMENT_TIMEOUT 10 s, DATABASE_LOCK_TIMEOUT 5 s,
DATABASE_CONNECT_TIMEOUT 5 s) and the cache's (0.5 s) stay well under `timeout`, so a slow
PostgreSQL or a hung Redis ends in the site's own 503 page or a skipped cache, never in a
worker killed by gunicorn with its plain "Internal Server Error".
`gunicorn.conf.py` in the project folder loads this file, so a plain `gunicorn newsroom.wsgi`
gets the same settings.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "").strip() or None
errorlog = "-"
# Load the app before forking: workers share its memory and start faster.
preload_app = True


def when_ready(server):
    """In the master, after the app is loaded (preload_app) and before the workers fork."""
    if not preload_app:  # without the app in the master there is nothing to share
        return
    from comments.moderation.assistant.store import warm

    if warm():
        server.log.info("The moderation assistant's active model is loaded for all workers")
