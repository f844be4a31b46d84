"""Moderation rules applied on the write path. The moderation issue fills these in."""

from comments.models import Comment


def initial_status(*, author, article, body: str) -> str:
    """Return the status a new comment starts with (VISIBLE or PENDING).

    Raises ValidationError with a reader-facing message if the text must be refused.
    """
    return Comment.Status.VISIBLE


def posting_refusal(*, user, article) -> str | None:
    """Return why `user` may not post on `article` right now, or None if they may."""
    return None
