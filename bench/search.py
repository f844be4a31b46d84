"""Benchmark search over 10,000 articles (target: under 50 ms on PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x make bench   # a throwaway database

Builds 10,000 published German articles with bulk_create (the trigger fills the search
vector), then times the ranked query with its COUNT and the ts_headline snippets of one
result page, and the whole /suche/ page through Django's test client. On SQLite it reports
the plain-matching fallback for comparison.
"""

import os
import random
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
sys.path.insert(0, str(ROOT / "bench"))

from article_page import _throwaway_database  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_SEARCH_ARTICLES", "10000"))
RUNS = int(os.environ.get("BENCH_SEARCH_RUNS", "25"))
TARGET_MS = 50
WORDS = ("Bundestag Haushalt Koalition Bahn Streik Klima Energie Windkraft Schule Lehrer Miete "
         "Wohnung Stadt Gericht Urteil Polizei Wahl Taiwan China Europa Handel Zoll Inflation "
         "Preise Löhne Rente Gesundheit Klinik Pflege Fußball Pokal Theater Oper Film Buch "
         "Forschung Universität Digitalisierung Netz Datenschutz Landwirtschaft Wasser Hitze "
         "Verkehr Fahrrad Flughafen Hafen Export Industrie Stahl Chemie").split()  # fmt: skip
QUERIES = ["Bahn Streik", "Windkraft", '"Haushalt der Koalition"', "Klima -Hitze", "Gericht"]


# Like real news text: mostly a long tail of ordinary words, each topic word rare, so a
# query matches a few hundred articles rather than all of them (Zipf-like weights).
FILLER = [f"wort{i}" for i in range(4000)]
VOCABULARY = WORDS + FILLER
WEIGHTS = [0.3] * len(WORDS) + [40.0 / (1 + i) ** 0.8 for i in range(len(FILLER))]


def sentence(rnd, n):
    return " ".join(rnd.choices(VOCABULARY, WEIGHTS, k=n)).capitalize() + "."


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    description, cleanup = _throwaway_database()
    import django

    django.setup()
    try:
        run(description)
    finally:
        cleanup()


def run(description: str) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from articles.models import Article, Section
    from articles.search import article_search, full_text_plan, snippets

    call_command("migrate", verbosity=0, interactive=False)
    rnd = random.Random(13)
    section = Section.objects.create(name="Politik", slug="politik")
    now = timezone.now()
    start = time.perf_counter()
    Article.objects.bulk_create(
        [
            Article(
                headline=sentence(rnd, 8), kicker=rnd.choice(WORDS), lead=sentence(rnd, 30),
                body="\n\n".join(sentence(rnd, 60) for _ in range(8)), slug=f"artikel-{i}",
                section=section, status="published", published_at=now - timezone.timedelta(hours=i),
            )
            for i in range(ARTICLES)
        ],
        batch_size=1000,
    )  # fmt: skip
    built = time.perf_counter() - start
    with connection.cursor() as cursor:
        # What autovacuum does on a live site shortly after a bulk load.
        cursor.execute("VACUUM ANALYZE articles_article")
    print(f"Search benchmark on {description}")
    print(f"{ARTICLES:,} articles built in {built:.1f} s; {RUNS} runs per query, median ms\n")
    print(f"{'query':<28} {'matches':>8} {'query+count':>12} {'snippets':>9} {'page':>8}")
    client = Client()
    worst = 0.0
    for q in QUERIES:
        timings, snippet_t, page_t = [], [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            with full_text_plan():
                results = article_search(q=q)
                count = results.count()
                page = list(results[:10])
                t1 = time.perf_counter()
                snippets(page, q)
            t2 = time.perf_counter()
            response = client.get("/suche/", {"q": q})
            t3 = time.perf_counter()
            assert response.status_code == 200
            timings.append(t1 - t0)
            snippet_t.append(t2 - t1)
            page_t.append(t3 - t2)
        med = statistics.median(timings) * 1000
        worst = max(worst, med + statistics.median(snippet_t) * 1000)
        print(f"{q:<28} {count:>8,} {med:>12.1f} {statistics.median(snippet_t) * 1000:>9.1f} "
              f"{statistics.median(page_t) * 1000:>8.1f}")  # fmt: skip
    reference = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        list(Article.objects.for_listing()[:10])
        reference.append(time.perf_counter() - t0)
    print(f"{'(reference: newest 10, no search)':<37} {statistics.median(reference) * 1000:>12.1f}")
    load = os.getloadavg()[0]
    verdict = "meets" if worst < TARGET_MS else "MISSES"
    print(f"\nLoad average during the run: {load:.1f} on {os.cpu_count()} CPUs")
    print(
        f"Slowest query + snippets: {worst:.1f} ms ({verdict} the {TARGET_MS} ms target"
        f"{'' if connection.vendor == 'postgresql' else '; the target is for PostgreSQL'})"
    )


if __name__ == "__main__":
    main()
