"""Background jobs: the one way to enqueue a task after a write, and the one retry policy.

Tasks are django-tasks tasks (docs/decisions.md "Background jobs"). Each app keeps its task
definitions in `<app>/tasks.py`; a task only loads its rows and calls the app's service
function, which holds the rule. Two backends, chosen by TASKS_BACKEND:

- immediate (default): `enqueue_after_commit` waits for the commit (`transaction.on_commit`)
  and then runs the task in this process. A retry runs later in a timer thread of the same
  process, so a failing mail never holds up or breaks the response; such a retry dies with
  the process (acceptable for `make run`; production uses the database).
- database: the task row is written inside the write's own transaction, so it commits with
  the write or not at all (nothing is lost between the commit and the enqueue) and the worker
  sees it only once committed. A retry is a new row with `run_after` set: the worker process
  can die between attempts without losing it.
"""

from __future__ import annotations

import functools
import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks import task as task_decorator
from django_tasks.base import Task

logger = logging.getLogger(__name__)


def retried_task(func=None, /, *, delays_setting: str = "TASK_RETRY_DELAYS", **task_options):
    """`@task` whose body is tried again with back-off when it raises, then given up.

    The delays come from settings.TASK_RETRY_DELAYS (or the setting named by
    `delays_setting`, e.g. the edge purge's seconds), so a task runs at most
    len(delays) + 1 times. Each failed attempt is logged with its traceback ("retrying in
    ..."), the last one as "gave up"; the attempt number travels in the `attempt` keyword.
    The exception is re-raised, so the attempt's own result says FAILED (the worker's table
    shows it); the immediate backend keeps it in its result and never lets it reach the
    request.
    """

    def decorate(func):
        @functools.wraps(func)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                delays = list(getattr(settings, delays_setting))
                tries = len(delays) + 1
                if attempt >= tries:
                    logger.error(
                        "Task %s gave up after %d attempts %s",
                        the_task.name,
                        attempt,
                        kwargs,
                        exc_info=True,
                    )
                else:
                    delay = delays[attempt - 1]
                    logger.warning(
                        "Task %s failed (attempt %d of %d) %s; retrying in %ss",
                        the_task.name,
                        attempt,
                        tries,
                        kwargs,
                        delay,
                        exc_info=True,
                    )
                    _retry_later(the_task, args, {**kwargs, "attempt": attempt + 1}, delay)
                raise

        the_task = task_decorator(**task_options)(run)
        return the_task

    return decorate(func) if func is not None else decorate


def enqueue_after_commit(task: Task, /, **kwargs) -> None:
    """Run `task(**kwargs)` once the current transaction has committed; never raises.

    Outside a transaction that is now. With the database backend the row is written at once,
    in a savepoint of the caller's transaction (see the module docstring); with the
    immediate backend one on_commit callback runs it. Either way a failure to enqueue is
    logged and the caller's write stands.
    """
    if _stores_in_database(task):
        _enqueue(task, kwargs, savepoint=True)
    else:
        _after_commit(functools.partial(_enqueue, task, kwargs))


def _after_commit(callback) -> None:
    """The one on_commit of the immediate backend (tests/conftest.py wraps it; see there)."""
    transaction.on_commit(callback, robust=True)


def stores_in_database(task: Task) -> bool:
    """Whether `task` goes to the workers through the database (else it runs in this process)."""
    return _stores_in_database(task)


def _stores_in_database(task: Task) -> bool:
    """Whether the backend writes tasks into our database (then they share the transaction)."""
    from django_tasks_db import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def _enqueue(task: Task, kwargs: dict, *, savepoint: bool = False) -> None:
    try:
        if savepoint:
            with transaction.atomic():  # a failed INSERT must not abort the caller's write
                task.enqueue(**kwargs)
        else:
            task.enqueue(**kwargs)
    except Exception:
        logger.exception("Could not enqueue task %s %s", task.name, kwargs)


def _retry_later(task: Task, args: tuple, kwargs: dict, delay: float) -> None:
    if task.get_backend().supports_defer:
        run_after = timezone.now() + timedelta(seconds=delay)
        task.using(run_after=run_after).enqueue(*args, **kwargs)
    elif delay <= 0:
        task.enqueue(*args, **kwargs)
    else:
        timer = threading.Timer(delay, _run_in_thread, (task, args, kwargs))
        timer.daemon = True  # an in-process retry never keeps a stopping server alive
        timer.start()


def _run_in_thread(task: Task, args: tuple, kwargs: dict) -> None:
    """A retry of the immediate backend: its own thread, so its own database connection."""
    close_old_connections()
    try:
        task.enqueue(*args, **kwargs)
    finally:
        connection.close()
