"""Train the moderation assistant now (cron runs this nightly; see docs/deploy.md)."""

from django.core.management.base import BaseCommand, CommandError

from comments.moderation.assistant import learning, training
from comments.moderation.models import AssistantVersion


class Command(BaseCommand):
    help = (
        "Train the moderation assistant on the site's own decisions; the new model replaces "
        "the active one only if it is at least as good on the most recent decisions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--trigger",
            choices=[AssistantVersion.Trigger.NIGHTLY, AssistantVersion.Trigger.MANUAL],
            default=AssistantVersion.Trigger.NIGHTLY,
        )

    def handle(self, *args, trigger, **options):
        try:
            version = learning.assistant_train(trigger=trigger)
        except training.NotEnoughData as exc:
            raise CommandError(f"Not trained: {exc}.") from None
        m = version.metrics
        verdict = "activated" if version.is_active else "kept the active model"
        self.stdout.write(
            f"v{version.number}: {version.data_size} decisions, hold-out precision "
            f"{m.get('precision', 0):.3f}, recall {m.get('recall', 0):.3f}; {verdict} "
            f"({version.comparison.get('reason', '')})."
        )
