"""Benchmark search at 10,000 and 100,000 articles: median and 95th percentile (target 50 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x make bench   # a throwaway database
    BENCH_SEARCH_SIZES=10000 .venv/bin/python bench/search.py      # only the first size

Builds published German articles with bulk_create (the trigger fills the search vector),
rebuilds the search vocabulary (SearchWord, for compounds and "Did you mean"), then times the
ranked query with its COUNT and the ts_headline snippets of one result page, and the whole
/suche/ page through Django's test client (which adds the compound look-up and, for a query
with few hits, the suggestion). Then it adds articles up to the next size and measures again.
On SQLite it reports the plain-matching fallback for comparison.
"""

import os
import random
import re
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
# Loading 100,000 articles runs statements longer than the site's 10 s statement timeout
# (the trigger builds each row's vectors); the bench is not a reader.
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT", "0")
sys.path.insert(0, str(ROOT / "bench"))

from article_page import _throwaway_database  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SEARCH_SIZES", "10000,100000").split(",")]
RUNS = int(os.environ.get("BENCH_SEARCH_RUNS", "40"))
TARGET_MS = 50
WORDS = ("Bundestag Haushalt Koalition Bahn Streik Klima Energie Windkraft Schule Lehrer Miete "
         "Wohnung Stadt Gericht Urteil Polizei Wahl Taiwan China Europa Handel Zoll Inflation "
         "Preise Löhne Rente Gesundheit Klinik Pflege Fußball Pokal Theater Oper Film Buch "
         "Forschung Universität Digitalisierung Netz Datenschutz Landwirtschaft Wasser Hitze "
         "Verkehr Fahrrad Flughafen Hafen Export Industrie Stahl Chemie Mietenkrise "
         "Mediangehalt Mindestlohn Mietpreisbremse Bruttogehalt").split()  # fmt: skip
# Phrases, exclusions, German compounds ("Miete" finds "Mietenkrise") and a typo that gets
# "Meinten Sie: Mindestlohn?".
QUERIES = ["Bahn Streik", "Windkraft", '"Haushalt der Koalition"', "Klima -Hitze", "Gericht",
           "Miete", "Gehalt", "Mindeslohn"]  # fmt: skip


# Like real news text: mostly a long tail of ordinary words, each topic word rare, so a
# query matches a few hundred articles rather than all of them (Zipf-like weights).
def pseudo_word(i: int) -> str:
    """Letters only, like real words, so they enter the vocabulary: "wortab", "wortac", ..."""
    letters = ""
    while True:
        i, r = divmod(i, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[r]
        if i == 0:
            return "wort" + letters


FILLER = [pseudo_word(i) for i in range(20000)]
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


SUGGESTION = re.compile(r'class="search-page__suggestion">[^<]*<a [^>]*>([^<]*)</a>')


def p95(samples) -> float:
    """The 95th percentile in ms (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000


def build(rnd, section, start: int, stop: int) -> None:
    from django.utils import timezone

    from articles.models import Article

    now = timezone.now()
    for chunk in range(start, stop, 10_000):
        Article.objects.bulk_create(
            [
                Article(
                    headline=sentence(rnd, 8), kicker=rnd.choice(WORDS), lead=sentence(rnd, 30),
                    body="\n\n".join(sentence(rnd, 60) for _ in range(8)), slug=f"artikel-{i}",
                    section=section, status="published",
                    published_at=now - timezone.timedelta(hours=i),
                )
                for i in range(chunk, min(chunk + 10_000, stop))
            ],
            batch_size=1000,
        )  # fmt: skip


# Beyond the first size, PostgreSQL gets copies of the generated articles (new slugs and
# times, the same texts and stored vectors, the trigger off while copying): the index and
# the vocabulary grow as they would, and 100,000 articles load in a minute instead of an
# hour on a busy machine. BENCH_SEARCH_COPY=0 generates every article instead.
COPY_BEYOND_FIRST = os.environ.get("BENCH_SEARCH_COPY", "1") != "0"


def copy(have: int, size: int) -> None:
    from django.db import connection

    from articles.models import Article

    columns = [
        f.column
        for f in Article._meta.concrete_fields
        if f.column not in ("id", "slug", "published_at")
    ]
    names = ", ".join(columns)
    trigger = "articles_article_search_vector"
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE articles_article DISABLE TRIGGER {trigger}")
        try:
            for start in range(have, size, have):
                count = min(have, size - start)
                cursor.execute(
                    f"INSERT INTO articles_article (slug, published_at, {names}) "
                    f"SELECT 'artikel-' || (id + %s), published_at - make_interval(hours => %s), "
                    f"{names} FROM articles_article ORDER BY id LIMIT %s",
                    [start + 10_000_000, start, count],
                )
        finally:
            cursor.execute(f"ALTER TABLE articles_article ENABLE TRIGGER {trigger}")


def run(description: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from articles.models import Section
    from articles.search import search_words_rebuild

    call_command("migrate", verbosity=0, interactive=False)
    rnd = random.Random(13)
    section = Section.objects.create(name="Politik", slug="politik")
    print(f"Search benchmark on {description}")
    have, worst = 0, {}
    for size in SIZES:
        start = time.perf_counter()
        copied = bool(have) and connection.vendor == "postgresql" and COPY_BEYOND_FIRST
        if copied:
            copy(have, size)  # the generated articles again, with their stored vectors
        else:
            build(rnd, section, have, size)
            first = size
        have = size
        built = time.perf_counter() - start
        with connection.cursor() as cursor:
            # What autovacuum does on a live site shortly after a bulk load.
            cursor.execute("VACUUM ANALYZE articles_article")
        start = time.perf_counter()
        if copied:  # the same texts again: the same words, each in more articles
            with connection.cursor() as cursor:
                cursor.execute("UPDATE articles_searchword SET ndoc = ndoc * %s", [size // first])
                words = cursor.rowcount
        else:
            words = search_words_rebuild()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE articles_searchword")
        vocabulary = time.perf_counter() - start
        how = "copied from the first" if copied else "generated"
        print(f"\n{size:,} articles ({how}, added in {built:.1f} s; vocabulary of {words:,} "
              f"words {'scaled' if copied else 'rebuilt'} in {vocabulary:.1f} s)")  # fmt: skip
        print(f"{RUNS} runs per query, ms as median / p95\n")
        worst[size] = measure()
    load = os.getloadavg()[0]
    print(f"\nLoad average during the run: {load:.1f} on {os.cpu_count()} CPUs")
    for size, (median_ms, p95_ms) in worst.items():
        verdict = "meets" if p95_ms < TARGET_MS else "MISSES"
        print(
            f"{size:>7,} articles: slowest query + snippets median {median_ms:.1f} ms, "
            f"p95 {p95_ms:.1f} ms ({verdict} the {TARGET_MS} ms target at p95"
            f"{'' if connection.vendor == 'postgresql' else '; the target is for PostgreSQL'})"
        )


def measure() -> tuple[float, float]:
    """Print one line per query; return the slowest (median, p95) of query + snippets."""
    from django.test import Client

    from articles.models import Article
    from articles.search import article_search, full_text_plan, full_text_query, snippets

    print(f"{'query':<28} {'matches':>8} {'query+count':>14} {'snippets':>12} {'page':>14}")
    client = Client()
    worst = (0.0, 0.0)
    for q in QUERIES:
        timings, snippet_t, both, page_t = [], [], [], []
        suggestion = None
        for _ in range(RUNS):
            t0 = time.perf_counter()
            with full_text_plan():
                queries = full_text_query(q)
                results = article_search(q=q, queries=queries)
                count = results.count()
                page = list(results[:10])
                t1 = time.perf_counter()
                snippets(page, q, queries)
            t2 = time.perf_counter()
            response = client.get("/suche/", {"q": q})
            t3 = time.perf_counter()
            assert response.status_code == 200
            found = SUGGESTION.search(response.content.decode())
            suggestion = found.group(1) if found else None
            timings.append(t1 - t0)
            snippet_t.append(t2 - t1)
            both.append(t2 - t0)
            page_t.append(t3 - t2)
        worst = max(worst, (statistics.median(both) * 1000, p95(both)), key=lambda w: w[1])
        label = f"{q} -> {suggestion}" if suggestion else q
        print(f"{label:<28} {count:>8,} {statistics.median(timings) * 1000:>6.1f} / "
              f"{p95(timings):>5.1f} {statistics.median(snippet_t) * 1000:>5.1f} / "
              f"{p95(snippet_t):>4.1f} {statistics.median(page_t) * 1000:>6.1f} / "
              f"{p95(page_t):>5.1f}")  # fmt: skip
    reference = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        list(Article.objects.for_listing()[:10])
        reference.append(time.perf_counter() - t0)
    print(f"{'(reference: newest 10, no search)':<37} "
          f"{statistics.median(reference) * 1000:>6.1f} / {p95(reference):>5.1f}")  # fmt: skip
    return worst


if __name__ == "__main__":
    main()
