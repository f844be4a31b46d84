"""Write the view counters from the cache to the database (run every minute from cron)."""

from django.core.management.base import BaseCommand

from articles.view_counts import views_flush, views_flush_all


class Command(BaseCommand):
    help = (
        "Write counted article views from the cache into hourly rows. Views reach the "
        "database one run after they were counted; --all writes everything now."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="flush_all",
            help="Flush twice, so no counted view is left behind.",
        )

    def handle(self, *args, flush_all=False, **options):
        written = views_flush_all() if flush_all else views_flush()
        self.stdout.write(f"{written} views written.")
