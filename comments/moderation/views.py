"""Moderation pages: the dashboard queues, the user card, article discussions; reports and rules.

Every view in the "moderation" namespace is wrapped in `moderator_required`, and every view
that changes something accepts POST only.
"""

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from articles.models import Article, Section
from comments.models import Comment
from comments.moderation import desk, rules, selectors
from comments.moderation import services as moderation
from comments.moderation.assistant import store as assistant_store
from comments.moderation.forms import (
    ArticlePremoderationForm,
    BanForm,
    BulkForm,
    HideForm,
    NoteOnlyForm,
    PremoderateUserForm,
    ReportForm,
    SuspendForm,
    UserNoteForm,
)
from comments.moderation.models import (
    DiscussionRules,
    ModerationSettings,
    Sanction,
)
from comments.permissions import can_moderate
from newsroom.converters import parse_id
from newsroom.idempotency import clean_post_token
from newsroom.ratelimit import check_rate_for

QUEUE_PAGE_SIZE = 50


def moderator_required(view):
    """Anonymous visitors go to the login page; signed-in non-moderators get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _next_url(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _show_form_errors(request, form) -> None:
    """Each error of a form that is not shown again gets its own message."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# --- Queues ------------------------------------------------------------------------------------

QUEUES = {
    "pending": gettext_lazy("Pending"),
    "reported": gettext_lazy("Reported"),
    "hidden": gettext_lazy("Recently hidden"),
}


def _filtered(request, queryset):
    article_id = request.GET.get("article", "")
    section_slug = request.GET.get("section", "")
    if article_id:
        if parse_id(article_id) is None:  # not an id a column can hold: no such article
            raise Http404
        queryset = queryset.filter(article_id=parse_id(article_id))
    if section_slug:
        section = Section.objects.filter(slug=section_slug).first()
        if section is not None:
            queryset = queryset.filter(
                article__section__in=section.get_descendants(include_self=True)
            )
    return queryset, article_id, section_slug


def _query_suffix(**params) -> str:
    """Filters to carry over to the pager's links ("&a=1&b=x", or "")."""
    present = {key: value for key, value in params.items() if value}
    return "&" + urlencode(present) if present else ""


def _order(request) -> str:
    order = request.GET.get("order", "")
    return order if order in desk.ORDERS else ""


def _queue(request, queue: str):
    queryset, article_id, section_slug = _filtered(request, selectors.queue_queryset(queue))
    order = _order(request) if queue != "hidden" else ""
    queryset = desk.ordered(queryset, order)
    page = Paginator(queryset, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    assistant_store.attach(page.object_list)
    holders = desk.claims_of_others(request.user)
    for comment in page.object_list:
        comment.claim = desk.claim_holder(moderator=request.user, comment=comment, holders=holders)
        if queue != "hidden" and comment.priority < 3:  # notices and reports: say why it is here
            comment.priority_label = desk.PRIORITY_LABELS[comment.priority]
    filter_article = None
    if article_id:
        filter_article = Article.objects.filter(pk=parse_id(article_id)).first()
    return render(
        request,
        "comments/moderation/queue.html",
        {
            "queue": queue,
            "queue_title": QUEUES[queue],
            "page_obj": page,
            "comments": page.object_list,
            "sections": Section.objects.all(),
            "filter_article": filter_article,
            "filter_section": section_slug,
            "counts": selectors.queue_counts(),
            "page_suffix": _query_suffix(article=article_id, section=section_slug, order=order),
            "order": order,
            "order_suffix": _query_suffix(article=article_id, section=section_slug),
        },
    )


@moderator_required
def pending_queue(request):
    return _queue(request, "pending")


@moderator_required
def reported_queue(request):
    return _queue(request, "reported")


@moderator_required
def hidden_queue(request):
    return _queue(request, "hidden")


@moderator_required
def refused_queue(request):
    """What the filters refused (never stored as comments), with the rule that refused it."""
    queryset, article_id, section_slug = _filtered(request, selectors.refused_queue())
    page = Paginator(queryset, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "comments/moderation/refused_queue.html",
        {
            "page_obj": page,
            "refused": page.object_list,
            "sections": Section.objects.all(),
            "filter_section": section_slug,
            "mod_page": "refused",
            "retention_days": ModerationSettings.load().refused_retention_days,
            "counts": selectors.queue_counts(),
            "page_suffix": _query_suffix(article=article_id, section=section_slug),
        },
    )


@moderator_required
@require_POST
def bulk_action(request):
    form = BulkForm(request.POST)
    back = _next_url(request, reverse("moderation:pending"))
    if not form.is_valid() and form.has_error("ids", "invalid_choice"):
        # Not comment ids at all (a tampered form): nothing to act on.
        return HttpResponseBadRequest(_("These are not comment ids."))
    if not form.is_valid():
        _show_form_errors(request, form)
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    comments = Comment.objects.filter(pk__in=data["ids"]).select_related("article").order_by("pk")
    comments, claimed = desk.claim_split(moderator=request.user, comments=comments)
    if claimed:
        messages.error(request, desk.claimed_message(len(claimed)))
    done, skipped = moderation.comments_moderate(
        comments=comments,
        moderator=request.user,
        action=data["action"],
        reason=data["reason"],
        note=data["note"],
    )
    if done:
        messages.success(
            request,
            ngettext("%(count)s comment done.", "%(count)s comments done.", done) % {"count": done},
        )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s comment skipped: the action does not apply to it.",
                "%(count)s comments skipped: the action does not apply to them.",
                skipped,
            )
            % {"count": skipped},
        )
    return HttpResponseRedirect(back)


# --- Single-comment actions ---------------------------------------------------------------------
# The queues, the desk, the keyboard shortcuts (which press these buttons) and the conversation
# view (comments/thread_render.py) all post here.


def _comment_action(request, pk: int, action, form_class, success: str, form_template=""):
    """Check the form and the section's claim (desk.claim_check), then call the service.

    With `form_template`, a form with errors is shown again there (400, the text kept);
    otherwise each error is a message on the page the moderator came from.
    """
    comment = get_object_or_404(
        Comment.objects.select_related("article", "article__section", "author"), pk=pk
    )
    back = _next_url(request, reverse("moderation:pending"))
    try:
        desk.claim_check(moderator=request.user, comment=comment)
    except ValidationError as error:  # another moderator's section: refused before anything else
        _show_errors(request, error)
        return HttpResponseRedirect(back)
    form = form_class(request.POST)
    if not form.is_valid():
        if form_template:
            context = {
                "comment": comment,
                "form": form,
                "next": back,
                "counts": selectors.queue_counts(),
            }
            return render(request, form_template, context, status=400)
        _show_form_errors(request, form)
        return HttpResponseRedirect(back)
    try:
        action(comment=comment, moderator=request.user, **form.cleaned_data)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, success)
    return HttpResponseRedirect(back)


@moderator_required
@require_POST
def comment_hide(request, pk):
    return _comment_action(
        request,
        pk,
        moderation.comment_hide,
        HideForm,
        _("The comment is hidden."),
        form_template="comments/moderation/hide_form.html",
    )


@moderator_required
@require_POST
def comment_restore(request, pk):
    return _comment_action(
        request, pk, moderation.comment_restore, NoteOnlyForm, _("The comment is visible again.")
    )


@moderator_required
@require_POST
def comment_approve(request, pk):
    return _comment_action(
        request, pk, moderation.comment_approve, NoteOnlyForm, _("The comment is published.")
    )


@moderator_required
@require_POST
def comment_dismiss(request, pk):
    return _comment_action(
        request, pk, moderation.report_dismiss, NoteOnlyForm, _("The reports are dismissed.")
    )


# --- Users --------------------------------------------------------------------------------------


def _render_user_card(request, member, *, status: int = 200, **forms):
    """The card; `forms` replaces a blank form with the bound one that failed (text kept)."""
    context = {
        **selectors.user_card(member),
        "is_self": member.pk == request.user.pk,
        "suspend_form": SuspendForm(),
        "ban_form": BanForm(),
        "note_form": UserNoteForm(),
        "counts": selectors.queue_counts(),
    }
    context.update(forms)
    return render(request, "comments/moderation/user_card.html", context, status=status)


@moderator_required
def user_card(request, pk):
    return _render_user_card(request, get_object_or_404(User, pk=pk))


def _user_post(request, pk, form_class, apply, success: str, form_name: str = ""):
    member = get_object_or_404(User, pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            apply(member, form.cleaned_data)
        except ValidationError as error:
            if not form_name:
                _show_errors(request, error)
                return HttpResponseRedirect(reverse("moderation:user", kwargs={"pk": member.pk}))
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return HttpResponseRedirect(reverse("moderation:user", kwargs={"pk": member.pk}))
    if form_name:  # show the form again with what the moderator typed
        return _render_user_card(request, member, status=400, **{form_name: form})
    _show_form_errors(request, form)
    return HttpResponseRedirect(reverse("moderation:user", kwargs={"pk": member.pk}))


@moderator_required
@require_POST
def user_suspend(request, pk):
    def apply(member, data):
        moderation.user_suspend(
            user=member,
            moderator=request.user,
            until=timezone.now() + timezone.timedelta(days=data["days"]),
            reason=data["reason"],
        )

    return _user_post(
        request, pk, SuspendForm, apply, _("The user is suspended."), form_name="suspend_form"
    )


@moderator_required
@require_POST
def user_ban(request, pk):
    def apply(member, data):
        moderation.user_ban(
            user=member,
            moderator=request.user,
            reason=data["reason"],
            hide_comments=data["hide_comments"],
            hide_reason=data["hide_reason"],
        )

    return _user_post(request, pk, BanForm, apply, _("The user is banned."), form_name="ban_form")


@moderator_required
@require_POST
def user_premoderate(request, pk):
    def apply(member, data):
        moderation.user_premoderation_set(
            user=member, moderator=request.user, enabled=data["enabled"]
        )

    return _user_post(request, pk, PremoderateUserForm, apply, _("Saved."))


@moderator_required
@require_POST
def user_note(request, pk):
    def apply(member, data):
        moderation.user_note_add(user=member, moderator=request.user, text=data["text"])

    return _user_post(
        request, pk, UserNoteForm, apply, _("The note is saved."), form_name="note_form"
    )


@moderator_required
@require_POST
def sanction_lift(request, pk):
    sanction = get_object_or_404(Sanction, pk=pk)
    try:
        moderation.sanction_lift(sanction=sanction, moderator=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("The sanction is lifted."))
    return HttpResponseRedirect(reverse("moderation:user", kwargs={"pk": sanction.user_id}))


# --- Article discussions ------------------------------------------------------------------------


@moderator_required
def article_list(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.discussions(query=query), 30).get_page(request.GET.get("page"))
    site = ModerationSettings.load()
    selectors.annotate_discussion_settings(page.object_list, site=site)
    return render(
        request,
        "comments/moderation/article_list.html",
        {
            "page_obj": page,
            "articles": page.object_list,
            "query": query,
            "site_settings": site,
            "premoderation_choices": ArticlePremoderationForm.base_fields["premoderation"].choices,
            "mod_page": "articles",
            "page_suffix": _query_suffix(q=query),
            "counts": selectors.queue_counts(),
        },
    )


def _article_post(request, pk, apply, success: str):
    article = get_object_or_404(Article, pk=pk)
    try:
        apply(article)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, success)
    return HttpResponseRedirect(_next_url(request, reverse("moderation:articles")))


@moderator_required
@require_POST
def article_close(request, pk):
    return _article_post(
        request,
        pk,
        lambda a: moderation.article_close(
            article=a, actor=request.user, reason=request.POST.get("reason", "")
        ),
        _("The discussion is closed."),
    )


@moderator_required
@require_POST
def article_reopen(request, pk):
    return _article_post(
        request,
        pk,
        lambda a: moderation.article_reopen(article=a, actor=request.user),
        _("The discussion is open again."),
    )


@moderator_required
@require_POST
def article_premoderation(request, pk):
    form = ArticlePremoderationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown pre-moderation mode."))
        return HttpResponseRedirect(_next_url(request, reverse("moderation:articles")))
    return _article_post(
        request,
        pk,
        lambda a: moderation.article_premoderation_set(
            article=a, moderator=request.user, premoderation=form.cleaned_data["premoderation"]
        ),
        _("Saved."),
    )


# --- Public: rules and reports -----------------------------------------------------------------


def rules_page(request):
    return render(
        request, "comments/moderation/rules.html", {"rules": DiscussionRules.objects.first()}
    )


@login_required
def report(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author"),
        pk=pk,
        status__in=Comment.COUNTED,
        article__in=Article.objects.published(),
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        # A resent form (same one-time token) is the report already made: thank them again.
        token = clean_post_token(request.POST.get("post_token"))
        if (
            moderation.report_retried(
                reporter=request.user,
                post_token=token,
                comment=comment,
                reason=request.POST.get("reason", ""),
                text=request.POST.get("text", ""),
            )
            is not None
        ):
            messages.success(request, _("Thank you. The moderators will look at this comment."))
            return HttpResponseRedirect(comment.get_absolute_url())
    refused = rules.report_refusal(comment=comment, reporter=request.user)
    refusal = refused.messages[0] if refused is not None else None
    status = 200
    if request.method == "POST" and refusal is None:
        # Limit in settings.RATE_LIMITS["comment-report"] (NEWSROOM_RATE_LIMITS overrides it).
        check_rate_for("comment-report", f"user:{request.user.pk}")
        if form.is_valid():
            try:
                moderation.report_create(
                    comment=comment,
                    reporter=request.user,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                    post_token=form.cleaned_data["post_token"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you. The moderators will look at this comment."))
                return HttpResponseRedirect(comment.get_absolute_url())
        status = 400
    elif request.method == "POST":
        # The reader may not report at all (rules.participation_refusal), or not this one.
        status = 400 if refused.code in {"own", "duplicate"} else 403
    return render(
        request,
        "comments/moderation/report_form.html",
        {"comment": comment, "form": form, "refusal": refusal},
        status=status,
    )


@moderator_required
@require_GET
def live_counts(request):
    """The queues' counts for static/js/moderation-live.js: new work arrives without reloading.

    Private (a moderator's view of the queues), never stored by any cache.
    """
    response = JsonResponse(selectors.queue_counts())
    response["Cache-Control"] = "private, no-store"
    return response
