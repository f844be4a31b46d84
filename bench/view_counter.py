"""What counting a page view costs, and what the batch flush costs.

    make bench-views                          # local-memory cache, SQLite in a temporary file
    CACHE_URL=redis://127.0.0.1:6379/9 make bench-views   # the production cache backend

Prints: the cost of one view_record() call, the article page with and without counting (a
browser's and a bot's User-Agent; the difference is the counting), the database writes in
the request path (must be 0), and the time to flush many counters into hourly rows.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_VIEW_FLUSH_EVERY"] = "0"  # measure the request alone; flush explicitly
DIRECTORY = tempfile.mkdtemp(prefix="nr-bench-views-")
os.environ["DATABASE_URL"] = f"sqlite:///{Path(DIRECTORY) / 'bench.sqlite3'}"

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36"
BOT = "Googlebot/2.1 (+http://www.google.com/bot.html)"
CALLS = int(os.environ.get("BENCH_VIEW_CALLS", "20000"))
PAGE_RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "200"))
FLUSH_ARTICLES = int(os.environ.get("BENCH_FLUSH_ARTICLES", "1000"))


def main() -> None:
    import django

    django.setup()
    try:
        run()
    finally:
        for file in Path(DIRECTORY).glob("*"):
            file.unlink()
        os.rmdir(DIRECTORY)


def run() -> None:
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles import popularity, view_counts
    from articles.models import Article, ArticleViewCount, Section

    call_command("migrate", verbosity=0, interactive=False)
    cache.clear()
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"View counting benchmark: cache {backend}, database SQLite (temporary file)")

    section = Section.objects.create(name="Politik", slug="politik")
    articles = Article.objects.bulk_create(
        Article(
            headline=f"Artikel {n}",
            slug=f"artikel-{n}",
            lead="Vorspann.",
            body="Text.",
            body_html="<p>Text.</p>",
            status="published",
            section=section,
        )
        for n in range(FLUSH_ARTICLES)
    )

    # 1. One call, in a tight loop over 100 articles.
    started = time.perf_counter()
    for n in range(CALLS):
        popularity.view_record(article_id=articles[n % 100].pk)
    per_call_us = (time.perf_counter() - started) / CALLS * 1e6
    print(f"view_record(): {per_call_us:.1f} µs per view ({CALLS} calls, 100 articles)")
    view_counts.views_flush_all()

    # 2. The article page with and without counting.
    client = Client()
    url = articles[0].get_absolute_url()

    # Interleaved, so that a busy machine slows both kinds of request alike.
    samples = {BROWSER: [], BOT: []}
    client.get(url, HTTP_USER_AGENT=BOT)
    for _ in range(PAGE_RUNS):
        for ua in (BROWSER, BOT):
            t0 = time.perf_counter()
            response = client.get(url, HTTP_USER_AGENT=ua)
            samples[ua].append(time.perf_counter() - t0)
            assert response.status_code == 200
    counted = statistics.median(samples[BROWSER]) * 1000
    uncounted = statistics.median(samples[BOT]) * 1000
    print(
        f"article page, median of {PAGE_RUNS} each, interleaved: counted {counted:.2f} ms, "
        f"bot (not counted) {uncounted:.2f} ms, difference {counted - uncounted:+.2f} ms"
    )
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, HTTP_USER_AGENT=BROWSER)
    writes = [q for q in ctx.captured_queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    print(f"database writes in the request path: {len(writes)} of {len(ctx.captured_queries)}")
    view_counts.views_flush_all()
    ArticleViewCount.objects.all().delete()

    # 3. The batch flush: every article read 100 times.
    for article in articles:
        for _ in range(100):
            popularity.view_record(article_id=article.pk)
    view_counts.views_flush()  # closes the generation
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        written = view_counts.views_flush()
        elapsed = (time.perf_counter() - started) * 1000
    print(
        f"flush: {written} views of {len(articles)} articles in {elapsed:.0f} ms, "
        f"{len(ctx.captured_queries)} queries"
    )


if __name__ == "__main__":
    main()
