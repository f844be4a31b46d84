"""Cache invalidation for other apps' changes (signals are for nothing else here)."""

from accounts.signals import public_identity_changed
from comments.cache import thread_version_bump
from comments.models import Comment


def bump_threads_of_user(sender, *, user_id: int, **kwargs) -> None:
    """A new display name, avatar or a deleted account shows in every thread they wrote in."""
    article_ids = (
        Comment.objects.filter(author_id=user_id).values_list("article_id", flat=True).distinct()
    )
    for article_id in article_ids:
        thread_version_bump(article_id)


def connect() -> None:
    public_identity_changed.connect(bump_threads_of_user, dispatch_uid="comments-identity-bump")
