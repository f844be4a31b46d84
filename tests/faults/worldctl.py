"""Set up and inspect the fault tests' database, run as its own process against it.

    DATABASE_URL=... python tests/faults/worldctl.py seed 8    # prints JSON: article, sessions
    DATABASE_URL=... python tests/faults/worldctl.py check     # prints JSON: what is stored
    DATABASE_URL=... python tests/faults/worldctl.py serve     # "check" per stdin line
                                                    # (also "article <slug>", "hide <id>")

The fault tests call this with the environment of their own PostgreSQL cluster, so the test
process itself never connects to it (and keeps its own test database).
"""

import json
import os
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def seed(readers: int) -> dict:
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from comments.services import comment_create
    from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

    call_command("migrate", verbosity=0, interactive=False)
    article = ArticleFactory(slug="stoerfall", headline="Der Störfall")
    host = UserFactory(username="gastgeber", notify_email_reply=False)
    root = comment_create(article=article, author=host, body="Worüber reden wir?")

    def session_of(user) -> dict:
        client = Client()
        client.force_login(user)
        return {"user_id": user.pk, "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value}

    return {
        "article_id": article.pk,
        "article_url": article.get_absolute_url(),
        "root_id": root.pk,
        "sessions": [session_of(UserFactory(username=f"leser{n}")) for n in range(readers)],
        "moderator": session_of(ModeratorFactory(username="moderatorin")),
    }


def check() -> dict:
    from django.core.management import CommandError, call_command
    from django.db.models import Count, F, Q

    from accounts.models import Notification
    from articles.models import Article
    from comments.models import Comment

    try:
        call_command("check_comment_trees", verbosity=0, stdout=open(os.devnull, "w"))
        trees_ok, trees_error = True, ""
    except CommandError as error:
        trees_ok, trees_error = False, str(error)
    counts = list(
        Article.objects.annotate(
            visible=Count("comments", filter=Q(comments__status=Comment.Status.VISIBLE))
        ).values_list("pk", "comment_count", "visible")
    )
    bodies = Counter(Comment.objects.values_list("body", flat=True))
    # Replies to another reader's comment notify that reader exactly once.
    replies = Comment.objects.filter(parent__isnull=False, status=Comment.Status.VISIBLE).exclude(
        parent__author_id=F("author_id")
    )
    notified = set(Notification.objects.values_list("comment_id", flat=True))
    missing = [pk for pk in replies.values_list("pk", flat=True) if pk not in notified]
    return {
        "trees_ok": trees_ok,
        "trees_error": trees_error,
        "count_mismatches": [row for row in counts if row[1] != row[2]],
        "bodies": dict(bodies),
        "comments": sum(bodies.values()),
        "replies_without_notification": missing,
    }


def article(slug: str) -> dict:
    """A fresh article with one visible comment (the outage scenarios' own small page)."""
    from accounts.models import User
    from articles.models import Article
    from comments.services import comment_create
    from tests.factories import ArticleFactory

    seeded = Article.objects.get(slug="stoerfall")  # factory sequences restart per process
    fresh = ArticleFactory(
        slug=slug,
        headline=f"Ausfall {slug}",
        section=seeded.section,
        authors=[b.author for b in seeded.bylines.all()],
    )
    comment = comment_create(
        article=fresh, author=User.objects.get(username="gastgeber"), body=f"Vorher {slug}"
    )
    return {"article_id": fresh.pk, "url": fresh.get_absolute_url(), "comment_id": comment.pk}


def comment_id_of(body: str) -> int:
    from comments.models import Comment

    return Comment.objects.get(body=body).pk


def hide(comment_id: int) -> dict:
    """A moderator hides the comment (the moderation service, as the desk does)."""
    from accounts.models import User
    from comments.models import Comment
    from comments.moderation.models import HideReason
    from comments.moderation.services import comment_hide

    comment_hide(
        comment=Comment.objects.get(pk=comment_id),
        moderator=User.objects.get(username="moderatorin"),
        reason=HideReason.PRIVACY,
    )
    return {"hidden": comment_id}


if __name__ == "__main__":
    import django

    django.setup()
    command = sys.argv[1]
    if command == "seed":
        sys.stdout.write("WORLD " + json.dumps(seed(int(sys.argv[2]))) + "\n")
    elif command == "check":
        sys.stdout.write("WORLD " + json.dumps(check()) + "\n")
    elif command == "serve":  # one Django start-up for many checks: a line in, a line out
        from django.db import connections

        for line in sys.stdin:
            word, _, argument = line.strip().partition(" ")
            if word == "check":
                answer = check()
            elif word == "article":
                answer = article(argument)
            elif word == "hide":
                answer = hide(int(argument))
            elif word == "hidebody":
                answer = hide(comment_id_of(argument))
            else:
                break
            sys.stdout.write("WORLD " + json.dumps(answer) + "\n")
            sys.stdout.flush()
            connections.close_all()  # the next check may follow a database restart
    else:
        raise SystemExit(f"unknown command {command!r}")
