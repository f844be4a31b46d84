"""Demo records of the DSA chain, so the moderators' Art. 15 page has something to show.

`make run` (through seed_demo) calls it once: notices, decisions, statements of reasons and
complaints on the demo threads. Every record is made by the service a moderator's click or a
reader's form uses (the same checks, statements and four eyes), then dated back between the
comment's time and now, in the order it happened: the demo's articles are days old, so the
records are too.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from comments.models import Comment
from comments.moderation.dsa.appeals import appeal_create, appeal_decide
from comments.moderation.dsa.notices import notice_create, notice_decide
from comments.moderation.models import Appeal, HideReason, LegalGround, Notice, Statement
from comments.moderation.services import comment_hide

# (notices, of which acted on, own-initiative hides, complaints) per round.
PLAN = [(4, 2, 3, 1), (5, 2, 3, 2), (3, 1, 2, 1)]
GROUNDS = [LegalGround.STGB_185, LegalGround.STGB_186, LegalGround.STGB_130, LegalGround.STGB_241]
NOTICE_TEXT = (
    "Der Beitrag beleidigt eine namentlich genannte Person und behauptet Tatsachen, die "
    "nachweislich nicht stimmen."
)
FACTS = "Der Kommentar bezeichnet eine andere Person herabsetzend und ohne sachlichen Bezug."
HIDE_REASONS = [HideReason.INSULT, HideReason.OFF_TOPIC, HideReason.SPAM, HideReason.PRIVACY]
COMPLAINT = "Ich habe niemanden beleidigt, das war zugespitzt, aber sachlich gemeint."
SECOND_MODERATOR = "rechtsabteilung-demo"


class Command(BaseCommand):
    help = "Add demo DSA records (notices, statements, complaints). Idempotent."

    def handle(self, *args, **options):
        if Notice.objects.exists() or Statement.objects.exists():
            self.stdout.write("DSA records exist already; no demo records added.")
            return
        moderator = get_user_model().objects.filter(groups__name="Moderators").first()
        if moderator is None:
            self.stdout.write("No moderator account; no demo DSA records added.")
            return
        # The demo readers have no inboxes: the mails go nowhere, and the per-inbox mail
        # limit (which would withhold them after five an hour) does not count them.
        quiet = {
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "RATE_LIMIT_MULTIPLIER": 0,
        }
        with override_settings(**quiet):
            with transaction.atomic():
                counts = self.seed(moderator, random.Random(22))
        self.stdout.write(
            "DSA demo: {} notices, {} statements of reasons, {} complaints.".format(*counts)
        )

    def seed(self, moderator, rng) -> tuple[int, int, int]:
        second = self.second_moderator()
        readers = list(
            get_user_model()
            .objects.filter(is_staff=False, is_active=True, email_verified=True)
            .order_by("pk")
        )
        pool = list(
            Comment.objects.visible()
            .exclude(author=None)
            .exclude(author__is_staff=True)
            .select_related("article", "author")
            .order_by("pk")
        )
        rng.shuffle(pool)
        for round_number, (notices, acted, hides, complaints) in enumerate(PLAN):
            made = self.round(moderator, second, readers, pool, rng, notices, acted, hides)
            self.complaints(made, (moderator, second), complaints, reversed_one=round_number == 1)
            self.date_back(made)
        return Notice.objects.count(), Statement.objects.count(), Appeal.objects.count()

    def second_moderator(self):
        """A colleague for the four eyes on complaints; no password, so nobody signs in."""
        user, created = get_user_model().objects.get_or_create(
            username=SECOND_MODERATOR,
            defaults={"display_name": "Rechtsabteilung (Demo)", "email": "", "is_staff": True},
        )
        if created:
            user.set_unusable_password()
            user.save()
            user.groups.add(Group.objects.get(name="Moderators"))
        return user

    def round(self, moderator, second, readers, pool, rng, notices, acted, hides) -> list:
        statements = []
        for number in range(notices):
            comment = pool.pop()
            notifiers = [r for r in readers if r.pk != comment.author_id]
            notifier = rng.choice(notifiers) if number % 3 and notifiers else None
            notice = notice_create(
                comment=comment,
                legal_ground=rng.choice(GROUNDS),
                explanation=NOTICE_TEXT,
                location=comment.article.get_absolute_url() + f"#c{comment.pk}",
                bona_fide=True,
                notifier=notifier,
                name="" if notifier else "Hinweisgeberin (Demo)",
                email="" if notifier else f"hinweis-{comment.pk}@example.org",
            )
            decider = moderator if number % 2 else second
            act = number < acted
            notice = notice_decide(
                notice=notice,
                moderator=decider,
                act=act,
                decision_text=(
                    "Der Kommentar verletzt die genannte Vorschrift und ist ausgeblendet."
                    if act
                    else "Der Kommentar ist zugespitzt, aber von der Meinungsfreiheit gedeckt."
                ),
                legal_ground=notice.legal_ground,
                facts=FACTS if act else "",
            )
            statements.extend(Statement.objects.filter(notice=notice))
            statements.append(notice)
        for _ in range(hides):
            comment = pool.pop()
            comment_hide(
                comment=comment,
                moderator=moderator,
                reason=rng.choice(HIDE_REASONS),
                explanation="Der Beitrag verstößt gegen unsere Diskussionsregeln.",
                facts=FACTS,
            )
            statements.extend(Statement.objects.filter(comment=comment))
        return statements

    def complaints(self, made, moderators, count, *, reversed_one) -> None:
        authors = [s for s in made if isinstance(s, Statement) and s.user_id]
        for number, statement in enumerate(authors[:count]):
            try:
                appeal = appeal_create(
                    appellant=statement.user, text=COMPLAINT, statement=statement
                )
            except ValidationError:
                continue
            made.append(appeal)
            if number == 1:
                continue  # stays open: the desk shows a complaint to decide
            # Four eyes: the colleague of whoever decided.
            decider = moderators[statement.decided_by_id == moderators[0].pk]
            appeal_decide(
                appeal=appeal,
                moderator=decider,
                reverse_decision=reversed_one and number == 0,
                text="Wir haben die Entscheidung geprüft.",
            )

    def date_back(self, made) -> None:
        """Date each record between its comment's time and now: notice, then decision."""
        now = timezone.now()
        for record in made:
            comment = self.comment_of(record)
            if comment is None:
                continue
            span = now - comment.created_at
            model = type(record)
            fields = {"created_at": comment.created_at + span * 0.3}
            if model is Statement:
                fields = {"created_at": comment.created_at + span * 0.5}
                fields["application_date"] = fields["created_at"]
            elif model is Appeal:
                fields = {"created_at": comment.created_at + span * 0.6}
            model.objects.filter(pk=record.pk).update(**fields)
            if model is not Statement:  # notices and complaints record their decision
                decided = comment.created_at + span * (0.5 if model is Notice else 0.8)
                model.objects.filter(pk=record.pk, decided_at__isnull=False).update(
                    decided_at=decided
                )

    @staticmethod
    def comment_of(record):
        if isinstance(record, Appeal):
            record = record.statement or record.notice
        return record.comment if record is not None else None
