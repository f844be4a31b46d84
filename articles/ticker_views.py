"""The live ticker: the editors' desk (fast entry page) and the readers' endpoints.

The desk works as plain forms (POST, redirect, GET) and answers requests that say
`X-Requested-With: fetch` (static/js/liveticker-desk.js) with the fragment to swap in, so
an editor with JavaScript never waits for a whole page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles import services, ticker
from articles.forms import TickerEntryForm, TickerSummaryForm
from articles.models import Article, Author, TickerEntry
from newsroom import surrogate

DESK_ENTRIES = 100
DESK_PERMISSION = "articles.add_tickerentry"


def _wants_fragment(request) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _desk_article(request, slug) -> Article:
    if not request.user.has_perm(DESK_PERMISSION):
        raise PermissionDenied
    return get_object_or_404(Article.objects.select_related("section"), slug=slug)


def _desk_entry(request, slug, pk) -> TickerEntry:
    article = _desk_article(request, slug)
    entry = get_object_or_404(
        TickerEntry.objects.select_related("image", "author").exclude(
            status=TickerEntry.Status.DELETED
        ),
        pk=pk,
        article=article,
    )
    entry.article = article
    return entry


def _own_author(user) -> Author | None:
    return Author.objects.filter(user=user).first()


def _image_from(form, current=None):
    data = form.cleaned_data
    if data.get("new_image"):
        return services.image_create(
            upload=data["new_image"],
            alt_text=data["image_alt_text"],
            credit=data.get("image_credit", ""),
        )
    if data.get("remove_image"):
        return None
    return current


def _desk_context(request, article, form) -> dict:
    entries = list(TickerEntry.objects.for_desk().filter(article=article)[:DESK_ENTRIES])
    for entry in entries:
        entry.article = article
    return {
        "article": article,
        "form": form,
        "summary_form": TickerSummaryForm(initial={"body": article.body}),
        "drafts": [e for e in entries if e.is_draft()],
        "published": [e for e in entries if e.is_published()],
    }


@login_required
def desk(request, slug):
    """The ticker desk: write an entry (publish now or keep as draft), see and manage all."""
    article = _desk_article(request, slug)
    if request.method == "POST":
        form = TickerEntryForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            entry = services.ticker_entry_create(
                article=article,
                body=data["body"],
                actor=request.user,
                author=data["author"],
                image=_image_from(form),
                is_key=data["is_key"],
                publish=request.POST.get("action") != "draft",
                published_at=data["published_at"],
            )
            note = _("Entry published.") if entry.is_published() else _("Draft saved.")
            if _wants_fragment(request):
                context = _desk_context(
                    request, article, TickerEntryForm(initial=_initial(request))
                )
                context["note"] = note
                return render(request, "articles/ticker/_desk_panel.html", context)
            messages.success(request, note)
            return redirect("articles:ticker-desk", slug=article.slug)
        status = 400
    else:
        form = TickerEntryForm(initial=_initial(request))
        status = 200
    context = _desk_context(request, article, form)
    if _wants_fragment(request):
        return render(request, "articles/ticker/_desk_panel.html", context, status=status)
    return render(request, "articles/ticker/desk.html", context, status=status)


def _initial(request) -> dict:
    author = _own_author(request.user)
    return {"author": author.pk if author else None}


@login_required
def entry_edit(request, slug, pk):
    entry = _desk_entry(request, slug, pk)
    if request.method == "POST":
        form = TickerEntryForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            services.ticker_entry_update(
                entry=entry,
                body=data["body"],
                author=data["author"],
                image=_image_from(form, entry.image),
                is_key=data["is_key"],
                published_at=_new_time(data["published_at"], entry),
            )
            messages.success(request, _("Entry saved."))
            return redirect(reverse("articles:ticker-desk", args=[slug]) + f"#{entry.anchor()}")
        status = 400
    else:
        form = TickerEntryForm(
            initial={
                "body": entry.body,
                "is_key": entry.is_key,
                "author": entry.author_id,
                "published_at": entry.published_at,
            }
        )
        status = 200
    return render(
        request,
        "articles/ticker/entry_form.html",
        {"article": entry.article, "entry": entry, "form": form},
        status=status,
    )


def _new_time(value, entry):
    """The time field shows minutes only: the same minute means "unchanged", not ":00"."""
    if value is None or entry.published_at is None:
        return value
    if value == entry.published_at.replace(second=0, microsecond=0):
        return None
    return value


@login_required
@require_POST
def entry_publish(request, slug, pk):
    entry = _desk_entry(request, slug, pk)
    services.ticker_entry_publish(entry=entry)
    return _desk_done(request, entry.article, _("Entry published."))


@login_required
def entry_delete(request, slug, pk):
    entry = _desk_entry(request, slug, pk)
    if request.method == "POST":
        services.ticker_entry_delete(entry=entry)
        return _desk_done(request, entry.article, _("Entry deleted."))
    return render(
        request,
        "articles/ticker/entry_confirm_delete.html",
        {"article": entry.article, "entry": entry},
    )


@login_required
@require_POST
def ticker_status(request, slug):
    """Start (or resume) and end the ticker."""
    article = _desk_article(request, slug)
    action = request.POST.get("action")
    if action == "end":
        services.ticker_end(article=article, actor=request.user)
        note = _("The ticker has ended.")
    elif action == "start":
        services.ticker_resume(article=article, actor=request.user)
        note = _("The ticker is live.")
    else:
        return HttpResponseBadRequest(_("Choose whether to start or to end the ticker."))
    messages.success(request, note)
    return redirect("articles:ticker-desk", slug=article.slug)


@login_required
@require_POST
def ticker_summary(request, slug):
    article = _desk_article(request, slug)
    form = TickerSummaryForm(request.POST)
    if not form.is_valid():
        context = _desk_context(request, article, TickerEntryForm(initial=_initial(request)))
        context["summary_form"] = form
        return render(request, "articles/ticker/desk.html", context, status=400)
    article.body = form.cleaned_data["body"]
    services.article_save(article=article, actor=request.user, keep_published_at=True)
    services.article_live_version_bump(article_id=article.pk)
    messages.success(request, _("Summary saved."))
    return redirect("articles:ticker-desk", slug=article.slug)


def _desk_done(request, article, note):
    if _wants_fragment(request):
        context = _desk_context(request, article, TickerEntryForm(initial=_initial(request)))
        context["note"] = note
        return render(request, "articles/ticker/_desk_panel.html", context)
    messages.success(request, note)
    return redirect("articles:ticker-desk", slug=article.slug)


# --- Readers ----------------------------------------------------------------------------


def _public_ticker(request, slug) -> Article:
    article = get_object_or_404(Article.objects.only(
        "pk", "slug", "status", "published_at", "is_liveticker", "thread_version",
    ), slug=slug, is_liveticker=True)  # fmt: skip
    if not article.is_visible_to(request.user):
        raise Http404
    surrogate.keys_add(request, surrogate.article(article.pk))  # purged by every entry write
    return article


def entries(request, slug):
    """The next older page of entries, as the fragment "ältere Einträge laden" appends."""
    article = _public_ticker(request, slug)
    try:
        before = ticker.parse_before(request.GET.get("vor"))
    except ticker.BadCursor:
        return HttpResponseBadRequest(_('"vor" must be the number of an entry.'))
    page = ticker.ticker_page(request, article, before=before)
    return render(request, "articles/ticker/_entries.html", {"article": article, "ticker": page})


def entry_permalink(request, slug, pk):
    """An entry's permanent address: the ticker page that shows it, scrolled to the entry."""
    article = _public_ticker(request, slug)
    entry = get_object_or_404(TickerEntry.objects.published(), pk=pk, article=article)
    cursor = ticker.entry_page_cursor(entry)
    query = f"?vor={cursor}" if cursor else ""
    return redirect(f"{article.get_absolute_url()}{query}#{entry.anchor()}")
