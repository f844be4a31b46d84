"""gunicorn settings read from the project folder (`gunicorn newsroom.wsgi`).

The database limits (DATABASE_STATEMENT_TIMEOUT 10 s, DATABASE_LOCK_TIMEOUT 5 s,
DATABASE_CONNECT_TIMEOUT 5 s) and the cache's (0.5 s) stay well under `timeout`, so a slow
PostgreSQL or a hung Redis ends in the site's own 503 page or a skipped cache, never in a
worker killed by gunicorn with its plain "Internal Server Error".
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Recycle workers now and then, so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = "-"
