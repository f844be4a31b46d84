"""Failing e-mails are retried with back-off, a bounded number of times, on both backends.

Issue 11: a committed write is answered as a success whatever fails after the commit; the
side effects are logged and retried. tests/conftest.py retries at once (TASK_RETRY_DELAYS of
zeros); the tests with real delays say so.
"""

import logging
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from accounts import tasks as account_tasks
from newsroom.jobs import enqueue_after_commit
from tests.jobs.rows import mail_rows

DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "edge"]}
}


def _worker_batch():
    """Run every task that is due, as `make worker` would, then return."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.mark.django_db
class TestImmediateBackend:
    def test_a_mail_that_fails_twice_is_delivered_once(
        self, flaky_smtp, mention_post, django_capture_on_commit_callbacks, caplog
    ):
        flaky_smtp["remaining"] = 2
        with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
            response = mention_post()
        assert response.status_code == 302
        assert flaky_smtp["attempts"] == 3
        assert [m.to for m in mail.outbox] == [["mara@example.org"]]
        retries = [r for r in caplog.records if "retrying in" in r.getMessage()]
        assert len(retries) == 2 and "attempt 1 of 4" in retries[0].getMessage()

    def test_a_mail_that_always_fails_is_given_up_after_four_attempts(
        self, flaky_smtp, mention_post, django_capture_on_commit_callbacks, caplog
    ):
        flaky_smtp["remaining"] = -1
        with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.WARNING):
            response = mention_post()
        assert response.status_code == 302  # the comment is stored: a success
        assert flaky_smtp["attempts"] == 4
        assert mail.outbox == []
        gave_up = [r for r in caplog.records if "gave up" in r.getMessage()]
        assert len(gave_up) == 1 and gave_up[0].levelno == logging.ERROR
        assert "notification_email gave up after 4 attempts" in gave_up[0].getMessage()

    def test_nothing_is_sent_for_a_write_that_rolled_back(self, mention_post):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_after_commit(account_tasks.address_in_use, email="a@example.org",
                                 base_url="http://testserver/", kind="signup")  # fmt: skip
            raise RuntimeError("the write failed")
        assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_in_process_retries_wait_their_back_off_in_a_thread(
    flaky_smtp, mention_post, settings, caplog
):
    """With the default backend a retry waits in a timer thread: the response never waits."""
    settings.TASK_RETRY_DELAYS = [0.3, 0.3]
    flaky_smtp["remaining"] = 1
    response = mention_post()
    assert response.status_code == 302
    assert mail.outbox == [] and flaky_smtp["attempts"] == 1  # answered before the retry
    deadline = time.monotonic() + 10
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [m.to for m in mail.outbox] == [["mara@example.org"]]
    assert flaky_smtp["attempts"] == 2


@pytest.mark.django_db(transaction=True)
class TestDatabaseBackend:
    @pytest.fixture(autouse=True)
    def _database_tasks(self, settings):
        settings.TASKS = DATABASE_TASKS

    def test_the_task_row_commits_with_the_write_or_not_at_all(self, mention_post):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue_after_commit(account_tasks.address_in_use, email="a@example.org",
                                 base_url="http://testserver/", kind="signup")  # fmt: skip
            raise RuntimeError("the write failed")
        assert not DBTaskResult.objects.exists()
        response = mention_post()
        assert response.status_code == 302
        row = mail_rows().get()
        assert mail.outbox == []  # nothing runs in the request: the worker sends it
        _worker_batch()
        assert [m.to for m in mail.outbox] == [["mara@example.org"]]
        row.refresh_from_db()
        assert row.status == "SUCCESSFUL"

    def test_a_failing_mail_is_enqueued_again_with_run_after(
        self, flaky_smtp, mention_post, settings
    ):
        settings.TASK_RETRY_DELAYS = [0, 0, 0]
        flaky_smtp["remaining"] = 2
        assert mention_post().status_code == 302
        _worker_batch()  # attempt 1 fails, its retry is due at once: 2 fails, 3 delivers
        assert [m.to for m in mail.outbox] == [["mara@example.org"]]
        rows = list(mail_rows().order_by("enqueued_at"))
        assert [r.status for r in rows] == ["FAILED", "FAILED", "SUCCESSFUL"]
        assert [r.args_kwargs["kwargs"].get("attempt", 1) for r in rows] == [1, 2, 3]
        assert all(r.run_after is not None for r in rows[1:])

    def test_a_retry_waits_for_its_run_after(self, flaky_smtp, mention_post, settings):
        settings.TASK_RETRY_DELAYS = [3600]
        flaky_smtp["remaining"] = -1
        assert mention_post().status_code == 302
        _worker_batch()
        retry = mail_rows().get(status="READY")
        assert retry.args_kwargs["kwargs"]["attempt"] == 2
        assert retry.run_after.timestamp() > time.time() + 3500  # not before an hour
        assert flaky_smtp["attempts"] == 1

    def test_the_last_attempt_gives_up(self, flaky_smtp, mention_post, settings, caplog):
        settings.TASK_RETRY_DELAYS = [0]
        flaky_smtp["remaining"] = -1
        assert mention_post().status_code == 302
        with caplog.at_level(logging.WARNING):
            _worker_batch()
        assert flaky_smtp["attempts"] == 2
        assert mail_rows().filter(status="FAILED").count() == 2
        assert not DBTaskResult.objects.filter(status="READY").exists()
        assert any("gave up after 2 attempts" in r.getMessage() for r in caplog.records)
