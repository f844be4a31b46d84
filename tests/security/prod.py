"""Run Django in a subprocess with production environment variables.

Settings are read once per process, so production mode cannot be switched on inside the test
process; a fresh interpreter with the real environment is the honest test.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_HOST = "news.example"
PRODUCTION_SECRET = secrets.token_urlsafe(64)


def production_env(**overrides: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "NEWSROOM_")) and k not in {"CACHE_URL", "REDIS_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST,
        DJANGO_CSRF_TRUSTED_ORIGINS=f"https://{PRODUCTION_HOST}",
        NEWSROOM_SITE_URL=f"https://{PRODUCTION_HOST}",
        # Production shares one cache between workers (check --deploy warns otherwise);
        # nothing here connects to it.
        CACHE_URL="redis://127.0.0.1:6379/0",
        # Tasks on a worker (check --deploy warns about in-process tasks otherwise).
        TASKS_BACKEND="database",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], **env_overrides: str | None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=production_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def run_django(code: str, **env_overrides: str | None):
    """Run `code` after django.setup(); it must print one JSON document, which is returned."""
    script = "import django, json\ndjango.setup()\n" + code
    result = run(["-c", script], **env_overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
