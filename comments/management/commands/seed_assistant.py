"""Demo only: moderator decisions from the assistant's corpus, then a first trained model."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Section
from comments.models import Comment
from comments.moderation.assistant import corpus, learning, training
from comments.moderation.models import (
    AssistantVersion,
    HideReason,
    ModerationAction,
    SectionAssistant,
)
from comments.seeding import PlannedComment, demo_readers, thread_insert
from comments.services import comment_count_recompute

ARCHIVE_SLUG = "demo-moderationsarchiv"
MARKER = "seed:assistant"
HIDE_REASONS = {
    "insult": HideReason.INSULT,
    "obfuscated": HideReason.INSULT,
    "dehumanising": HideReason.INSULT,
    "threat": HideReason.UNLAWFUL,
    "spam": HideReason.SPAM,
    "doxxing": HideReason.PRIVACY,
}


class Command(BaseCommand):
    help = (
        "Demo only: store the assistant's cold-start corpus as decided comments on an "
        "unpublished archive article, train a first model and switch holding on in every "
        "section. Production trains on the paper's own decisions (manage.py assistant_train)."
    )

    def handle(self, *args, **options):
        if AssistantVersion.objects.exists():
            self.stdout.write("The assistant has a model already; nothing seeded.")
            return
        moderator = (
            get_user_model().objects.filter(username="moderation").first()
            or get_user_model().objects.filter(is_superuser=True).first()
        )
        with transaction.atomic():
            added = self.seed_decisions(moderator)
        try:
            version = learning.assistant_train(trigger=AssistantVersion.Trigger.DEMO)
        except training.NotEnoughData as exc:
            self.stderr.write(f"The assistant was not trained: {exc}")
            return
        for section in Section.objects.all():
            SectionAssistant.objects.get_or_create(section=section, defaults={"enabled": True})
        m = version.metrics
        self.stdout.write(
            f"Moderation assistant: {added} demo decisions, model v{version.number} "
            f"(hold-out precision {m['precision']:.2f}, recall {m['recall']:.2f}); "
            "holding is on in every demo section."
        )

    def seed_decisions(self, moderator) -> int:
        if Comment.objects.filter(ip_hash=MARKER).exists():
            return 0
        section = Section.objects.order_by("pk").first()
        if section is None:
            section = Section.objects.create(slug="politik", name="Politik")
        now = timezone.now()
        article, _created = Article.objects.get_or_create(
            slug=ARCHIVE_SLUG,
            defaults={
                "headline": "Moderationsarchiv (Demo)",
                "lead": "Entschiedene Beispielkommentare: der Moderationsassistent lernt daraus.",
                "body": "Nicht veröffentlicht.",
                "status": Article.Status.DRAFT,
                "published_at": now - timedelta(days=60),
                "section": section,
                "comments_open": False,
            },
        )
        readers = demo_readers()
        decisions = corpus.decisions(until=now - timedelta(hours=1))
        reasons = {e.number: e.reason for e in corpus.examples()}
        actions = []
        for i, decision in enumerate(decisions):
            node = PlannedComment(
                author=readers[i % len(readers)],
                body=decision.text,
                parent=None,
                created_at=decision.decided_at - timedelta(minutes=20),
            )
            [comment] = thread_insert(article=article, nodes=[node], marker=MARKER)
            number = int(decision.key.split(":")[1])
            if decision.hold:
                reason = HIDE_REASONS.get(reasons[number], HideReason.OTHER)
                Comment.objects.filter(pk=comment.pk).update(
                    status=Comment.Status.HIDDEN,
                    hidden_reason=reason,
                    hidden_by=moderator,
                    hidden_at=decision.decided_at,
                )
                kind = ModerationAction.Kind.HIDE
            else:
                reason, kind = "", ModerationAction.Kind.APPROVE
            actions.append(
                ModerationAction(
                    actor=moderator,
                    kind=kind,
                    comment=comment,
                    article=article,
                    reason=reason,
                    note="Demo",
                    created_at=decision.decided_at,
                )
            )
        ModerationAction.objects.bulk_create(actions)
        comment_count_recompute(article_id=article.pk)
        return len(actions)
