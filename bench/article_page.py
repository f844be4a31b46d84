"""Benchmark the article page and the reply write path at 10, 1,000 and 5,000 comments.

    make bench                       # SQLite in a temporary file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x make bench
                                     # PostgreSQL: a throwaway database on that server

Everything runs in-process through Django's test client (middleware, view, templates), so
"server time" excludes the network and the web server. The database is created, migrated
and dropped by this script; your own data is never touched.
"""

import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_RATE_LIMIT_MULTIPLIER"] = "0"  # we post hundreds of replies
os.environ["NEWSROOM_SPAM_MIN_SECONDS"] = "0"  # and faster than a human would

PAGE_RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "15"))
POST_RUNS = int(os.environ.get("BENCH_POST_RUNS", "40"))
SIZES = (10, 1_000, 5_000)


def _throwaway_database() -> tuple[str, callable]:
    """Point DATABASE_URL at a new, empty database; return (description, cleanup)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(url)
        name = f"nr_bench_{uuid.uuid4().hex[:8]}"
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))

        def cleanup():
            from django.db import connections

            connections.close_all()
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

        return f"PostgreSQL ({parts.hostname}, throwaway database {name})", cleanup
    directory = tempfile.mkdtemp(prefix="nr-bench-")
    path = Path(directory) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"

    def cleanup():
        for file in Path(directory).glob("*"):
            file.unlink()
        os.rmdir(directory)

    return f"SQLite ({path})", cleanup


def _median_ms(samples) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    # Ctrl-C and SIGTERM still drop the throwaway database (SystemExit runs `finally`).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    description, cleanup = _throwaway_database()
    import django

    django.setup()
    try:
        run(description)
    finally:
        cleanup()


def run(description: str) -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    # No setup_test_environment(): its instrumented template rendering copies the context
    # for every included template and would double the measured render time.
    override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend").enable()
    call_command("migrate", verbosity=0, interactive=False)

    from accounts.models import User
    from articles.models import Article, Section
    from comments.models import Comment
    from comments.seeding import demo_readers, plan_thread, seed_article, thread_insert

    print(f"Newsroom comment benchmark on {description}")
    print(f"page: median of {PAGE_RUNS} requests; posting: median of {POST_RUNS} replies")
    print()

    section = Section.objects.create(name="Politik", slug="politik")

    def make_article(slug: str) -> Article:
        return Article.objects.create(
            headline=f"Benchmark {slug}",
            slug=slug,
            lead="Ein Artikel für den Benchmark.",
            body="Erster Absatz.\n\nZweiter Absatz.",
            status="published",
            section=section,
        )

    started = time.perf_counter()
    articles = {}
    for size in SIZES:
        articles[size] = make_article(f"bench-{size}")
        seed_article(article=articles[size], count=size, seed=size)
    print(f"seeded {sum(SIZES)} comments in {time.perf_counter() - started:.1f} s")

    reader = User.objects.create(
        username="bench_reader", display_name="Bench Leserin", email_verified=True
    )
    client = Client()

    def measure_page(url: str, *, cached: bool) -> tuple[int, float, int]:
        client.get(url)  # warm-up (singletons, template loading)
        queries = None
        samples = []
        size = 0
        for _ in range(PAGE_RUNS):
            if not cached:
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
            size = len(response.content)
            queries = len(ctx.captured_queries)
        return queries, _median_ms(samples), size

    header = f"{'comments':>8}  {'view':<34} {'queries':>7}  {'median ms':>9}  {'HTML kB':>7}"
    print()
    print("Article page (anonymous reader; 'uncached' clears the thread cache every time)")
    print(header)
    for size in SIZES:
        article = articles[size]
        url = article.get_absolute_url()
        roots = Comment.objects.filter(article=article, level=0).count()
        rows = [
            (
                f"first page ({min(roots, settings.COMMENT_THREADS_PER_PAGE)} threads), uncached",
                url,
                False,
                None,
            ),
            ("first page, cached thread", url, True, None),
            (f"whole thread ({roots} threads), uncached", url, False, 100_000),
        ]
        for label, target, cached, per_page in rows:
            with override_settings(
                COMMENT_THREADS_PER_PAGE=per_page or settings.COMMENT_THREADS_PER_PAGE
            ):
                queries, median, html = measure_page(target, cached=cached)
            print(f"{size:>8}  {label:<34} {queries:>7}  {median:>9.1f}  {html / 1024:>7.0f}")

    client.force_login(reader)
    print()
    print("Logged-in reader (never cached), first page")
    print(header)
    for size in SIZES:
        queries, median, html = measure_page(articles[size].get_absolute_url(), cached=True)
        print(f"{size:>8}  {'first page':<34} {queries:>7}  {median:>9.1f}  {html / 1024:>7.0f}")

    # --- Posting a reply -------------------------------------------------------------------
    readers = demo_readers()
    rng = random.Random(5)
    small_article = make_article("bench-small-thread")
    big_article = make_article("bench-big-thread")
    small = thread_insert(article=small_article, nodes=plan_thread(rng, readers, 9))
    started = time.perf_counter()
    big = thread_insert(article=big_article, nodes=plan_thread(rng, readers, 4_999))
    print()
    print(f"thread of {len(big)} comments inserted in {time.perf_counter() - started:.1f} s")

    from django.urls import reverse

    def post_once(article, parent, n) -> tuple[float, int]:
        url = reverse("comments:post", kwargs={"article_pk": article.pk})
        connection.queries_log.clear()  # the log holds 9,000 queries; keep counts exact
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.post(url, {"body": f"Antwort Nummer {n}", "parent": parent.pk})
            elapsed = time.perf_counter() - t0
        assert response.status_code == 302, response.content[:500]
        return elapsed, len(ctx.captured_queries)

    def end_of_thread(thread):
        # The lively end of a discussion: the last comment in reading order (max lft).
        return lambda: Comment.objects.filter(tree_id=thread[0].tree_id).order_by("-lft").first()

    def random_comment(thread):
        pool = [c.pk for c in thread]
        return lambda: Comment.objects.get(pk=rng.choice(pool))

    print()
    print("Posting a reply (POST, validation, tree lock, insert, notifications, redirect);")
    print("small and big posts alternate, so machine load hits both alike")
    print(f"{'parent':<36} {'thread':<22} {'queries':>7}  {'median ms':>9}")
    ratios = {}
    for where, picker in (
        ("last comment of the thread", end_of_thread),
        ("random comment of the thread", random_comment),
    ):
        samples = {"small": [], "big": []}
        queries = {}
        pickers = {"small": picker(small), "big": picker(big)}
        articles = {"small": small_article, "big": big_article}
        for n in range(POST_RUNS + 2):
            for key in ("small", "big"):
                elapsed, count = post_once(articles[key], pickers[key](), n)
                if n >= 2:  # the first posts warm up caches and singletons
                    samples[key].append(elapsed)
                    queries[key] = count
        for key, label in (("small", "small (10 comments)"), ("big", "big (5,000 comments)")):
            print(f"{where:<36} {label:<22} {queries[key]:>7}  {_median_ms(samples[key]):>9.1f}")
        ratios[where] = _median_ms(samples["big"]) / _median_ms(samples["small"])
    print()
    for where, ratio in ratios.items():
        print(f"big/small, reply to the {where}: {ratio:.2f}x (target <= 1.5x)")

    from comments.integrity import find_problems

    problems = find_problems(rebuild=False)
    print(f"tree check after the benchmark: {'sound' if not problems else problems[:3]}")


if __name__ == "__main__":
    main()
