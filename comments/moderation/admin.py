"""Admin for moderation: settings, rules, word lists, the read-only audit log, reports and
sanctions; plus the moderation filter and actions that comments/admin.py puts on the comment
list, and the article admin with close/reopen that the comments app registers in its
AppConfig.ready() (articles must not import comments, so comments adds it, explicitly).

Every action calls the same services as the dashboard.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import ArticleAdmin
from articles.models import Article
from comments.models import Comment
from comments.moderation import desk
from comments.moderation import services as moderation
from comments.moderation.assistant import learning, policy
from comments.moderation.assistant import records as assistant_records
from comments.moderation.assistant.model import BlobError
from comments.moderation.models import (
    ArticleDiscussionSettings,
    AssistantSettings,
    AssistantVersion,
    DiscussionRules,
    HideReason,
    ModerationAction,
    ModerationSettings,
    Report,
    Sanction,
    SectionAssistant,
    UserModeration,
    UserNote,
    WordRule,
)
from comments.permissions import can_moderate


def _report(modeladmin, request, done: int, skipped: int) -> None:
    if done:
        modeladmin.message_user(
            request,
            ngettext("%(count)d item done.", "%(count)d items done.", done) % {"count": done},
            messages.SUCCESS,
        )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)d item skipped: the action does not apply to it.",
                "%(count)d items skipped: the action does not apply to them.",
                skipped,
            )
            % {"count": skipped},
            messages.WARNING,
        )


def _moderate(modeladmin, request, queryset, action: str, reason: str = "") -> None:
    if not can_moderate(request.user):
        modeladmin.message_user(request, _("Only moderators can do this."), messages.ERROR)
        return
    # The admin respects section claims like the moderation pages (desk.claim_holder).
    comments, claimed = desk.claim_split(
        moderator=request.user, comments=queryset.select_related("article").order_by("pk")
    )
    if claimed:
        modeladmin.message_user(request, desk.claimed_message(len(claimed)), messages.ERROR)
    done, skipped = moderation.comments_moderate(
        comments=comments, moderator=request.user, action=action, reason=reason
    )
    _report(modeladmin, request, done, skipped)


# --- Filter and actions of the comment list (CommentAdmin in comments/admin.py uses them) -------


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "reported"

    def lookups(self, request, model_admin):
        return [("open", _("With open reports")), ("any", _("Ever reported"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(reports__status=Report.Status.OPEN).distinct()
        if self.value() == "any":
            return queryset.filter(reports__isnull=False).distinct()
        return queryset


@admin.action(description=_("Approve selected pending comments"), permissions=["moderate"])
def approve_comments(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, "approve")


@admin.action(
    description=_("Hide selected comments (breach of the rules)"), permissions=["moderate"]
)
def hide_comments(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, "hide", HideReason.OTHER)


@admin.action(description=_("Hide selected comments as spam"), permissions=["moderate"])
def hide_comments_as_spam(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, "hide", HideReason.SPAM)


@admin.action(description=_("Restore selected hidden comments"), permissions=["moderate"])
def restore_comments(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, "restore")


@admin.action(description=_("Dismiss reports on selected comments"), permissions=["moderate"])
def dismiss_reports(modeladmin, request, queryset):
    _moderate(modeladmin, request, queryset, "dismiss")


COMMENT_ACTIONS = [
    approve_comments,
    hide_comments,
    hide_comments_as_spam,
    restore_comments,
    dismiss_reports,
]


class ModerateActionsMixin:
    """Admin actions with `permissions=["moderate"]` are offered to moderators only."""

    def has_moderate_permission(self, request) -> bool:
        return can_moderate(request.user)


# --- Article list: close and reopen discussions --------------------------------------------------


def _discussions_set(modeladmin, request, queryset, service) -> None:
    """Apply article_close or article_reopen to the selected articles (or their settings)."""
    if queryset.model is ArticleDiscussionSettings:
        articles = [row.article for row in queryset.select_related("article")]
    else:
        articles = list(queryset)
    for article in articles:
        service(article=article, actor=request.user)
    _report(modeladmin, request, len(articles), 0)


def _closed_by_editors() -> str:
    """The reason readers see for a discussion closed from the admin without one of its own."""
    return _("The editors closed the discussion of this article.")


def _close(*, article, actor):
    return moderation.article_close(
        article=article,
        actor=actor,
        reason=article.comments_closed_reason or str(_closed_by_editors()),
    )


@admin.action(description=_("Close comments on selected articles"), permissions=["moderate"])
def close_discussions(modeladmin, request, queryset):
    _discussions_set(modeladmin, request, queryset, _close)


@admin.action(description=_("Reopen comments on selected articles"), permissions=["moderate"])
def reopen_discussions(modeladmin, request, queryset):
    _discussions_set(modeladmin, request, queryset, moderation.article_reopen)


class DiscussionArticleAdmin(ModerateActionsMixin, ArticleAdmin):
    """The article admin plus closing and reopening discussions from the article list."""

    actions = [*ArticleAdmin.actions, close_discussions, reopen_discussions]

    def save_model(self, request, obj, form, change):
        """The "comments open" checkbox closes and reopens through the moderators' service,
        so the change is recorded as a ModerationAction and every cached thread follows."""
        toggled = change and "comments_open" in form.changed_data
        wanted = obj.comments_open
        if toggled:
            obj.comments_open = not wanted  # the stored value; the service changes it
        super().save_model(request, obj, form, change)
        if toggled:
            service = moderation.article_reopen if wanted else _close
            service(article=obj, actor=request.user)


def register_article_admin(site=admin.site) -> None:
    """Register the article admin with the discussion actions in place of the plain one.

    Called from CommentsConfig.ready(), after the admin has autodiscovered articles/admin.py:
    articles must not import comments, so the comments app swaps in its subclass explicitly.
    """
    if site.is_registered(Article):
        site.unregister(Article)
    site.register(Article, DiscussionArticleAdmin)


# --- Moderation models ---------------------------------------------------------------------------


class SingletonAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return super().has_add_permission(request) and not self.model.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(SingletonAdmin):
    list_display = ["__str__", "premoderation", "report_threshold", "auto_close_days"]
    fieldsets = [
        (None, {"fields": ["premoderation", "new_user_approved_comments", "report_threshold"]}),
        (_("Closing"), {"fields": ["auto_close_days"]}),
        (
            _("Digital Services Act: online platform duties"),
            {
                "fields": [
                    "appeals_enabled",
                    "dispute_settlement",
                    "trusted_flaggers_enabled",
                    "misuse_enabled",
                    "misuse_window_days",
                    "misuse_warn_after",
                    "misuse_suspend_after",
                    "misuse_suspension_days",
                ]
            },
        ),
        (
            _("Surge breaker and night mode"),
            {
                "fields": [
                    "surge_comments_per_minute",
                    "surge_reports_per_minute",
                    "surge_minutes",
                    "night_mode_start",
                    "night_mode_end",
                ]
            },
        ),
        (
            _("Graduated trust and retention"),
            {
                "fields": [
                    "trust_hidden_threshold",
                    "trust_window_days",
                    "retention_days",
                    "refused_retention_days",
                ]
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        # A settings field added later (and not listed above) still shows, in its own section.
        fieldsets = super().get_fieldsets(request, obj)
        listed = {name for _title, options in fieldsets for name in options["fields"]}
        rest = [
            f.name
            for f in self.model._meta.get_fields()
            if getattr(f, "editable", False) and not f.auto_created and f.name not in listed
        ]
        return [*fieldsets, (_("Other"), {"fields": rest})] if rest else fieldsets


@admin.register(DiscussionRules)
class DiscussionRulesAdmin(SingletonAdmin):
    list_display = ["__str__", "updated_at"]


@admin.register(WordRule)
class WordRuleAdmin(admin.ModelAdmin):
    list_display = ["phrase", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["phrase"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only through the moderation services; the admin only shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "kind", "target_user", "comment", "article", "reason"]
    list_filter = ["kind", "created_at"]
    search_fields = ["actor__username", "target_user__username", "note"]
    date_hierarchy = "created_at"
    list_select_related = ["actor", "target_user", "comment", "article"]


@admin.register(Report)
class ReportAdmin(ModerateActionsMixin, ReadOnlyAdmin):
    # Nobody sees who reported (README, Moderation): not in the list, the detail or a search.
    exclude = ["reporter"]
    list_display = ["comment", "reason", "status", "created_at", "resolved_by"]
    list_filter = ["status", "reason", "created_at"]
    list_select_related = ["comment", "resolved_by"]
    actions = ["dismiss"]

    @admin.action(
        description=_("Dismiss the open reports on these comments"), permissions=["moderate"]
    )
    def dismiss(self, request, queryset):
        comment_ids = set(queryset.open().values_list("comment_id", flat=True))
        _moderate(self, request, Comment.objects.filter(pk__in=comment_ids), "dismiss")


@admin.register(Sanction)
class SanctionAdmin(ModerateActionsMixin, ReadOnlyAdmin):
    list_display = ["user", "kind", "starts_at", "ends_at", "lifted_at", "created_by"]
    list_filter = ["kind", ("lifted_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__display_name", "reason"]
    list_select_related = ["user", "created_by"]
    actions = ["lift"]

    @admin.action(description=_("Lift the selected sanctions"), permissions=["moderate"])
    def lift(self, request, queryset):
        done = skipped = 0
        for sanction in queryset:
            try:
                moderation.sanction_lift(sanction=sanction, moderator=request.user)
            except ValidationError:
                skipped += 1
            else:
                done += 1
        _report(self, request, done, skipped)


@admin.register(UserNote)
class UserNoteAdmin(ReadOnlyAdmin):
    list_display = ["user", "author", "created_at", "text"]
    search_fields = ["user__username", "text"]
    list_select_related = ["user", "author"]


@admin.register(UserModeration)
class UserModerationAdmin(ReadOnlyAdmin):
    list_display = ["user", "always_premoderate"]
    list_filter = ["always_premoderate"]
    search_fields = ["user__username"]


@admin.register(ArticleDiscussionSettings)
class ArticleDiscussionSettingsAdmin(ModerateActionsMixin, admin.ModelAdmin):
    list_display = ["article", "premoderation", "keep_open", "comments_open"]
    list_filter = ["premoderation", "keep_open"]
    raw_id_fields = ["article"]
    search_fields = ["article__headline"]
    list_select_related = ["article"]
    actions = [close_discussions, reopen_discussions]

    @admin.display(boolean=True, description=_("comments open"))
    def comments_open(self, obj) -> bool:
        return obj.article.comments_open


# --- The moderation assistant ------------------------------------------------------------


def _rate(value) -> str:
    return "–" if value is None else f"{value:.2f}"


@admin.register(AssistantVersion)
class AssistantVersionAdmin(admin.ModelAdmin):
    """The history of the assistant's models: numbers, outcomes per month, rollback."""

    list_display = [
        "__str__",
        "status",
        "is_active",
        "trained_at",
        "trigger",
        "data_size",
        "holds",
        "precision",
        "recall",
        "average_precision",
        "activated_by",
    ]
    list_filter = ["status", "trigger"]
    actions = ["roll_back", "train_now"]
    exclude = ["blob"]
    readonly_fields = [
        "number",
        "status",
        "is_active",
        "trained_at",
        "trigger",
        "data_size",
        "holds",
        "data_until",
        "activated_at",
        "activated_by",
        "metrics_table",
        "comparison_text",
        "outcomes_table",
        "history",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "number",
                    "status",
                    "is_active",
                    "trained_at",
                    "trigger",
                    ("data_size", "holds", "data_until"),
                    ("activated_at", "activated_by"),
                ]
            },
        ),
        (_("Hold-out metrics"), {"fields": ["metrics_table", "comparison_text"]}),
        (_("False alarms and misses per month"), {"fields": ["outcomes_table"]}),
        (_("History"), {"fields": ["history"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("blob").select_related("activated_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # written by training and rollback only

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("precision"))
    def precision(self, obj):
        return _rate(obj.metrics.get("precision"))

    @admin.display(description=_("recall"))
    def recall(self, obj):
        return _rate(obj.metrics.get("recall"))

    @admin.display(description=_("average precision"))
    def average_precision(self, obj):
        return _rate(obj.metrics.get("average_precision"))

    @admin.display(description=_("hold-out metrics"))
    def metrics_table(self, obj):
        m = obj.metrics
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (_rate(r["threshold"]), _rate(r["precision"]), _rate(r["recall"]), r["tp"], r["fp"])
                for r in m.get("by_threshold", [])
            ),
        )
        return format_html(
            '<p class="assistant-metrics">{}</p><table><thead><tr><th>{}</th><th>{}</th>'
            "<th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _(
                "%(n)s most recent decisions held out (%(pos)s hidden): precision %(p)s, "
                "recall %(r)s, F1 %(f)s, average precision %(ap)s at threshold %(t)s."
            )
            % {
                "n": m.get("n", 0),
                "pos": m.get("positives", 0),
                "p": _rate(m.get("precision")),
                "r": _rate(m.get("recall")),
                "f": _rate(m.get("f1")),
                "ap": _rate(m.get("average_precision")),
                "t": _rate(m.get("threshold")),
            },
            _("threshold"),
            _("precision"),
            _("recall"),
            _("held and hidden"),
            _("held but approved"),
            rows,
        )

    @admin.display(description=_("compared with the active model"))
    def comparison_text(self, obj):
        c = obj.comparison or {}
        return format_html(
            "{} {}",
            _("Activated.") if c.get("promoted") else _("Not activated."),
            c.get("reason", ""),
        )

    @admin.display(description=_("false alarms and misses per month"))
    def outcomes_table(self, obj):
        months = learning.outcomes_by_month(
            [obj.pk], default_threshold=AssistantSettings.load().default_threshold
        ).get(obj.pk, {})
        if not months:
            return _("No decisions on comments this model scored yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((m, v["false_alarms"], v["misses"]) for m, v in sorted(months.items())),
        )
        return format_html(
            '<table class="assistant-outcomes"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("month"),
            _("false alarms (held, then approved)"),
            _("misses (let through, then hidden)"),
            rows,
        )

    @admin.display(description=_("history"))
    def history(self, obj):
        return format_html_join(
            "",
            "<p>{}: {} {} {}</p>",
            (
                (
                    formats.date_format(timezone.localtime(e.created_at), "SHORT_DATETIME_FORMAT"),
                    e.get_kind_display(),
                    e.actor or "",
                    e.note,
                )
                for e in obj.events.select_related("actor")
            ),
        )

    @admin.action(description=_("Roll back to this model (make it the active one)"))
    def roll_back(self, request, queryset):
        if not can_moderate(request.user):
            self.message_user(request, _("Only moderators can do this."), messages.ERROR)
            return
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one model."), messages.ERROR)
            return
        version = queryset.get()
        try:
            done = learning.assistant_rollback(
                version=version, actor=request.user, note=_("rolled back in the admin")
            )
        except BlobError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        if done:
            self.message_user(
                request, _("%(version)s is the active model now.") % {"version": version}
            )
        else:
            self.message_user(request, _("This model is active already."), messages.WARNING)

    @admin.action(description=_("Train a new model now (in the background)"))
    def train_now(self, request, queryset):
        if not can_moderate(request.user):
            self.message_user(request, _("Only moderators can do this."), messages.ERROR)
            return
        assistant_records.train_later(trigger=AssistantVersion.Trigger.MANUAL)
        self.message_user(
            request,
            _("Training started; the new model appears here when it is done."),
        )


@admin.register(AssistantSettings)
class AssistantSettingsAdmin(SingletonAdmin):
    list_display = ["__str__", "min_precision", "default_threshold", "retrain_after"]


@admin.register(SectionAssistant)
class SectionAssistantAdmin(admin.ModelAdmin):
    list_display = ["section", "enabled", "threshold", "model_precision", "holding"]
    list_editable = ["enabled", "threshold"]
    list_select_related = ["section"]

    def _context(self):
        if not hasattr(self, "_active"):
            self._active = AssistantVersion.objects.active().defer("blob").first()
            self._site = AssistantSettings.load()
        return self._active, self._site

    def changelist_view(self, request, extra_context=None):
        if hasattr(self, "_active"):
            del self._active
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("model precision at this threshold"))
    def model_precision(self, obj):
        active, site = self._context()
        threshold = obj.threshold if obj.threshold is not None else site.default_threshold
        return _rate(active.precision_at(threshold)) if active else "–"

    @admin.display(description=_("holds comments now"), boolean=True)
    def holding(self, obj):
        active, site = self._context()
        threshold = obj.threshold if obj.threshold is not None else site.default_threshold
        return bool(obj.enabled and active and policy.may_hold(active, threshold, site))
