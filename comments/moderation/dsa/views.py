"""DSA pages. Public: the notice form (Art. 16), a statement of reasons with its complaint form
(Art. 17, 20), a notifier's view of their notice. Moderators: the notice and complaint queues.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from articles.models import Article, Section
from comments.models import Comment
from comments.moderation import desk as desk_service
from comments.moderation import selectors
from comments.moderation.assistant import store as assistant_store
from comments.moderation.dsa import appeals, notices, transparency
from comments.moderation.dsa.forms import (
    AppealDecisionForm,
    AppealForm,
    NoticeDecisionForm,
    NoticeForm,
)
from comments.moderation.dsa.links import notice_key_valid, site_url
from comments.moderation.models import Appeal, Notice, Statement
from comments.moderation.views import (
    _next_url,
    _show_errors,
    _show_form_errors,
    moderator_required,
)
from comments.permissions import can_moderate
from newsroom.charts import bar_chart
from newsroom.idempotency import clean_post_token
from newsroom.ratelimit import RateLimited, check_rate_for, ip_hash

# A full inbox (the per-inbox mail limit, issue 22) and the sender's own limit (notices per
# address, complaints per reader) answer on the form, with what the reader typed kept.
INBOX_FULL = gettext_lazy(
    "Too many e-mails have been sent to this address recently. Please send the form "
    "again in %(minutes)s minutes; your text is kept below."
)
TOO_MANY_FORMS = gettext_lazy(
    "You have sent this form many times in a short while. Please send it again in "
    "%(minutes)s minutes; your text is kept below."
)


def _limited(form, limited: RateLimited, message) -> int:
    """Put `message` on the form and answer 429; the notice view also sets Retry-After."""
    form.add_error(None, message % {"minutes": max(1, round(limited.retry_after / 60))})
    return 429


# --- Notices (Art. 16) ----------------------------------------------------------------------


def _notice_from(data: dict, comment, user, location: str, address: str):
    """Record the notice a valid form describes; raises what notices.notice_create raises."""
    return notices.notice_create(
        comment=comment,
        notifier=user,
        legal_ground=data["legal_ground"],
        other_provision=data["other_provision"],
        explanation=data["explanation"],
        location=location,  # what we filled in, never what the client sent
        name=data["name"],
        email=data["email"],
        bona_fide=data["bona_fide"],
        ip_hash=address,
        post_token=notices.sender_token(data["post_token"], notifier=user, ip_hash=address),
    )


def notice_create(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("article", "author"),
        pk=pk,
        status__in=Comment.COUNTED,
        article__in=Article.objects.published(),
    )
    location = site_url() + comment.get_absolute_url()
    user = request.user if request.user.is_authenticated else None
    initial = {"location": location}
    if user is not None:
        initial.update(name=user.public_name, email=user.email)
    form = NoticeForm(request.POST or None, initial=initial)
    status, retry_after = 200, None
    if request.method == "POST":
        # A resent form (same one-time token) shows the receipt of the notice already made.
        # Tokens are scoped to their sender: someone else's token is never their receipt.
        address = ip_hash(request)
        earlier = notices.notice_retried(
            post_token=notices.sender_token(
                clean_post_token(request.POST.get("post_token")), notifier=user, ip_hash=address
            ),
            comment=comment,
            explanation=request.POST.get("explanation", ""),
        )
        if earlier is not None:
            return render(request, "comments/moderation/notice_receipt.html", {"notice": earlier})
        # Limits in settings.RATE_LIMITS["dsa-notice-*"]; strangers write here.
        try:
            check_rate_for("dsa-notice-ip", f"ip:{address}")
        except RateLimited as limited:
            status, retry_after = _limited(form, limited, TOO_MANY_FORMS), limited.retry_after
        if not retry_after and form.is_valid():
            try:
                notice = _notice_from(form.cleaned_data, comment, user, location, address)
            except ValidationError as error:
                form.add_error(None, error)
            except RateLimited as limited:  # the receipt's inbox had enough mail
                status, retry_after = _limited(form, limited, INBOX_FULL), limited.retry_after
            else:
                return render(
                    request, "comments/moderation/notice_receipt.html", {"notice": notice}
                )
        status = status if retry_after else 400
    response = render(
        request,
        "comments/moderation/notice_form.html",
        {"comment": comment, "form": form},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _complaint(request, *, refusal, rate_key: str, create):
    """The complaint form of a notice or a statement page: (form, status, redirect or None).

    `create(text)` records the complaint; `refusal` (appeals.appeal_refusal) answers 403.
    """
    form = AppealForm(request.POST or None)
    if request.method != "POST":
        return form, 200, None
    if refusal is not None:
        return form, 403, None
    try:
        check_rate_for("dsa-appeal", rate_key)
    except RateLimited as limited:
        return form, _limited(form, limited, TOO_MANY_FORMS), None
    if form.is_valid():
        try:
            create(form.cleaned_data["text"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your complaint has been received."))
            return form, 302, HttpResponseRedirect(request.get_full_path())
    return form, 400, None


def notice_detail(request, reference):
    """A notifier follows their notice and complains against its rejection (Art. 20(1)).

    Signed in: the notifier's own notices. Without an account: the signed `key` of the link
    in the decision mail (links.notice_key_valid) stands in for the login.
    """
    notice = get_object_or_404(Notice.objects.select_related("comment"), reference=reference)
    key = request.GET.get("key", "")
    by_key = notice.notifier_id is None and notice_key_valid(notice, key)
    if not by_key:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if notice.notifier_id != request.user.pk and not can_moderate(request.user):
            raise Http404
    refusal = appeals.appeal_refusal(user=request.user, notice=notice, notifier_key=by_key)
    signed_in = request.user.is_authenticated
    if by_key and signed_in and not notices.sent_by(notice, request.user):
        # The link is bound to the address it was mailed to: a signed-in reader holding
        # someone else's link never complains as themselves (issue 22).
        refusal = _(
            "This complaint link was sent to another e-mail address. Log out to use it, or "
            "complain from your own notices."
        )
    form, status, done = _complaint(
        request,
        refusal=refusal,
        rate_key=f"user:{request.user.pk}" if signed_in else f"ip:{ip_hash(request)}",
        create=lambda text: appeals.appeal_create(
            appellant=request.user if signed_in and not by_key else None,
            notice=notice,
            text=text,
            notifier_key=by_key,
        ),
    )
    if done is not None:
        return done
    return render(
        request,
        "comments/moderation/notice_detail.html",
        {
            "notice": notice,
            "appeals": notice.appeals.all(),
            "form": form,
            "refusal": refusal,
        },
        status=status,
    )


# --- Statements of reasons (Art. 17) and complaints (Art. 20) -------------------------------


def _statement_for(request, reference) -> Statement:
    statement = get_object_or_404(
        Statement.objects.select_related("comment", "comment__article", "user"), reference=reference
    )
    allowed = request.user.is_authenticated and (
        statement.user_id == request.user.pk or can_moderate(request.user)
    )
    if not allowed:  # a statement is about one person: nobody else learns it exists
        raise Http404
    return statement


@login_required
def statement_detail(request, reference):
    statement = _statement_for(request, reference)
    refusal = appeals.appeal_refusal(user=request.user, statement=statement)
    form, status, done = _complaint(
        request,
        refusal=refusal,
        rate_key=f"user:{request.user.pk}",
        create=lambda text: appeals.appeal_create(
            appellant=request.user, statement=statement, text=text
        ),
    )
    if done is not None:
        return done
    return render(
        request,
        "comments/moderation/statement_detail.html",
        {
            "statement": statement,
            "appeals": statement.appeals.select_related("decided_by"),
            "form": form,
            "refusal": refusal,
            "is_concerned": statement.user_id == request.user.pk,
        },
        status=status,
    )


# --- The moderators' queues: notices (Art. 16) and complaints (Art. 20) ---------------------
# One queue view and one decide view; a DecisionQueue holds what differs between the two.


def _notice_decide(notice: Notice, moderator, data: dict) -> None:
    notices.notice_decide(
        notice=notice,
        moderator=moderator,
        act=data["decision"] == "act",
        legal_ground=data["legal_ground"],
        facts=data["facts"],
        decision_text=data["decision_text"],
        manifest=data["manifest"],
    )


def _appeal_decide(appeal: Appeal, moderator, data: dict) -> None:
    appeals.appeal_decide(
        appeal=appeal,
        moderator=moderator,
        reverse_decision=data["outcome"] == "reverse",
        text=data["text"],
    )


def _appeal_refusal(appeal: Appeal, moderator) -> str:
    """Four-eyes, said on the page before anyone tries (appeal_decide enforces it)."""
    if appeals.appeal_excluded(appeal=appeal, moderator=moderator):
        return _(
            "You sent, took or triggered the decision under complaint, or sent the complaint; "
            "another moderator must decide."
        )
    return ""


@dataclass(frozen=True)
class DecisionQueue:
    name: str  # the URL names "moderation:<name>" and "<item>-decide", the nav's mod_page
    item: str  # the element id prefix and the URL name of the decide view
    model: type
    items: Callable  # the selector: open items in the order they are worked
    form: type
    decide: Callable  # (item, moderator, cleaned_data) -> None; raises ValidationError
    template: str  # the item's own part inside the shared queue template
    title: str
    intro: str
    button: str
    decided: str  # the success message, with %(reference)s
    refusal: Callable = lambda item, moderator: ""  # why this moderator may not decide
    # The comment an item acts on, where a section claim applies (desk.claim_holder). A
    # complaint has none: four-eyes wants another moderator than the one who decided.
    comment_of: Callable | None = None


NOTICES = DecisionQueue(
    name="notices",
    item="notice",
    model=Notice,
    items=selectors.notice_queue,
    form=NoticeDecisionForm,
    decide=_notice_decide,
    template="comments/moderation/_notice_queue_item.html",
    title=gettext_lazy("Notices of illegal content"),
    intro=gettext_lazy(
        "Trusted flaggers first, then the oldest. Decide promptly; the notifier is told the "
        "outcome."
    ),
    button=gettext_lazy("Decide"),
    decided=gettext_lazy("Notice %(reference)s decided."),
    comment_of=lambda notice: notice.comment,
)
APPEALS = DecisionQueue(
    name="appeals",
    item="appeal",
    model=Appeal,
    items=selectors.appeal_queue,
    form=AppealDecisionForm,
    decide=_appeal_decide,
    template="comments/moderation/_appeal_queue_item.html",
    title=gettext_lazy("Complaints"),
    intro=gettext_lazy(
        "A complaint is decided by a moderator other than the one who took the decision."
    ),
    button=gettext_lazy("Decide complaint"),
    decided=gettext_lazy("Complaint %(reference)s decided."),
    refusal=_appeal_refusal,
)


@moderator_required
def decision_queue(request, queue: DecisionQueue):
    page = Paginator(queue.items(), 30).get_page(request.GET.get("page"))
    holders = desk_service.claims_of_others(request.user) if queue.comment_of else {}
    for item in page.object_list:  # one form per item, with ids of its own
        item.decision_form = queue.form(auto_id=f"{queue.item}-{item.pk}-%s")
        item.decide_refusal = queue.refusal(item, request.user)
        if queue.comment_of:
            item.claim = desk_service.claim_holder(
                moderator=request.user, comment=queue.comment_of(item), holders=holders
            )
    return render(
        request,
        "comments/moderation/decision_queue.html",
        {
            "queue_config": queue,
            "decide_url": f"moderation:{queue.item}-decide",
            "page_obj": page,
            "items": page.object_list,
            "mod_page": queue.name,
            "counts": selectors.queue_counts(),
        },
    )


@moderator_required
@require_POST
def decision_decide(request, pk, queue: DecisionQueue):
    item = get_object_or_404(queue.model, pk=pk)
    form = queue.form(request.POST)
    back = reverse(f"moderation:{queue.name}")
    if not form.is_valid():
        _show_form_errors(request, form)
        return HttpResponseRedirect(back)
    try:
        if queue.comment_of:
            desk_service.claim_check(moderator=request.user, comment=queue.comment_of(item))
        queue.decide(item, request.user, form.cleaned_data)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, queue.decided % {"reference": item.reference})
    return HttpResponseRedirect(back)


# --- The desk ------------------------------------------------------------------------------


def _sections_with_claims() -> list[tuple]:
    claims = {claim.section_id: claim for claim in desk_service.active_claims()}
    return [(section, claims.get(section.pk)) for section in Section.objects.all()]


@moderator_required
def desk(request):
    section = None
    slug = request.GET.get("section", "")
    if slug:
        section = Section.objects.filter(slug=slug).first()
    order = request.GET.get("order", "")
    order = order if order in desk_service.ORDERS else ""
    page = Paginator(
        desk_service.ordered(desk_service.desk_for(request.user, section=section), order), 30
    ).get_page(request.GET.get("page"))
    assistant_store.attach(page.object_list)
    holders = desk_service.claims_of_others(request.user)  # a section chosen by hand
    for item in page.object_list:
        item.priority_label = desk_service.PRIORITY_LABELS[item.priority]
        item.claim = desk_service.claim_holder(
            moderator=request.user, comment=item, holders=holders
        )
    return render(
        request,
        "comments/moderation/desk.html",
        {
            "page_obj": page,
            "items": page.object_list,
            # Each section with its fresh claim (or None): take, release or take over.
            "section_claims": _sections_with_claims(),
            "filter_section": slug,
            "mod_page": "desk",
            "counts": selectors.queue_counts(),
            "page_suffix": (f"&section={slug}" if section else "")
            + (f"&order={order}" if order else ""),
            "order": order,
            "order_suffix": f"&section={slug}" if section else "",
        },
    )


def _take_section(request, pk, take) -> None:
    section = get_object_or_404(Section, pk=pk)
    try:
        take(section=section, moderator=request.user)
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(request, _("You are working on %(section)s.") % {"section": section})


@moderator_required
@require_POST
def desk_claim(request, pk):
    _take_section(request, pk, desk_service.section_claim)
    return HttpResponseRedirect(reverse("moderation:desk"))


@moderator_required
@require_POST
def desk_take_over(request, pk):
    """Take a section another moderator holds; back to where the moderator came from."""
    _take_section(request, pk, desk_service.section_take_over)
    return HttpResponseRedirect(_next_url(request, reverse("moderation:desk")))


@moderator_required
@require_POST
def desk_release(request, pk):
    section = get_object_or_404(Section, pk=pk)
    desk_service.section_release(section=section, moderator=request.user)
    return HttpResponseRedirect(reverse("moderation:desk"))


@login_required
def comment_statement(request, pk):
    """The latest statement of reasons about a comment (for its author and moderators)."""
    statement = Statement.objects.filter(comment_id=pk).order_by("-created_at", "-pk").first()
    if statement is None:
        raise Http404
    _statement_for(request, statement.reference)  # 404 for anyone else
    return HttpResponseRedirect(statement.get_absolute_url())


# --- The Art. 15 transparency report for moderators -------------------------------------------


@moderator_required
@require_safe
def transparency_report(request):
    """The report's numbers for a period, monthly charts drawn on our server (inline SVG, no
    script, no third-party host) and a CSV download laid out as the Commission's template."""
    today = timezone.localdate()
    try:
        start = date.fromisoformat(request.GET.get("from") or f"{today.year}-01-01")
        end = date.fromisoformat(request.GET.get("to") or today.isoformat())
    except ValueError:
        return HttpResponseBadRequest(_("Give the period as YYYY-MM-DD."))
    if end < start or (end - start).days > 3 * 366:
        return HttpResponseBadRequest(_("Choose a period of at most three years, start first."))
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="dsa-transparency-{start}-{end}.csv"'
        )
        csv.writer(response).writerows(transparency.report_csv_rows(start, end))
        return response
    series = transparency.monthly(start, end)
    titles = {
        "notices": _("Notices received per month"),
        "actions": _("Decisions (statements of reasons) per month"),
        "complaints": _("Complaints per month"),
    }
    charts = [
        (titles[name], bar_chart(title=titles[name], bars=bars), bars)
        for name, bars in series.items()
    ]
    return render(
        request,
        "comments/moderation/transparency.html",
        {
            "start": start,
            "end": end,
            "report": transparency.report(start, end),
            "charts": charts,
            "csv_url": f"{request.path}?from={start}&to={end}&format=csv",
            "counts": selectors.queue_counts(),
            "mod_page": "transparency",
        },
    )
