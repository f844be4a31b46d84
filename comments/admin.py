from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from comments.models import Comment
from comments.moderation.admin import COMMENT_ACTIONS, ModerateActionsMixin, ReportedFilter

# Django autodiscovers only this module: importing the other admin modules registers them
# (the moderation tables, then the DSA records, which build on the moderation admin).
from comments.moderation.dsa import admin as dsa_admin  # noqa: F401

TREE_FIELDS = ("parent", "tree_id", "lft", "rght", "level")


@admin.register(Comment)
class CommentAdmin(ModerateActionsMixin, admin.ModelAdmin):
    """Browse and search comments; status changes go through the moderation actions.

    No adding, deleting or moving: comments are written by readers through the services,
    removed by changing their status, and a node that moved would renumber its tree.
    The moderation actions and the reports filter come from comments/moderation/admin.py.
    """

    list_display = (
        "excerpt",
        "author",
        "article",
        "status",
        "level",
        "recommendation_count",
        "picked_at",
        "created_at",
        "edited_at",
    )
    list_filter = [
        "status",
        ("created_at", admin.DateFieldListFilter),
        "article",
        "author",
        ReportedFilter,
    ]
    actions = COMMENT_ACTIONS
    search_fields = ("body", "author__username", "author__display_name")
    list_select_related = ("author", "article")
    date_hierarchy = "created_at"
    raw_id_fields = ("article", "author", "parent", "hidden_by", "picked_by")
    fields = (
        "article",
        "author",
        "status",
        "body",
        "body_html",
        "created_at",
        "edited_at",
        "mentions",
        "hidden_reason",
        "hidden_note",
        "hidden_by",
        "hidden_at",
        "recommendation_count",
        "picked_at",
        "picked_by",
        "pick_note",
        "staff_role",
        "is_question",
        "answered_at",
        *TREE_FIELDS,
        "ip_hash",
    )
    readonly_fields = fields
    show_full_result_count = False  # COUNT(*) over a large comment table on every page

    @admin.display(description=_("comment"))
    def excerpt(self, obj: Comment) -> str:
        return Truncator(obj.body).chars(80)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
