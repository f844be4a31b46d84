"""What the comments app adds to other apps' events, which must not import comments.

- a renamed or deleted commenter: the threads they wrote in get a new version; a deleted
  one's refused comments lose their text at once (not only after the retention period);
- a user's data export: their comments, what is kept of their refused comments, and their
  DSA records (notices sent, complaints, statements, reports, sanctions, recommendations);
- a deleted account: its name and address leave the DSA records (`user_erasing`).
"""

from accounts.signals import public_identity_changed, user_data_requested, user_erasing
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


def export_dsa_records_of_user(sender, *, user, **kwargs) -> dict:
    """Notices sent, complaints, statements, reports, sanctions, recommendations."""
    from comments.moderation.retention import dsa_records_export

    return dsa_records_export(user=user)


def erase_dsa_records_of_user(sender, *, user, email: str = "", **kwargs) -> None:
    """A deleted account: its name and address leave every DSA record (issue 22)."""
    from comments.moderation.retention import dsa_records_erase

    dsa_records_erase(user=user, email=email)


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
    user_data_requested.connect(export_dsa_records_of_user, dispatch_uid="comments-export-dsa")
    user_erasing.connect(erase_dsa_records_of_user, dispatch_uid="comments-erase-dsa")
