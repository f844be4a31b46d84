"""One of everything, and every URL of the site resolved against it.

Security tests walk the whole URLconf, so new endpoints are covered without editing the
tests; parameters are filled in with real objects so views get past their 404s.
"""

import hashlib
import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch
from django.utils import timezone

from tests.factories import ArticleFactory, ImageFactory, TagFactory, UserFactory


@dataclass
class World:
    reader: object
    other: object
    superuser: object
    objects: list = field(default_factory=list)


def build_world() -> World:
    """Create readers, an editor-made article with a comment thread, reports and sanctions."""
    reader = UserFactory(username="leserin", display_name="Lea Leserin")
    other = UserFactory(username="zweiter", display_name="Zweiter Leser")
    superuser = UserFactory(username="chefin", is_staff=True, is_superuser=True)
    article = ArticleFactory(tags=[TagFactory()])
    objects = [reader, other, superuser, article, article.section, *article.tags.all()]
    objects += [b.author for b in article.bylines.all()]
    objects.append(ImageFactory())

    from comments.services import comment_create

    root = comment_create(article=article, author=reader, body="Erster Kommentar @zweiter")
    reply = comment_create(article=article, author=other, body="Antwort", parent=root)
    other_root = comment_create(article=article, author=other, body="Noch ein Thread")
    objects += [root, reply, other_root]

    from comments.moderation import services as moderation

    objects.append(
        moderation.report_create(comment=other_root, reporter=reader, reason="spam", text="Spam")
    )
    objects.append(moderation.user_note_add(user=other, moderator=superuser, text="Notiz"))
    objects.append(
        moderation.user_suspend(
            user=other, moderator=superuser, until=timezone.now() + timedelta(days=1), reason="x"
        )
    )
    Notification = apps.get_model("accounts", "Notification")
    objects += list(Notification.objects.all())
    return World(reader=reader, other=other, superuser=superuser, objects=objects)


# --- URL enumeration ------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str  # "namespace:name"
    route: str
    params: list[str]


def _walk(patterns, namespace="", prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace
            yield from _walk(p.url_patterns, ns or namespace, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            params = list(p.pattern.regex.groupindex)
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield Endpoint(name=name or "", route=route, params=params)


def endpoints() -> list[Endpoint]:
    return list(_walk(get_resolver().url_patterns))


def unnamed_endpoints() -> list[Endpoint]:
    return [e for e in endpoints() if not e.name]


def _admin_model(name: str):
    """The model behind an admin URL name such as admin:articles_article_change."""
    short = name.removeprefix("admin:")
    for model in admin.site._registry:
        key = f"{model._meta.app_label}_{model._meta.model_name}_"
        if short.startswith(key):
            return model
    return None


def _candidates(endpoint: Endpoint, world: World) -> list[dict]:
    by_param: dict[str, list] = {}
    model = _admin_model(endpoint.name) if endpoint.name.startswith("admin:") else None
    for param in endpoint.params:
        if param == "object_id" and model is not None:
            first = model._default_manager.order_by("pk").first()
            values = [first.pk if first else 1]
        elif param in {"id"} and model is not None:
            values = [world.reader.pk]
        elif param == "app_label":
            values = ["articles", "accounts", "comments", "auth"]
        elif param == "section":  # a sitemap of the index (articles.sitemaps)
            values = ["home", "sections"]
        elif param == "username":
            values = [world.reader.username]
        elif param == "slug":
            values = [o.slug for o in world.objects if getattr(o, "slug", None)]
        elif param in {"token", "uidb64"}:
            values = ["invalid-token"]
        elif param == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            values = [ContentType.objects.get_for_model(type(o)).pk for o in world.objects]
        else:  # pk, article_pk, object_id...: every object's primary key, most specific first
            hint = param.removesuffix("_pk").removesuffix("_id")
            matching = [o.pk for o in world.objects if type(o)._meta.model_name == hint]
            values = matching + [o.pk for o in world.objects]
        by_param[param] = list(dict.fromkeys(values)) or ["1"]
    combos = itertools.product(*(by_param[p] for p in endpoint.params))
    return [
        dict(zip(endpoint.params, combo, strict=True)) for combo in itertools.islice(combos, 40)
    ]


def resolve_all(world: World) -> dict[str, str]:
    """Map every named endpoint to a URL whose parameters point at real objects.

    Among the candidates, the first one a superuser can GET without a 404 wins.
    """
    client = Client()
    client.force_login(world.superuser)
    urls = {}
    for endpoint in endpoints():
        if not endpoint.name:
            continue
        chosen = None
        for kwargs in _candidates(endpoint, world):
            try:
                url = reverse(endpoint.name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            chosen = chosen or url
            if not endpoint.params or client.get(url).status_code != 404:
                chosen = url
                break
        if chosen is None:
            raise AssertionError(f"Cannot build a URL for {endpoint.name} ({endpoint.route})")
        urls[endpoint.name] = chosen
    return urls


def db_fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, per model: any write changes it."""
    result = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.order_by("pk").values_list()
        digest = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
        result[model._meta.label] = (len(rows), digest)
    return result
