"""A real worker: `manage.py db_worker` in its own process delivers what a post enqueued.

Needs PostgreSQL (the worker and the test share the test database, and the test commits).
The worker's mail goes to files in a temporary folder (tests/jobs/worker_settings.py),
which the test can see and the worker's locmem outbox would not be.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.comments.test_gunicorn_workers import _database_url
from tests.jobs.rows import mail_rows

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.workers,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares PostgreSQL"),
]


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def worker(settings, mail_dir):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "edge"]}
    }
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
        "TASKS_BACKEND": "database",
        "NEWSROOM_TASK_RETRY_DELAYS": "1,1",
        "NEWSROOM_TEST_MAIL_DIR": str(mail_dir),
    }
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
         "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()  # the worker finishes its task and exits on SIGTERM
        output = process.communicate(timeout=20)[0].decode(errors="replace")
        sys.stderr.write(output)  # pytest shows it when the test fails


def _delivered(mail_dir: Path, timeout: float = 30) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mails = sorted(mail_dir.glob("*.log"))
        if mails:
            time.sleep(0.5)  # a second mail would show up now, too
            return [p.read_text() for p in sorted(mail_dir.glob("*.log"))]
        time.sleep(0.1)
    return []


def test_the_worker_delivers_a_mention_mail(worker, mail_dir, mention_post):
    response = mention_post()
    assert response.status_code == 302
    mails = _delivered(mail_dir)
    assert len(mails) == 1
    assert "To: mara@example.org" in mails[0]
    assert mail_rows().get().status == "SUCCESSFUL"


def test_the_worker_retries_until_the_mail_server_is_back(worker, mail_dir, mention_post):
    (mail_dir / "fail-remaining").write_text("2")
    assert mention_post().status_code == 302
    mails = _delivered(mail_dir, timeout=60)
    assert len(mails) == 1  # exactly once, on the third attempt
    assert (mail_dir / "attempts").read_text() == "xxx"
    statuses = list(mail_rows().order_by("enqueued_at").values_list("status", flat=True))
    assert statuses == ["FAILED", "FAILED", "SUCCESSFUL"]
