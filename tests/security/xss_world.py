"""Put every XSS payload into every user-controlled field that the site displays."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from tests.factories import ArticleFactory, UserFactory
from tests.security.xss_payloads import PAYLOADS


@dataclass
class XssWorld:
    moderator: object
    reader: object
    comment_article: object
    payload_articles: list = field(default_factory=list)
    authors: list = field(default_factory=list)
    comments: list = field(default_factory=list)


def marker(kind: str, index: int) -> str:
    """A visible token that proves the payload was rendered at all."""
    return f"{kind}{index:03d}"


def build_xss_world(*, articles: bool = True, limit: int | None = None) -> XssWorld:
    from comments.models import Comment
    from comments.moderation import services as moderation
    from comments.services import comment_create

    payloads = PAYLOADS[:limit] if limit else PAYLOADS
    moderator = UserFactory(username="moderatorin", is_staff=True, is_superuser=True)
    reader = UserFactory(username="leserin", display_name="Lea Leserin")
    comment_article = ArticleFactory(headline="Debatte", kicker="Forum")
    world = XssWorld(moderator=moderator, reader=reader, comment_article=comment_article)
    User = get_user_model()
    for i, payload in enumerate(payloads):
        # Saved through the model: what an admin could store, bypassing the forms' validators.
        author = User.objects.create_user(
            username=f"xss_{i}",
            email=f"xss_{i}@example.org",
            password="correct-horse-42",
            display_name=f"{marker('N', i)} {payload}"[:80],
            bio=f"{marker('BIO', i)} {payload}"[:500],
            email_verified=True,
        )
        world.authors.append(author)
        comment = comment_create(
            article=comment_article, author=author, body=f"{marker('C', i)} {payload}"
        )
        if comment.status != Comment.Status.VISIBLE:
            moderation.comment_approve(comment=comment, moderator=moderator)
        world.comments.append(comment)
        moderation.report_create(
            comment=comment, reporter=reader, reason="other", text=f"{marker('R', i)} {payload}"
        )
        if articles:
            world.payload_articles.append(
                ArticleFactory(
                    kicker=payload[:80],
                    headline=f"{marker('H', i)} {payload}"[:200],
                    lead=f"{marker('L', i)} {payload}",
                    body=f"{marker('B', i)} {payload}\n\n{payload}",
                    section=comment_article.section,
                )
            )
    return world
