"""`manage.py dsa_erase_hidden [--days N] [--dry-run]`: erase the text of comments hidden for
longer than ModerationSettings.retention_days (default 365). The comment row stays, so the
thread keeps its shape and the statement of reasons its subject; only the words go.
It also erases the text of refused comments older than refused_retention_days (default 30);
`--refused-days N` overrides that period."""

from django.core.management.base import BaseCommand

from comments.moderation.retention import hidden_comments_erase, refused_comments_erase


class Command(BaseCommand):
    help = "Erase the text of comments hidden longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Override the retention period (days).")
        parser.add_argument(
            "--refused-days", type=int, help="Override the period for refused comments (days)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count.")

    def handle(self, *args, **options):
        count = hidden_comments_erase(days=options["days"], dry_run=options["dry_run"])
        verb = "would be erased" if options["dry_run"] else "erased"
        self.stdout.write(f"{count} hidden comments {verb}.")
        refused = refused_comments_erase(days=options["refused_days"], dry_run=options["dry_run"])
        self.stdout.write(f"{refused} refused comments {verb}.")
