"""Fill an empty database with a German demo newsroom. Running it again changes nothing."""

from __future__ import annotations

import secrets
import zlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.services import rules_accept
from articles.demo import pictures
from articles.demo.people import (
    AUTHORS,
    EDITOR,
    MODERATOR,
    READERS,
    SECTIONS,
    SUPPORT_BOX,
    TAGS,
)
from articles.demo.stories import STORIES
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleViewCount,
    Author,
    FrontPageSlot,
    Section,
    SupportBox,
    Tag,
)
from articles.services import (
    article_save,
    correction_add,
    image_create,
    ticker_entry_create,
    ticker_resume,
)

# The editors' choice for the top of the demo front page: the lead story, then the top slots.
# The budget night as a running live ticker: (minutes before now, key event, text).
DEMO_TICKER = (
    "haushalt-2027-einigung-in-der-nacht",
    [
        (290, False, "Die Haushälter der Koalition treffen im Kanzleramt ein. Beginn: 22 Uhr."),
        (240, False, "Erste Pause. Bei den Förderprogrammen liege man **noch weit auseinander**."),
        (185, False, "Die Opposition will jeden Sondertopf einzeln prüfen lassen."),
        (150, True, "Durchbruch: **2,3 Milliarden Euro** zusätzlich für die Schiene."),
        (120, False, "Die Schulsanierung wird aufgestockt. Details sollen am Morgen folgen."),
        (95, True, "**Einigung.** Der Entwurf hält die Schuldenregel ein, sagt Renate Kuhlmann."),
        (60, False, "Der Bundesrechnungshof will sich die Darlehen an die Bahn ansehen."),
        (20, False, "Erste Lesung im Bundestag ab Mitte Dezember. Wir berichten weiter."),
    ],
)
DEMO_PINNED = ["taiwan-wahl-kommentar", "haushalt-2027-einigung-in-der-nacht"]
DEMO_CORRECTION = (
    "inflation-november-gesunken",
    "In einer früheren Fassung hieß es, die Inflationsrate sei auf 2,1 Prozent gesunken. "
    "Richtig ist: 2,3 Prozent.",
)
COMMENTED_STORIES = 10  # the most recent stories with a comment count get threads

DEMO_PASSWORDS = {"editor": "redaktion-demo-2026", "moderator": "moderation-demo-2026",
                  "reader": "leser-demo-2026"}  # fmt: skip


def stable_seed(text: str) -> int:
    return zlib.crc32(text.encode())


class Command(BaseCommand):
    help = "Create demo sections, authors, articles with pictures, accounts and comments."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has articles (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("The database already has articles; no demo content added.")
            self.print_existing_accounts()
            return
        with transaction.atomic():
            sections = self.seed_sections()
            tags = self.seed_tags()
            authors = self.seed_authors()
            created = self.seed_articles(sections=sections, tags=tags, authors=authors)
            self.seed_newsroom_tools()
            self.seed_liveticker()
            self.seed_support_box()
            accounts = self.seed_accounts()
        self.seed_comments()
        self.seed_assistant()
        self.seed_dsa()
        self.seed_pages()
        self.stdout.write(self.style.SUCCESS(f"Demo newsroom ready: {created} new articles."))
        self.print_accounts(accounts)

    # --- content -----------------------------------------------------------------------
    def seed_sections(self) -> dict[str, Section]:
        sections: dict[str, Section] = {}
        for slug, name, parent, description in SECTIONS:
            section = Section.objects.filter(slug=slug).first()
            if section is None:
                section = Section.objects.create(
                    slug=slug,
                    name=name,
                    parent=sections.get(parent) if parent else None,
                    description=description,
                )
            sections[slug] = section
        return sections

    def seed_tags(self) -> dict[str, Tag]:
        return {
            slug: Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in TAGS
        }

    def seed_authors(self) -> dict[str, Author]:
        authors: dict[str, Author] = {}
        for slug, name, role, bio, color in AUTHORS:
            author = Author.objects.filter(slug=slug).first()
            if author is None:
                photo = image_create(
                    upload=ContentFile(
                        pictures.portrait(color=color, seed=stable_seed(slug)), name=f"{slug}.jpg"
                    ),
                    alt_text=f"Porträt von {name}",
                    credit="Newsroom-Demo/Illustration",
                )
                author = Author.objects.create(
                    slug=slug, name=name, role=role, bio=bio, photo=photo
                )
            authors[slug] = author
        return authors

    def seed_articles(self, *, sections, tags, authors) -> int:
        existing = set(
            Article.objects.filter(slug__in=[s["slug"] for s in STORIES]).values_list(
                "slug", flat=True
            )
        )
        now = timezone.now()
        created = 0
        for story in STORIES:
            if story["slug"] in existing:
                continue
            hero = image_create(
                upload=ContentFile(
                    pictures.hero_picture(
                        motif=story["motif"],
                        palette=story["palette"],
                        seed=stable_seed(story["slug"]),
                    ),
                    name=f"{story['slug'][:50]}.jpg",
                ),
                alt_text=story["caption"].rstrip("."),
                caption=story["caption"],
                credit=story["credit"],
            )
            article = article_save(
                article=Article(
                    slug=story["slug"],
                    kicker=story["kicker"],
                    headline=story["headline"],
                    lead=story["lead"],
                    body=story["body"],
                    genre=story["genre"],
                    status=story.get("status", Article.Status.PUBLISHED),
                    published_at=now - timedelta(hours=story["hours"]),
                    section=sections[story["section"]],
                    hero_image=hero,
                ),
                keep_published_at=True,  # the demo's stories are spread over past hours
            )
            ArticleAuthor.objects.bulk_create(
                ArticleAuthor(article=article, author=authors[slug], position=position)
                for position, slug in enumerate(story["authors"])
            )
            article.tags.set([tags[slug] for slug in story["tags"]])
            created += 1
        return created

    def seed_newsroom_tools(self):
        """Pin the lead story, add a correction and a day of page views (once only)."""
        by_slug = {a.slug: a for a in Article.objects.filter(slug__in=DEMO_PINNED)}
        if not FrontPageSlot.objects.exists():
            FrontPageSlot.objects.bulk_create(
                FrontPageSlot(position=position, article=by_slug[slug])
                for position, slug in enumerate(DEMO_PINNED, start=1)
                if slug in by_slug
            )
        corrected = Article.objects.filter(slug=DEMO_CORRECTION[0]).first()
        if corrected is not None and not corrected.corrections.exists():
            correction_add(
                article=corrected, text=DEMO_CORRECTION[1], at=timezone.now() - timedelta(hours=1)
            )
        if not ArticleViewCount.objects.exists():
            hour = timezone.now().replace(minute=0, second=0, microsecond=0)
            articles = list(Article.objects.published().order_by("-published_at")[:12])
            ArticleViewCount.objects.bulk_create(
                ArticleViewCount(
                    article=article, hour=hour - timedelta(hours=h), views=(7 * i + 3 * h) % 40 + 5
                )
                for i, article in enumerate(articles)
                for h in range(6)
            )

    def seed_liveticker(self):
        """Make the budget night a running live ticker with a few entries (once only)."""
        slug, entries = DEMO_TICKER
        article = Article.objects.filter(slug=slug).first()
        if article is None or article.is_liveticker:
            return
        ticker_resume(article=article)
        author = article.bylines.select_related("author").first()
        now = timezone.now()
        for minutes, key, body in entries:
            ticker_entry_create(
                article=article,
                body=body,
                author=author.author if author else None,
                is_key=key,
                published_at=now - timedelta(minutes=minutes),
            )

    def seed_support_box(self):
        if not SupportBox.objects.exists():
            SupportBox.objects.create(**SUPPORT_BOX)

    # --- people ------------------------------------------------------------------------
    def seed_accounts(self) -> list[tuple[str, str, str, str]]:
        """Create the demo accounts; return (role, handle, name, password) for new ones."""
        User = get_user_model()
        # Fixed passwords are handy on a laptop; anywhere else they must not be guessable.
        passwords = (
            DEMO_PASSWORDS
            if settings.DEBUG
            else {role: secrets.token_urlsafe(12) for role in DEMO_PASSWORDS}
        )
        plan = [
            ("editor", *EDITOR, "Editors", True),
            ("moderator", *MODERATOR, "Moderators", True),
            *[("reader", *reader, None, False) for reader in READERS],
        ]
        created = []
        for role, handle, name, email, group_name, is_staff in plan:
            if User.objects.with_handle(handle).exists():
                continue
            user = User.objects.create_user(
                username=handle,
                email=email,
                password=passwords[role],
                display_name=name,
                email_verified=True,
                is_staff=is_staff,
            )
            rules_accept(user=user)  # as at sign-up
            if group_name:
                user.groups.add(Group.objects.get_or_create(name=group_name)[0])
            created.append((role, handle, name, passwords[role]))
        return created

    def seed_pages(self):
        # The legal pages belong to the pages app; fill them through its command.
        if "seed_pages" in get_commands():
            call_command("seed_pages", stdout=self.stdout)

    def seed_comments(self):
        # Comments live in another app that articles must not import; use its command if
        # it exists, and only for articles that have no comments yet (idempotent).
        if "seed_comments" not in get_commands():
            return
        stories = [s for s in STORIES if s["comments"] and s.get("status") != "draft"]
        stories.sort(key=lambda s: s["hours"])
        for story in stories[:COMMENTED_STORIES]:
            article = Article.objects.get(slug=story["slug"])
            if article.comments.exists():
                continue
            try:
                call_command(
                    "seed_comments",
                    story["slug"],
                    count=story["comments"],
                    seed=stable_seed(story["slug"]) % 10_000,
                    stdout=self.stdout,
                )
            except Exception as exc:  # the demo must come up even if comments fail
                self.stderr.write(f"Could not seed comments for {story['slug']}: {exc}")

    def seed_assistant(self):
        # The moderation assistant (comments app): decisions from its demo corpus and a
        # first trained model, so it works right after `make run`. Production trains on the
        # paper's own decisions only (README "Moderation assistant").
        self.comments_command("seed_assistant", "train the moderation assistant")

    def seed_dsa(self):
        # Notices, statements of reasons and complaints (comments app), so the moderators'
        # Art. 15 page shows its charts right after `make run`.
        self.comments_command("seed_dsa", "add the demo DSA records")

    def comments_command(self, name: str, what: str) -> None:
        """Run a command of the comments app, which articles must not import, if it exists."""
        if name not in get_commands():
            return
        try:
            call_command(name, stdout=self.stdout)
        except Exception as exc:  # the demo must come up even if this part fails
            self.stderr.write(f"Could not {what}: {exc}")

    def print_existing_accounts(self):
        """On later runs: the demo accounts that exist, with the laptop passwords (DEBUG)."""
        handles = {EDITOR[0]: "editor", MODERATOR[0]: "moderator"}
        handles.update({reader[0]: "reader" for reader in READERS})
        users = get_user_model().objects.filter(username__in=handles).order_by("pk")
        accounts = [
            (
                handles[user.username],
                user.username,
                user.display_name,
                DEMO_PASSWORDS[handles[user.username]]
                if settings.DEBUG
                else "(the one printed on the first run)",
            )
            for user in users
        ]
        if accounts:
            self.print_accounts(accounts, note="unless you changed it")

    def print_accounts(self, accounts, note=""):
        if not accounts:
            self.stdout.write("Demo accounts existed already; their passwords are unchanged.")
            return
        self.stdout.write("\nDemo accounts (for trying the site, never for production):")
        for role, handle, name, password in accounts:
            line = f"  {role:<9}  {handle:<16} {name:<16}  password: {password}"
            self.stdout.write(f"{line} ({note})" if note else line)
        self.stdout.write("Log in at /accounts/login/; editors use /admin/.\n")
