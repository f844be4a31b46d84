from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from comments.seeding import seed_article


class Command(BaseCommand):
    help = (
        "Add N realistic German comments to an article: about a third top-level, replies at "
        "varied depths, a few long threads, mentions, demo readers. Idempotent per --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The article's slug.")
        parser.add_argument("--count", type=int, default=60)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, slug, count, seed, **options):
        article = Article.objects.filter(slug=slug).first()
        if article is None:
            raise CommandError(f"No article with the slug {slug!r}.")
        if count < 0:
            raise CommandError("--count must not be negative.")
        added, already = seed_article(article=article, count=count, seed=seed)
        if already:
            self.stdout.write(f"{slug}: already seeded with seed {seed}; nothing added.")
        else:
            self.stdout.write(f"{slug}: {added} comments added (seed {seed}).")
