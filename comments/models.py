from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey

from comments.moderation.models import (
    Appeal,
    ArticleDiscussionSettings,
    ArticleSurge,
    DiscussionRules,
    HoldExplanation,
    ModerationAction,
    ModerationSettings,
    Notice,
    NotifierSuspension,
    RefusedComment,
    Report,
    Sanction,
    SectionClaim,
    Statement,
    TrustedFlagger,
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
    "RefusedComment",
    "SectionClaim",
    "Statement",
    "TrustedFlagger",
    "ArticleDiscussionSettings",
    "Comment",
    "CommentManager",
    "DiscussionRules",
    "ModerationAction",
    "ModerationSettings",
    "Recommendation",
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


class StaffRole(models.TextChoices):
    """The staff badge a comment carries; "Autor:in" is derived from the byline instead."""

    EDITOR = "editor", _("Editorial team")
    MODERATOR = "moderator", _("Moderation")


# Comment.Meta cannot name Comment.COUNTED (the class is not built yet): the one status
# that group holds, for the partial index below; tests/comments/test_rules.py keeps them equal.
_COUNTED_STATUS = "visible"


def validate_comment_length(value: str) -> None:
    """At most settings.COMMENT_MAX_LENGTH characters: the one limit of model, form and page.

    A function, not MaxLengthValidator(settings...), so the setting is read when a comment is
    checked and a changed limit needs no migration.
    """
    limit = settings.COMMENT_MAX_LENGTH
    if len(value or "") > limit:
        raise ValidationError(
            _("Your comment is %(length)d characters long; at most %(limit)d are allowed."),
            code="too_long",
            params={"length": len(value), "limit": limit},
        )


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

    # Status groups: every rule that asks "which statuses" asks one of these.
    COUNTED = frozenset({Status.VISIBLE})  # in Article.comment_count; what everyone reads
    LIVE = frozenset({Status.VISIBLE, Status.PENDING})  # still its author's: edit, delete
    GONE = frozenset({Status.HIDDEN, Status.DELETED})  # removed; a placeholder at most

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
    body = models.TextField(
        _("text"),
        help_text=_("Exactly what the reader typed."),
        validators=[validate_comment_length],
    )
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
    post_token = models.CharField(
        _("form token"),
        max_length=32,
        blank=True,
        default="",
        editable=False,
        help_text=_("The one-time token of the form it was posted with; a retry finds it."),
    )
    # --- What makes the best comments rise (issue 15); all on the row, so the thread
    # renders them without a query per comment.
    recommendation_count = models.PositiveIntegerField(
        _("reader recommendations"),
        default=0,
        editable=False,
        help_text=_("Denormalised; changed with F() in the transaction of every recommendation."),
    )
    picked_at = models.DateTimeField(
        _("editors' pick since"),
        null=True,
        blank=True,
        help_text=_("Set while the comment is an editors' pick; cleared when it is removed."),
    )
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picked by"),
        db_index=False,  # a partial index below: almost every comment has no picker
    )
    pick_note = models.CharField(_("note on the pick"), max_length=300, blank=True)
    staff_role = models.CharField(
        _("written as"),
        max_length=12,
        choices=StaffRole,
        blank=True,
        help_text=_(
            "Set at write time from the account (never from the display name): "
            "the badge readers see."
        ),
    )
    is_question = models.BooleanField(
        _("question to the authors"),
        default=False,
        help_text=_("Asked in the article's questions tab; answered by its authors."),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    tree_version = models.PositiveBigIntegerField(
        _("thread version"),
        default=0,
        editable=False,
        help_text=_(
            "Kept on a thread's first comment: raised with F() in the transaction of every "
            "change readers see in the thread; part of the cache key of its rendered fragment."
        ),
    )
    live_version = models.PositiveBigIntegerField(
        _("live version"),
        default=0,
        editable=False,
        help_text=_(
            "The article's thread_version of the last change readers see in this comment: "
            "open pages ask what changed since the version they show (comments.live)."
        ),
    )

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
                condition=~models.Q(status=_COUNTED_STATUS),
                name="comments_unlisted_idx",
            ),
            models.Index(
                fields=["hidden_by"],
                condition=models.Q(hidden_by__isnull=False),
                name="comments_hidden_by_idx",
            ),
            # "Meistempfohlen": the roots of an article by their recommendations. Roots only,
            # so the replies renumbered by an insert into a big thread never write to it.
            models.Index(
                fields=["article", "-recommendation_count", "tree_id"],
                condition=models.Q(level=0),
                name="comments_roots_recommended_idx",
            ),
            # Clearing the picks of a deleted account (SET_NULL); the few picked comments only.
            models.Index(
                fields=["picked_by"],
                condition=models.Q(picked_by__isnull=False),
                name="comments_picked_by_idx",
            ),
            models.Index(
                fields=["article", "-picked_at"],
                name="comments_picks_idx",
                condition=models.Q(picked_at__isnull=False),
            ),
        ]
        constraints = [
            # A retried post (same form, any worker) cannot create a second comment.
            models.UniqueConstraint(
                fields=["author", "post_token"],
                condition=~models.Q(post_token=""),
                name="comments_unique_post_token",
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

    # Small truths for templates, which never compare status strings themselves.
    def is_visible(self) -> bool:
        return self.status in self.COUNTED

    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    def is_hidden(self) -> bool:
        return self.status == self.Status.HIDDEN

    def is_deleted(self) -> bool:
        return self.status == self.Status.DELETED

    def is_live(self) -> bool:
        return self.status in self.LIVE

    def has_replies(self) -> bool:
        """Whether any reply sits below this comment (from the tree fields: no query)."""
        return self.rght - self.lft > 1

    def keeps_placeholder(self) -> bool:
        """Whether readers see this comment's place once it is removed: only while a visible
        reply sits below it (threads.build_display_tree shows placeholders by that rule)."""
        return self.has_replies() and self.get_descendants().visible().exists()

    def is_pick(self) -> bool:
        """An editors' pick that readers see (a removed comment loses its label)."""
        return self.picked_at is not None and self.is_visible()


class Recommendation(models.Model):
    """One reader recommends one comment ("Leserempfehlung"); the count lives on the comment.

    Rule for accounts that go away: a deleted account's recommendations stay (the row points
    at the anonymised account, which holds no personal data, and the count is a public,
    aggregate signal); a *ban* withdraws all of the banned reader's recommendations and lowers
    the counts (see comments.services.recommendations_withdraw), so bought or scripted
    recommendations disappear with the account that made them. A suspended reader keeps the
    recommendations already given but may not give new ones while suspended.
    """

    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("comment"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="recommendations",
        verbose_name=_("reader"),
    )
    created_at = models.DateTimeField(_("recommended at"), auto_now_add=True)

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comments_recommendation_once")
        ]
        indexes = [
            # "Which comments on this page did I recommend?": one query per page.
            models.Index(fields=["user", "comment"], name="comments_rec_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → #{self.comment_id}"


def recommendation_slot(at: float | None = None) -> int:
    """The time slot (of COMMENT_RECOMMENDATION_REFRESH_SECONDS) that `at` (default now) is in.

    Recommendations write the slot into Article.recommendations_epoch at most once per slot;
    the cached thread keys on it (see comments.threads.recommendation_cache_part).
    """
    import time

    seconds = max(1, settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS)
    return int((time.time() if at is None else at) // seconds)
