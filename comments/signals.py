"""What the comments app adds to other apps' events, which must not import comments.

- a renamed or deleted commenter: the threads they wrote in get a new version; a deleted
  one's refused comments lose their text at once (not only after the retention period);
- a user's data export: their comments and what is kept of their refused comments.
"""

from accounts.signals import public_identity_changed, user_data_requested
from comments.cache import article_thread_bump
from comments.models import Comment


def bump_threads_of_user(sender, *, user_id: int, **kwargs) -> None:
    """A new display name, avatar or a deleted account shows in every thread they wrote in."""
    trees: dict[int, set[int]] = {}
    rows = Comment.objects.filter(author_id=user_id).values_list("article_id", "tree_id")
    for article_id, tree_id in rows.distinct():
        trees.setdefault(article_id, set()).add(tree_id)
    for article_id in sorted(trees):
        article_thread_bump(article_id=article_id, tree_ids=trees[article_id])


def export_comments_of_user(sender, *, user, **kwargs) -> dict:
    """The user's comments for their data export (every status: it is their data)."""
    comments = (
        Comment.objects.filter(author=user).select_related("article").order_by("created_at", "pk")
    )
    from comments.moderation.retention import refused_comments_export

    return {
        "refused_comments": refused_comments_export(user=user),
        "comments": [
            {
                "id": c.pk,
                "article": c.article.headline,
                "article_url": c.article.get_absolute_url(),
                "parent_id": c.parent_id,
                "body": c.body,
                "status": c.status,
                "created_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
            }
            for c in comments
        ],
    }


def erase_refused_of_deleted_user(sender, *, user_id: int, **kwargs) -> None:
    from accounts.models import User
    from comments.moderation.retention import refused_comments_of_user_erase

    if User.objects.filter(pk=user_id, is_deleted=True).exists():
        refused_comments_of_user_erase(user_id=user_id)


def connect() -> None:
    public_identity_changed.connect(bump_threads_of_user, dispatch_uid="comments-identity-bump")
    public_identity_changed.connect(
        erase_refused_of_deleted_user, dispatch_uid="comments-refused-erase"
    )
    user_data_requested.connect(export_comments_of_user, dispatch_uid="comments-export")
