"""The article page at 1,000 comments with and without recommendations and editors' picks.

    make bench            # runs bench/article_page.py, then this script
    .venv/bin/python bench/recommendations.py

Two articles with the same seeded 1,000 comments; on one, a third of the comments carry
recommendations (and the logged-in reader's own), every 25th is an editors' pick and the
reader has muted a few authors. The query count must be the same on both, for anonymous
and logged-in readers, in every tab. Runs on a throwaway database like article_page.py.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ["NEWSROOM_RATE_LIMIT_MULTIPLIER"] = "0"

from article_page import PAGE_RUNS, _median_ms, _throwaway_database  # noqa: E402

SIZE = 1_000


def main() -> None:
    description, cleanup = _throwaway_database()
    import django

    django.setup()
    try:
        run(description)
    finally:
        cleanup()


def run(description: str) -> None:
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend").enable()
    call_command("migrate", verbosity=0, interactive=False)

    from django.utils import timezone

    from accounts.models import Mute, User
    from articles.models import Article, Section
    from comments.models import Comment, Recommendation
    from comments.seeding import seed_article

    print(f"Recommendations and picks benchmark on {description}")
    section = Section.objects.create(name="Politik", slug="politik")

    def make_article(slug: str) -> Article:
        return Article.objects.create(
            headline=f"Benchmark {slug}", slug=slug, lead="Lead.", body="Text.",
            status="published", section=section,
        )  # fmt: skip

    plain, busy = make_article("plain"), make_article("busy")
    for article in (plain, busy):
        seed_article(article=article, count=SIZE, seed=SIZE)
    reader = User.objects.create(
        username="bench_reader", display_name="Leserin", email_verified=True
    )
    fans = [User.objects.create(username=f"fan_{n}", display_name=f"Fan {n}") for n in range(5)]
    visible = list(Comment.objects.filter(article=busy, status="visible").order_by("pk"))
    rows = [Recommendation(comment=c, user=f) for c in visible[::3] for f in fans]
    rows += [Recommendation(comment=c, user=reader) for c in visible[::9]]
    Recommendation.objects.bulk_create(rows)
    Comment.objects.filter(pk__in=[c.pk for c in visible[::3]]).update(recommendation_count=5)
    Comment.objects.filter(pk__in=[c.pk for c in visible[::25]]).update(
        picked_at=timezone.now(), pick_note="Lesenswert"
    )
    for author_id in {c.author_id for c in visible[:20]}:
        if author_id != reader.pk:
            Mute.objects.get_or_create(user=reader, muted_id=author_id)
    print(
        f"{SIZE} comments each; busy article: {len(rows)} recommendations, "
        f"{len(visible[::25])} picks, {Mute.objects.count()} mutes"
    )
    print()

    def measure(client, url) -> tuple[int, float]:
        client.get(url)
        samples, queries = [], 0
        for _ in range(PAGE_RUNS):
            cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - t0)
            assert response.status_code == 200, response.status_code
            queries = len(ctx.captured_queries)
        return queries, _median_ms(samples)

    print(f"{'reader':<10} {'tab':<22} {'plain q':>7} {'busy q':>7} {'plain ms':>9} {'busy ms':>9}")
    same = True
    for who in ("anonymous", "logged-in"):
        client = Client()
        if who == "logged-in":
            client.force_login(reader)
        for tab in ("oldest", "newest", "recommended", "picks"):
            query = "" if tab == "oldest" else f"?sort={tab}"
            plain_q, plain_ms = measure(client, plain.get_absolute_url() + query)
            busy_q, busy_ms = measure(client, busy.get_absolute_url() + query)
            # An empty picks tab skips fetching its (empty) page: compare against one pick.
            if tab == "picks" and plain_q != busy_q:
                Comment.objects.filter(pk=Comment.objects.filter(article=plain).first().pk).update(
                    picked_at=timezone.now()
                )
                plain_q, plain_ms = measure(client, plain.get_absolute_url() + query)
            same &= plain_q == busy_q
            print(f"{who:<10} {tab:<22} {plain_q:>7} {busy_q:>7} {plain_ms:>9.1f} {busy_ms:>9.1f}")
    print()
    print("same query count with recommendations and picks:", "yes" if same else "NO")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
