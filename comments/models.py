from django.conf import settings
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey

from comments.moderation.dsa_models import (
    Appeal,
    ArticleSurge,
    HoldExplanation,
    Notice,
    NotifierSuspension,
    SectionClaim,
    Statement,
    TrustedFlagger,
)
from comments.moderation.models import (
    ArticleDiscussionSettings,
    DiscussionRules,
    ModerationAction,
    ModerationSettings,
    Report,
    Sanction,
    UserModeration,
    UserNote,
    WordRule,
)
from comments.querysets import CommentQuerySet

# The app's models: Comment here, the moderation tables in comments/moderation/models.py.
# Django registers a model when its module is imported; naming them here is what loads them.
__all__ = [
    "Appeal",
    "ArticleSurge",
    "HoldExplanation",
    "Notice",
    "NotifierSuspension",
    "SectionClaim",
    "Statement",
    "TrustedFlagger",
    "ArticleDiscussionSettings",
    "Comment",
    "CommentManager",
    "DiscussionRules",
    "ModerationAction",
    "ModerationSettings",
    "Report",
    "Sanction",
    "UserModeration",
    "UserNote",
    "WordRule",
]

TREE_ID_SEQUENCE = "comments_comment_tree_id_seq"


class CommentManager(TreeManager.from_queryset(CommentQuerySet)):
    def _get_next_tree_id(self) -> int:
        # mptt's MAX(tree_id)+1 hands two concurrent roots the same tree (mptt issue #236).
        # On SQLite, IMMEDIATE transactions serialize writers, so MAX+1 is safe there.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT nextval(%s)", [TREE_ID_SEQUENCE])
                return cursor.fetchone()[0]
        return super()._get_next_tree_id()


class Comment(MPTTModel):
    """A reader's comment. Each top-level comment roots its own MPTT tree (one per thread).

    Comments are never deleted in normal operation: authors and moderators change `status`,
    so replies keep their place under a placeholder.
    """

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        PENDING = "pending", _("Awaiting review")
        HIDDEN = "hidden", _("Hidden by the moderators")
        DELETED = "deleted", _("Deleted by the author")

    # No single-column indexes on article and author: the composite indexes in Meta start
    # with them. A reply renumbers every comment to its right in the thread, and each of
    # those row updates writes every index of the table (see Meta.indexes).
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
        db_index=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("author"),
        db_index=False,
    )
    parent = TreeForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("reply to"),
    )
    body = models.TextField(_("text"), help_text=_("Exactly what the reader typed."))
    body_html = models.TextField(
        editable=False, default="", help_text=_("Escaped and linkified once, at write time.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.VISIBLE)
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="mentioned_in",
        verbose_name=_("mentioned users"),
    )
    ip_hash = models.CharField(
        _("IP hash"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Keyed hash of the poster's address; the address itself is never stored."),
    )
    # Set by moderation; kept on the row so the thread renders without extra queries.
    hidden_reason = models.CharField(_("reason for hiding"), max_length=40, blank=True)
    hidden_note = models.CharField(_("moderator's note"), max_length=500, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
        db_index=False,  # a partial index in Meta: most comments were never hidden
    )
    # mptt's own tree_id field carries a single-column index, a prefix of (tree_id, lft);
    # declaring the tree fields here (mptt then adds none) leaves only the composite.
    tree_id = models.PositiveIntegerField(editable=False)
    lft = models.PositiveIntegerField(editable=False)
    rght = models.PositiveIntegerField(editable=False)
    level = models.PositiveIntegerField(editable=False)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    objects = CommentManager()

    class MPTTMeta:
        # No order_insertion_by: it costs a query per save and renumbers across siblings.
        pass

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            # mptt declares this index but it did not reach the database through migrations.
            models.Index(fields=["tree_id", "lft"], name="comments_tree_lft_idx"),
            models.Index(fields=["article", "level", "tree_id"], name="comments_article_roots_idx"),
            models.Index(fields=["author", "-created_at"], name="comments_author_recent_idx"),
            # Moderation queues (pending, hidden, deleted); visible comments, the vast
            # majority, are not in this index, so renumbering them never writes to it.
            models.Index(
                fields=["status", "-created_at"],
                condition=~models.Q(status="visible"),
                name="comments_unlisted_idx",
            ),
            models.Index(
                fields=["hidden_by"],
                condition=models.Q(hidden_by__isnull=False),
                name="comments_hidden_by_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.body[:40]}"

    def get_absolute_url(self) -> str:
        """A permalink that finds the right page of threads for this comment."""
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    def is_visible(self) -> bool:
        return self.status == self.Status.VISIBLE
