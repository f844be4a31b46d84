"""The peer for `make bench`: django-comments-xtd 2.10 rendering a whole 1,000-comment thread.

Runs in its own process (its own settings, a throwaway SQLite file) because xtd needs
django_comments and the sites framework, which Newsroom does not install. The benchmark
starts it, and it answers each line "run" on stdin with "<ms> <queries>", so the two
sides can be measured interleaved in one run on one machine. Needs the `bench` extra:
pip install -e ".[bench]".
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

COMMENTS = int(os.environ.get("BENCH_XTD_COMMENTS", "1000"))


def configure(path: Path) -> None:
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        ALLOWED_HOSTS=["*"],
        SECRET_KEY="bench-only-" + "x" * 50,
        ROOT_URLCONF=__name__,
        USE_TZ=True,
        TIME_ZONE="Europe/Berlin",
        LANGUAGE_CODE="de",
        SITE_ID=1,
        INSTALLED_APPS=[
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
            "django.contrib.sites",
            "django_comments_xtd",
            "django_comments",
        ],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                    ]
                },
            }
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}},
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        COMMENTS_APP="django_comments_xtd",
        COMMENTS_XTD_MAX_THREAD_LEVEL=4,
        COMMENTS_XTD_CONFIRM_EMAIL=False,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )


PAGE = (
    "{% load comments_xtd %}<!doctype html><html><head><title>xtd</title></head><body>"
    "<h1>{{ object.name }}</h1>"
    "{% render_xtdcomment_tree for object allow_flagging allow_feedback %}</body></html>"
)


def page(request):
    from django.contrib.sites.models import Site
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"object": Site.objects.get(pk=1)}, request))


def _urlpatterns():
    from django.urls import include, path

    return [path("comments/", include("django_comments_xtd.urls")), path("", page)]


def seed() -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site
    from django.utils import timezone
    from django_comments_xtd.models import XtdComment

    rng = random.Random(1000)
    words = (
        "die Stadt Rat Haushalt Schule Bahn Brücke Antrag Bürger Meinung Frage Antwort "
        "Kosten Sanierung Verkehr jedoch aber weil darum nicht sehr gut schlecht"
    ).split()
    # Named, unregistered commenters, as in the measurement (4 queries for the page):
    # with user accounts, xtd's template looks each user and permission up per comment.
    users = [(f"Leser {n}", f"l{n}@example.org") for n in range(20)]
    site = Site.objects.get(pk=1)
    ct = ContentType.objects.get_for_model(Site)
    made: list[XtdComment] = []
    for _ in range(COMMENTS):
        parent = None
        if made and rng.random() < 0.8:
            candidate = rng.choice(made[-60:])
            if candidate.level < 4:
                parent = candidate
        name, email = rng.choice(users)
        comment = XtdComment(
            content_type=ct,
            object_pk=str(site.pk),
            site=site,
            user_name=name,
            user_email=email,
            comment=" ".join(rng.choice(words) for _ in range(rng.randint(15, 60))),
            submit_date=timezone.now(),
            parent_id=parent.pk if parent else 0,
            is_public=True,
        )
        comment.save()
        made.append(comment)


def main() -> None:
    directory = tempfile.mkdtemp(prefix="nr-xtd-")
    path = Path(directory) / "xtd.sqlite3"
    configure(path)
    import django

    django.setup()
    globals()["urlpatterns"] = _urlpatterns()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0, interactive=False)
    seed()
    client = Client()
    client.get("/")  # warm-up
    print("ready", flush=True)
    try:
        for line in sys.stdin:
            if line.strip() != "run":
                break
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get("/")
                elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            print(f"{elapsed * 1000:.3f} {len(ctx.captured_queries)}", flush=True)
    finally:
        connection.close()
        path.unlink(missing_ok=True)
        os.rmdir(directory)


if __name__ == "__main__":
    main()
