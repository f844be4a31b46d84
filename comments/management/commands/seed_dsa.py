"""Demo records of the DSA chain, so the moderators' Art. 15 page has something to show.

`make run` (through seed_demo) calls it once: notices, decisions, statements of reasons and
complaints on the demo threads. Every record is made by the service a moderator's click or a
reader's form uses (the same checks, statements and four eyes), then dated back between the
comment's time and now, in the order it happened: the demo's articles are days old, so the
records are too.
"""

import random
from datetime import timedelta

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
from comments.seeding import PlannedComment, thread_insert

# (notices, of which acted on, own-initiative hides, complaints) per round.
PLAN = [(4, 2, 3, 1), (5, 2, 3, 2), (3, 1, 2, 1)]
# The comments moderators act on are planted, each fitting its ground; notices that are
# rejected name ordinary comments of the demo threads, as real notices often do.
# (legal ground, the comment, the notifier's words, the moderator's facts)
OFFENCES = [
    (
        LegalGround.STGB_186,
        "Der Kämmerer hat sich von der Baufirma schmieren lassen, das weiß in der Stadt jeder.",
        "Der Beitrag behauptet ohne jeden Beleg, der Kämmerer sei bestochen worden.",
        "Der Kommentar behauptet als Tatsache und ohne Beleg, ein Amtsträger sei bestochen worden.",
    ),
    (
        LegalGround.STGB_185,
        "Stadtrat Meier ist ein erbärmlicher Schwachkopf und Betrüger, mehr muss man nicht sagen.",
        "Der Beitrag beschimpft einen Stadtrat mit Namen.",
        "Der Kommentar beschimpft einen namentlich genannten "
        "Stadtrat als Schwachkopf und Betrüger.",
    ),
    (
        LegalGround.STGB_241,
        "Wenn der Bürgermeister so weitermacht, sollte man ihm mal "
        "nachts vor seinem Haus auflauern.",
        "Der Beitrag ruft dazu auf, dem Bürgermeister aufzulauern.",
        "Der Kommentar ruft dazu auf, dem Bürgermeister nachts vor seinem Haus aufzulauern.",
    ),
    (
        LegalGround.STGB_130,
        "Diese Leute gehören alle aus dem Land gejagt, Menschen sind das für mich nicht.",
        "Der Beitrag hetzt gegen eine ganze Bevölkerungsgruppe.",
        "Der Kommentar spricht einer Bevölkerungsgruppe das Menschsein ab und fordert ihre "
        "Vertreibung.",
    ),
]
# (rule broken, the comment, the moderator's facts) for own-initiative hides.
BREACHES = [
    (
        HideReason.INSULT,
        "Wer so einen Unsinn schreibt, hat den Artikel nicht "
        "verstanden. Einfach nur peinlich, Sie Vollpfosten.",
        "Der Kommentar beschimpft einen anderen Leser als Vollpfosten.",
    ),
    (
        HideReason.SPAM,
        "Nebenbei 4.000 € im Monat verdienen, ganz ohne Risiko! Alle "
        "Infos auf schnell-reich.example",
        "Der Kommentar wirbt für ein Angebot, das mit dem Artikel nichts zu tun hat.",
    ),
    (
        HideReason.OFF_TOPIC,
        "Weiß jemand, wann das Freibad am Stadtpark wieder aufmacht? "
        "Meine Kinder fragen jeden Tag.",
        "Der Kommentar hat mit dem Thema des Artikels nichts zu tun.",
    ),
    (
        HideReason.PRIVACY,
        "Der Verfasser wohnt übrigens in der Lindenstraße 12, da kann man ja mal klingeln.",
        "Der Kommentar nennt die Wohnadresse einer Person.",
    ),
]
REJECTED_GROUNDS = [LegalGround.STGB_185, LegalGround.STGB_186]
REJECTED_NOTICE = "Der Beitrag verunglimpft die Stadtverwaltung und ihre Leute."
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
        self.offence = self.breach = 0  # the next of OFFENCES and BREACHES to plant
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
        made = []
        for number in range(notices):
            act = number < acted
            if act:
                ground, text, words, facts = OFFENCES[self.offence % len(OFFENCES)]
                self.offence += 1
                comment = self.plant(pool, text, rng)
            else:
                ground, words, facts = rng.choice(REJECTED_GROUNDS), REJECTED_NOTICE, ""
                comment = pool.pop()
            notifiers = [r for r in readers if r.pk != comment.author_id]
            notifier = rng.choice(notifiers) if number % 3 and notifiers else None
            notice = notice_create(
                comment=comment,
                legal_ground=ground,
                explanation=words,
                location=comment.article.get_absolute_url() + f"#c{comment.pk}",
                bona_fide=True,
                notifier=notifier,
                name="" if notifier else "Hinweisgeberin (Demo)",
                email="" if notifier else f"hinweis-{comment.pk}@example.org",
            )
            notice = notice_decide(
                notice=notice,
                moderator=moderator if number % 2 else second,
                act=act,
                decision_text=(
                    "Der Kommentar verletzt die genannte Vorschrift und ist ausgeblendet."
                    if act
                    else "Der Kommentar ist zugespitzt, aber von der Meinungsfreiheit gedeckt."
                ),
                legal_ground=ground,
                facts=facts,
            )
            made.extend(Statement.objects.filter(notice=notice))
            made.append(notice)
        for _ in range(hides):
            reason, text, facts = BREACHES[self.breach % len(BREACHES)]
            self.breach += 1
            comment = self.plant(pool, text, rng)
            comment_hide(
                comment=comment,
                moderator=moderator,
                reason=reason,
                explanation="Der Beitrag verstößt gegen unsere Diskussionsregeln.",
                facts=facts,
            )
            made.extend(Statement.objects.filter(comment=comment))
        return made

    @staticmethod
    def plant(pool, text, rng) -> Comment:
        """A new thread with `text` by a demo commenter, under an article of the pool, dated
        between the article's publication and a quarter of an hour ago."""
        other = rng.choice(pool)
        article = other.article
        latest = timezone.now() - timedelta(minutes=16)
        when = article.published_at + (latest - article.published_at) * rng.uniform(0.2, 0.8)
        node = PlannedComment(author=other.author, body=text, parent=None, created_at=when)
        return thread_insert(article=article, nodes=[node])[0]

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
