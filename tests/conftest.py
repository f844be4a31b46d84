import os
import random
import shutil

import factory.random
import pytest

# One random seed per run, printed in the header: factories and the few tests that pick at
# random use it, so a run can be repeated (NEWSROOM_TEST_SEED=<seed>) and two runs with two
# seeds show that no test depends on what chance produced (issue 21).
SEED = int(os.environ.get("NEWSROOM_TEST_SEED") or random.SystemRandom().randrange(2**32))

CHROMIUM = os.environ.get("CHROMIUM_PATH", shutil.which("chromium") or "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; the ORM calls we make from
# test code there (setting up data) are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_report_header(config):
    return f"random seed: {SEED} (repeat with NEWSROOM_TEST_SEED={SEED})"


@pytest.fixture(autouse=True)
def _seeded():
    random.seed(SEED)
    factory.random.reseed_random(SEED)


@pytest.fixture(autouse=True)
def _fast_and_isolated(request, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    # The public address (mails, legal records) is the only source of absolute links: the
    # test client's host, or the live server a browser test follows mailed links to.
    settings.SITE_URL = "http://testserver"
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests post forms instantly; spam tests switch the minimum fill-in time back on.
    settings.SPAM_MIN_SECONDS = 0
    # No background flush of view counters: its thread would write beside the test's
    # transaction. tests/articles/test_popularity.py flushes explicitly.
    settings.VIEW_FLUSH_EVERY = 0
    # Tasks run in-process (the default backend); a failing one is retried at once, so a
    # test sees every attempt before it ends (tests/jobs covers the real back-off).
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", settings.EDGE_TASK_QUEUE],  # the edge purges' own queue
        }
    }
    settings.TASK_RETRY_DELAYS = [0, 0, 0]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _tasks_enqueue_as_in_autocommit(monkeypatch):
    """Tasks enqueued outside the code's own transactions run at once, as in production.

    pytest-django wraps a `django_db` test in a transaction that never commits, so a task
    enqueued after commit (newsroom.jobs) by code that runs in autocommit in production (a
    sign-up mail after its user row committed) would wait forever. Django's own durable
    check treats the test's blocks as absent (`_from_testcase`); so does this. Inside the
    code's own atomic blocks nothing changes: the callback waits for a commit, and
    `django_capture_on_commit_callbacks` runs it as before.
    """
    from django.db import connection

    from newsroom import jobs

    real = jobs._after_commit

    def after_commit(callback):
        if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            callback()
        else:
            real(callback)

    monkeypatch.setattr(jobs, "_after_commit", after_commit)


@pytest.fixture(autouse=True)
def _english_unless_german(request, settings, monkeypatch):
    """Assert on the English source strings; tests marked `german` see the real default.

    German is the site's default language (`LANGUAGE_CODE = "de"`, checked by the `german`
    tests); the rest of the suite reads the English msgids so that a translation change
    cannot break a behaviour test. English is chosen the way a reader chooses it: every test
    client carries the language cookie that the switcher sets (Accept-Language is ignored).
    """
    from django.test import Client
    from django.utils import translation

    if request.node.get_closest_marker("german"):
        yield
        return
    original_init = Client.__init__

    def init_with_language_cookie(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    monkeypatch.setattr(Client, "__init__", init_with_language_cookie)
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    # The site language is English too: code outside a request (e-mails, statements stored
    # in the site's language) and Playwright's contexts, which start without our cookie.
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _clear_cache(request):
    from django.core.cache import cache, caches

    cache.clear()
    yield
    cache.clear()
    # The limits store is a database table: test transactions roll it back, but transactional
    # tests (and their flush, which only knows model tables) would leave counts behind.
    if "django_db_setup" in request.fixturenames:
        with request.getfixturevalue("django_db_blocker").unblock():
            caches["ratelimit"].clear()


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every browser test runs under the enforced CSP; a blocked script or style fails it."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations = []
    page.on(
        "console",
        lambda m: (
            violations.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    yield
    assert violations == [], "CSP violations:\n" + "\n".join(violations)


@pytest.fixture(autouse=True)
def _close_left_contexts(request):
    """Close the browser contexts a test opened itself (logged_in_page, a second reader).

    A page left open keeps polling the session-wide live server (live updates, the desk's
    refresh) after its test: later tests that may not touch the database then print
    "Database access not allowed" tracebacks from the server thread, and a later browser
    test shares the server with it.
    """
    if "browser" not in request.fixturenames and "page" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    yield
    # Autouse: set up before pytest-playwright's `context`, so torn down after it; what is
    # left is the test's own.
    for context in list(browser.contexts):
        context.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's Chromium; Playwright's own browser download is not available here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object restore the serialized database, not only the first.

    Django keeps the snapshot for serialized rollback on the connection object that set up
    the test database. Connections are per thread, and inside a running event loop per
    context: Playwright's sync API runs one in the test's thread, so a browser test that
    comes after a plain test (the full run) gets a connection of its own, without the
    snapshot, and Django then silently skips the restore. Its flush re-creates content types
    and permissions, and the Moderators group and the Editors' permissions are gone.
    The snapshot is one per database, so it may live on the class.
    """
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents


def pytest_collection_modifyitems(items):
    """Give every transactional test a serialized rollback.

    A transactional test ends by flushing the database. Without serialized rollback the flush
    re-creates content types and permissions with new ids (and loses rows made by data
    migrations, such as the Editors and Moderators groups); a later test that does restore
    the serialized database then collides with them. Restoring for all of them keeps every
    test starting from the migrated database, in any order.
    """
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        kwargs = dict(marker.kwargs) if marker else {}
        if marker and marker.args:
            kwargs.setdefault("transaction", marker.args[0])
        transactional = kwargs.get("transaction") or {"live_server", "transactional_db"} & set(
            fixtures
        )
        if transactional:
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
