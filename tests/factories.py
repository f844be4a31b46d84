import io

import factory
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image as PILImage

from accounts.models import User
from articles.models import Article, ArticleAuthor, Author, Image, Section, Tag


def image_bytes(width=800, height=500, color=(40, 90, 140), fmt="JPEG") -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(out, fmt)
    return out.getvalue()


# Display names from fixed lists, never random: 400 different names before one repeats.
FIRST_NAMES = (
    "Anna Ben Clara David Emma Felix Greta Hannes Ida Jonas Kira Lukas Mia Noah Ola Paul Rosa "
    "Simon Tilda Ute"
).split()
LAST_NAMES = (
    "Albers Brandt Conrad Dietz Ebert Fuchs Graf Hahn Imhof Jansen Kern Lorenz Marx Nagel Ott "
    "Pohl Roth Seidel Thiel Vogt"
).split()


def reader_name(n: int) -> str:
    return f"{FIRST_NAMES[n % 20]} {LAST_NAMES[(n // 20) % 20]}"


def author_name(n: int) -> str:
    """Bylines: letters only, so no test that asserts on a headline's number matches them."""
    return f"Redakteurin {chr(65 + n % 26)}{chr(65 + (n // 26) % 26)}"


def signup_data(
    username="neue_leserin",
    email="neu@example.org",
    display_name="Neue Leserin",
    password="ein-sehr-gutes-Passwort-7",
    **extra,
) -> dict:
    """A complete sign-up form as a reader sends it: every required field, the rules accepted.

    Tests that post the sign-up form start from this, so a new required field is added here once.
    """
    return {
        "username": username,
        "email": email,
        "display_name": display_name,
        "password1": password,
        "password2": password,
        "accept_rules": "on",
        **extra,
    }


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"leser_{n}")
    display_name = factory.Sequence(lambda n: reader_name(n))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    email_verified = True
    # Readers have accepted the current discussion rules (as at sign-up); tests of a rules
    # change raise settings.DISCUSSION_RULES_VERSION afterwards.
    rules_version = factory.LazyFunction(lambda: settings.DISCUSSION_RULES_VERSION)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ressort {n}")
    slug = factory.Sequence(lambda n: f"ressort-{n}")


class TagFactory(DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.Sequence(lambda n: f"thema-{n}")


class AuthorFactory(DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: author_name(n))
    slug = factory.Sequence(lambda n: f"autor-{n}")
    role = "Korrespondent"
    # Generated prose once put "Fußball" into a lead that a test asserted was absent: factory
    # text is made of numbered placeholder words no test asserts on, never of random words.
    bio = factory.Sequence(lambda n: f"Kurzbiografie {n} (Platzhalter).")


class ImageFactory(DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="hero.jpg"))
    alt_text = "Ein Testbild"
    caption = "Eine Bildunterschrift"
    credit = "dpa"


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    kicker = "Koalition"
    headline = factory.Sequence(lambda n: f"Schlagzeile Nummer {n}")
    slug = factory.Sequence(lambda n: f"schlagzeile-{n}")
    lead = factory.Sequence(lambda n: f"Vorspann {n} (Platzhalter).")
    body = "Erster Absatz.\n\nZweiter Absatz mit **Fettdruck**."
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    section = factory.SubFactory(SectionFactory)

    @factory.post_generation
    def authors(obj, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted or [AuthorFactory()]):
            ArticleAuthor.objects.create(article=obj, author=author, position=position)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)


# --- Moderation (comments app) ---------------------------------------------------------------


class ModeratorFactory(UserFactory):
    """A member of the Moderators group, as migration comments/0004 sets it up.

    Transactional tests flush the database, which can take the migrated group with it; the
    group is then made again here with the permission that makes its members moderators.
    """

    @factory.post_generation
    def moderators_group(obj, create, extracted, **kwargs):
        if create:
            from django.contrib.auth.models import Group, Permission
            from django.contrib.contenttypes.models import ContentType

            from comments.moderation.models import ModerationAction

            group, created = Group.objects.get_or_create(name="Moderators")
            if created:
                ContentType.objects.clear_cache()  # ids cached before a flush are stale
                permission, _new = Permission.objects.get_or_create(
                    content_type=ContentType.objects.get_for_model(ModerationAction),
                    codename="moderate_comments",
                    defaults={"name": "Can moderate comments and readers"},
                )
                group.permissions.add(permission)
            obj.groups.add(group)


class WordRuleFactory(DjangoModelFactory):
    class Meta:
        model = "comments.WordRule"

    phrase = factory.Sequence(lambda n: f"wort{n}")
    kind = "block"


class EditorFactory(UserFactory):
    """A member of the Editors group (created by an articles migration; made whole here when a
    transactional test's flush removed it or its permissions)."""

    @factory.post_generation
    def editors_group(obj, create, extracted, **kwargs):
        if create:
            from django.apps import apps
            from django.contrib.auth.management import create_permissions
            from django.contrib.auth.models import Group, Permission
            from django.contrib.contenttypes.models import ContentType

            perms = Permission.objects.filter(content_type__app_label="articles")
            if not perms.exists():  # a flush emptied the table; content type ids changed too
                ContentType.objects.clear_cache()
                create_permissions(apps.get_app_config("articles"), verbosity=0)
            group, _created = Group.objects.get_or_create(name="Editors")
            # add() is idempotent; after a flush the group may exist without its permissions.
            group.permissions.add(*perms)
            obj.groups.add(group)
            # A permission check before the group was added (a signal, a validator) would
            # otherwise leave the answer "no" cached on this very object.
            for cached in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
                obj.__dict__.pop(cached, None)


# --- Live ticker (articles app) ---------------------------------------------------------------


class TickerArticleFactory(ArticleFactory):
    is_liveticker = True
    kicker = "Liveticker"
    body = "Das Wichtigste: **Sturm** über Norddeutschland."


class TickerEntryFactory(DjangoModelFactory):
    """A published entry; give `published_at` to order entries."""

    class Meta:
        model = "articles.TickerEntry"

    article = factory.SubFactory(TickerArticleFactory)
    body = factory.Sequence(lambda n: f"Eintrag {n}: Die Lage in **Hamburg** bleibt angespannt.")
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
