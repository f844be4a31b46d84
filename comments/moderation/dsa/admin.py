"""Admin for the DSA records: statements, notices and complaints are shown, never edited
(they change only through the services); trusted flaggers are managed here."""

from django.contrib import admin

from comments.moderation.admin import ReadOnlyAdmin
from comments.moderation.models import (
    Appeal,
    ArticleSurge,
    Notice,
    NotifierSuspension,
    RefusedComment,
    Statement,
    TrustedFlagger,
)


@admin.register(Statement)
class StatementAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "restriction",
        "user",
        "decision_ground",
        "ground_code",
        "source_type",
        "created_at",
        "reversed_at",
    ]
    list_filter = [
        "restriction",
        "decision_ground",
        "source_type",
        "automated_detection",
        ("mail_withheld_at", admin.EmptyFieldListFilter),  # the mail limit held it back
    ]
    search_fields = ["reference", "user__username", "decision_facts"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = [
        "reference",
        "legal_ground",
        "status",
        "trusted_flagger",
        "manifestly_unfounded",
        "created_at",
        "decided_by",
    ]
    list_filter = [
        "status",
        "legal_ground",
        "trusted_flagger",
        "manifestly_unfounded",
        ("mail_withheld_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["reference", "email", "name"]
    date_hierarchy = "created_at"
    list_select_related = ["decided_by"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["reference", "appellant", "status", "created_at", "decided_by"]
    list_filter = ["status", ("mail_withheld_at", admin.EmptyFieldListFilter)]
    search_fields = ["reference", "appellant__username"]
    list_select_related = ["appellant", "decided_by"]


@admin.register(TrustedFlagger)
class TrustedFlaggerAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "active", "since"]
    list_filter = ["active"]
    raw_id_fields = ["user"]
    search_fields = ["organisation", "user__username"]


@admin.register(NotifierSuspension)
class NotifierSuspensionAdmin(ReadOnlyAdmin):
    list_display = ["user", "email", "created_at", "ends_at"]


@admin.register(ArticleSurge)
class ArticleSurgeAdmin(admin.ModelAdmin):
    """A moderator may end a surge early by setting "until" to now."""

    list_display = ["article", "reason", "triggered_at", "until"]
    raw_id_fields = ["article"]
    list_select_related = ["article"]


@admin.register(RefusedComment)
class RefusedCommentAdmin(ReadOnlyAdmin):
    """What the blocked-word list refused, with the rule (the text goes after its period)."""

    list_display = ["created_at", "author", "article", "rule", "phrase", "matched_text"]
    list_filter = ["rule"]
    search_fields = ["author__username", "phrase"]
    date_hierarchy = "created_at"
    list_select_related = ["author", "article"]
