"""Read replicas: reads go to a replica, writes, transactions and tree locks to the primary.

`DATABASE_REPLICA_URLS` (comma-separated) adds the aliases `replica_0`, `replica_1`, ...
A read goes to the primary instead when
- it happens inside a transaction on the primary (every service is `atomic`, so the
  re-read of a parent under the thread's advisory lock, counts and checks see the primary);
- the request is not a GET/HEAD, or the reader wrote something in the last
  `DATABASE_REPLICA_PIN_SECONDS` seconds (a short cookie set after each write request):
  an author sees their comment at once, everyone else once the replica has replayed it.
"""

import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

PIN_COOKIE = "pin_primary"
# Apps whose rows are read to be locked and changed at once: the task worker opens its
# transaction on the queryset's read database and then locks rows (SELECT ... FOR UPDATE
# SKIP LOCKED), which fails on a replica ("select_for_update cannot be used outside of a
# transaction"): with replicas configured the worker ran no task at all.
PRIMARY_ONLY_APPS = frozenset({"django_tasks_database"})  # django_tasks_db's label
_pinned: ContextVar[bool] = ContextVar("newsroom_pinned_to_primary", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica_")]


def pin_if_recent(stamp_ns) -> None:
    """Read the rest of this request from the primary if `stamp_ns` (a version) is recent.

    A page rendered from a replica that has not replayed the latest write would be cached
    under the new version and stay stale: so while a version is younger than the pin
    window, its data is read from the primary (newsroom.edge.depend_on calls this).
    """
    if not replica_aliases() or not isinstance(stamp_ns, int):
        return
    if time.time_ns() - stamp_ns < settings.DATABASE_REPLICA_PIN_SECONDS * 1_000_000_000:
        _pinned.set(True)


class ReplicaRouter:
    def __init__(self):
        self.replicas = replica_aliases()

    def db_for_read(self, model, **hints):
        if not self.replicas or _pinned.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        return random.choice(self.replicas)

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas are copies of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


class PrimaryPinMiddleware:
    """Pin writes and a writer's next few seconds of reads to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.DATABASE_REPLICA_PIN_SECONDS

    def __call__(self, request):
        if not replica_aliases():
            return self.get_response(request)
        writing = request.method not in ("GET", "HEAD", "OPTIONS")
        token = _pinned.set(writing or PIN_COOKIE in request.COOKIES)  # reset below
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writing:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=self.seconds, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
        return response
