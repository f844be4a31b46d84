"""Run by test_replica.py in a fresh interpreter with DATABASE_URL and DATABASE_REPLICA_URLS
pointing at a real primary and its streaming replica; prints one JSON line of findings."""

import json
import os
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django

django.setup()
from django.db import connections  # noqa: E402 - after setup()


def replayed(check, timeout=20.0) -> bool:
    deadline = time.time() + timeout  # replication is asynchronous
    while time.time() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def replica_sql(sql: str):
    with connections["replica_0"].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall() if cursor.description else None


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    override_settings(ALLOWED_HOSTS=["*"]).enable()
    call_command("migrate", verbosity=0, interactive=False)
    replayed(lambda: replica_sql("select to_regclass('django_session')")[0][0] is not None)
    from accounts.models import User
    from articles.models import Article, Section
    from comments.models import Comment

    found = {}
    section = Section.objects.create(name="Politik", slug="politik")
    article = Article.objects.create(
        headline="Replik", slug="replik", lead="L", body="B", status="published", section=section
    )
    # A reader as sign-up leaves one: address confirmed, the current discussion rules accepted.
    author = User.objects.create(
        username="autorin",
        display_name="Autorin",
        email_verified=True,
        rules_version=settings.DISCUSSION_RULES_VERSION,
    )
    writer = Client()
    writer.force_login(author)
    found["replicated_setup"] = replayed(
        lambda: (
            Article.objects.using("replica_0").filter(pk=article.pk).exists()
            and replica_sql("select count(*) from django_session")[0][0] > 0
        )
    )
    url = article.get_absolute_url()
    reader = Client()

    # Replay paused: the replica lags behind, as under load.
    replica_sql("select pg_wal_replay_pause()")
    response = writer.post(f"/comments/post/{article.pk}/", {"body": "Sofort sichtbar"})
    found["post_status"] = response.status_code
    found["pin_cookie"] = "pin_primary" in response.cookies
    found["author_sees_at_once"] = "Sofort sichtbar" in writer.get(url).content.decode()
    found["on_replica_yet"] = (
        Comment.objects.using("replica_0").filter(body="Sofort sichtbar").exists()
    )
    # A change on the primary that bumps no version: a reader's page comes from the replica.
    Article.objects.filter(pk=article.pk).update(lead="Neuer Vorspann")
    time.sleep(0.2)
    with override_settings(DATABASE_REPLICA_PIN_SECONDS=0):
        with CaptureQueriesContext(connections["replica_0"]) as on_replica:
            page = Client().get(url, HTTP_COOKIE="x=1").content.decode()
    found["reader_reads_replica"] = len(on_replica.captured_queries) > 0
    found["reader_sees_unreplicated"] = "Neuer Vorspann" in page
    # Issue 23: an edge purge waits for the replica (else the edge's next miss renders old rows).
    from newsroom.purge import replicas_caught_up

    found["purge_waits_while_lagging"] = not replicas_caught_up(timeout=0.3)
    replica_sql("select pg_wal_replay_resume()")
    found["purge_goes_once_replayed"] = replicas_caught_up(timeout=10)
    found["everyone_sees_once_replicated"] = replayed(
        lambda: (
            "Sofort sichtbar" in reader.get(url, HTTP_COOKIE="x=2").content.decode()
            and Comment.objects.using("replica_0").filter(body="Sofort sichtbar").exists()
        )
    )
    # The task worker's claim (django_tasks_db's db_worker): a transaction on the queryset's
    # database, then SELECT ... FOR UPDATE SKIP LOCKED. With replicas it must be the primary.
    from django_tasks_db.models import DBTaskResult
    from django_tasks_db.utils import exclusive_transaction

    try:
        tasks = DBTaskResult.objects.ready()
        with exclusive_transaction(tasks.db):
            tasks.get_locked()
        found["worker_claims_on_primary"] = True
    except Exception as error:  # the bug: TransactionManagementError on the replica
        found["worker_claims_on_primary"] = f"{type(error).__name__}: {error}"
    print(json.dumps(found))  # noqa: T201 - the result for test_replica.py


if __name__ == "__main__":
    main()
