"""Search at /suche/?q=: PostgreSQL full-text search in German, plain matching on SQLite.

The stored `Article.search_vector` (weights: headline A, kicker B, lead C, body D) decides
what matches; results are ranked by the small `search_head` (A-C), so the ranking never has to
read the TOASTed vector of every matching body. A trigger (migration 0003) keeps both current.
The query is parsed with websearch_to_tsquery, which accepts anything a reader types
("quotes", -minus, or) and never raises a syntax error, so odd or injection-shaped input
finds nothing instead of failing.
Snippets come from ts_headline with private-use sentinels as markers: the text is escaped
first, then only the sentinels become <mark>, so nothing from an article reaches the page
unescaped.

German compounds: the German stemmer keeps "Mietenkrise" whole, so "Miete" alone would not
find it, and the head of a compound comes last ("Mediangehalt"), where no prefix search
helps. Each plain word of the query is therefore widened with the words of the vocabulary
(SearchWord, the words of the published articles) that contain it by pg_trgm's word
similarity (`term <% word`, trigram GIN index), and the full-text query becomes
"the reader's query OR every word widened". Ranking adds the rank of the reader's own query,
so exact matches come first. A query with few hits gets "Did you mean ...?" from the same
vocabulary: the most similar known word (`word % term`) for each unknown word, offered only
when the corrected query finds more. SQLite: substring matching finds compounds anyway, and
difflib picks the suggestion.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Concat, Length
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from articles.models import Article, SearchWord, Section

CONFIG = "german"
MAX_QUERY_LENGTH = 200
# The dates a search may filter by: wide enough for any archive, far from the calendar's ends.
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
PAGE_SIZE = 10
START, STOP = "\ue000", "\ue001"  # never in article text; become <mark> after escaping
_PAIR = re.compile(f"{START}(.*?){STOP}", re.S)
_MARKDOWN = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the text
    (re.compile(r"[*_`#>]+"), ""),  # emphasis, code, headings, quotes
    (re.compile(r"\s+"), " "),
]


# The vocabulary: words of 4 to 40 letters (shorter ones are stop words or too ambiguous).
WORD = re.compile(r"[^\W\d_]{4,40}")
EXPANSIONS_PER_WORD = 10
SUGGEST_BELOW = 3  # "Did you mean ...?" when a query finds fewer articles than this
SUGGEST_SIMILARITY = 0.4  # pg_trgm similarity of a suggestion (its own default is 0.3)
SUGGEST_CUTOFF = 0.75  # difflib ratio on SQLite


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


@contextmanager
def full_text_plan():
    """Run the search queries with the GIN index, never a sequential scan.

    The planner does not count the cost of decompressing each row's TOASTed vector, so for a
    common word it picks a sequential scan that detoasts all 10,000 vectors (~0.5 s measured)
    instead of the index, which answers without touching them (a few ms).
    """
    if not uses_full_text():
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


class SearchForm(forms.Form):
    """The search page's form (GET): the query and the filters."""

    q = forms.CharField(
        label=_("Search term"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _("Please use at most %(limit_value)d characters for a search."),
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    section = forms.ModelChoiceField(
        Section.objects.order_by("tree_id", "lft"),
        to_field_name="slug",
        required=False,
        label=_("Section"),
        empty_label=_("All sections"),
    )
    genre = forms.ChoiceField(
        choices=[("", _("All genres")), *Article.Genre.choices], required=False, label=_("Genre")
    )
    date_from = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].label_from_instance = lambda s: "– " * s.level + s.name
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True  # a GET that changes nothing
        self.helper.form_class = "search-form"
        self.helper.attrs = {"role": "search"}
        self.helper.layout = Layout(
            Field("q", css_class="search-form__q"),
            Div("section", "genre", "date_from", "date_to", css_class="search-form__filters"),
            # A button without a name: the query string stays q=...&section=...
            StrictButton(_("Search"), type="submit", css_class="btn-primary"),
        )

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not (EARLIEST_DAY <= day <= LATEST_DAY):
            # The query adds a day to the end date: 9999-12-31 overflowed into a 500.
            raise forms.ValidationError(
                _("Please choose a date between %(start)s and %(end)s.")
                % {"start": date_format(EARLIEST_DAY), "end": date_format(LATEST_DAY)},
                code="date_out_of_range",
            )
        return day

    def clean_date_from(self):
        return self._clean_day("date_from")

    def clean_date_to(self):
        return self._clean_day("date_to")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data

    def has_criteria(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(k) for k in ("q", "section", "genre", "date_from", "date_to"))


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def plain_terms(q: str) -> list[str]:
    """The words of a query a reader wants found (not quoted, not excluded, not "or")."""
    if '"' in q:
        return []  # an exact phrase means exactly that
    return [w for w in q.split() if not w.startswith("-") and w.lower() != "or"]


def _word_key(term: str) -> str:
    match = WORD.fullmatch(term.strip(".,;:!?()'").lower())
    return match.group(0) if match else ""


def expansions(term: str) -> list[str]:
    """Vocabulary words that contain term by word similarity ("miete" -> "mietenkrise")."""
    key = _word_key(term)
    if not key or not uses_full_text():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            # Compounds that contain the word; typos are for suggest(), not for widening.
            "SELECT word FROM articles_searchword WHERE %s <%% word AND word <> %s "
            "AND strpos(word, %s) > 0 "
            "ORDER BY word_similarity(%s, word) DESC, ndoc DESC LIMIT %s",
            [key, key, key, key, EXPANSIONS_PER_WORD],
        )
        return [row[0] for row in cursor.fetchall()]


def full_text_query(q: str):
    """The reader's websearch query, OR each plain word widened by its compounds."""
    query = SearchQuery(q, config=CONFIG, search_type="websearch")
    groups = []
    for term in plain_terms(q):
        words = expansions(term)
        if not words:
            return query, query  # one word without compounds: the widened query adds nothing
        group = SearchQuery(term, config=CONFIG, search_type="plain")
        for word in words:
            group |= SearchQuery(word, config=CONFIG, search_type="plain")
        groups.append(group)
    if not groups:
        return query, query
    widened = groups[0]
    for group in groups[1:]:
        widened &= group
    for term in q.split():
        if term.startswith("-") and _word_key(term[1:]):
            widened &= ~SearchQuery(term[1:], config=CONFIG, search_type="plain")
    return query, query | widened


def article_search(
    *, q: str = "", section=None, genre: str = "", date_from=None, date_to=None, queries=None
):
    """Published articles matching the query and filters, best first (queryset, not run).

    `queries` is full_text_query(q) when the caller has it already (one vocabulary look-up
    per word and request).
    """
    articles = Article.objects.for_listing()
    if section is not None:
        articles = articles.filter(section__in=section.get_descendants(include_self=True))
    if genre:
        articles = articles.filter(genre=genre)
    if date_from:
        articles = articles.filter(published_at__gte=_day_start(date_from))
    if date_to:
        articles = articles.filter(published_at__lt=_day_start(date_to + timedelta(days=1)))
    if not q:
        return articles
    if uses_full_text():
        exact, query = queries or full_text_query(q)
        # Ranked by headline, kicker and lead (search_head, see Article): matches in the body
        # only come after them, newest first; the reader's own words before compounds.
        rank = SearchRank(F("search_head"), query)
        if query is not exact:
            rank = rank + SearchRank(F("search_head"), exact)
        ranked = articles.filter(search_vector=query).annotate(rank=rank)
        return ranked.order_by("-rank", "-published_at", "-pk")
    for word in q.split():
        articles = articles.filter(
            Q(headline__icontains=word)
            | Q(kicker__icontains=word)
            | Q(lead__icontains=word)
            | Q(body__icontains=word)
        )
    return articles


def _plain(text: str) -> str:
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text.strip()


def marked(text: str) -> SafeString:
    """Escape text, then turn START…STOP pairs into <mark>; stray sentinels are dropped."""
    parts, last = [], 0
    for match in _PAIR.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(1))}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts).replace(START, "").replace(STOP, ""))


def highlight_words(text: str, words: list[str]) -> SafeString:
    """Mark the words in text (plain matching on SQLite), escaping everything else."""
    words = [w for w in words if w]
    if not words:
        return marked(text)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.I)
    return marked(pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text))


def snippets(articles, q: str, queries=None) -> dict[int, tuple[SafeString, SafeString]]:
    """Highlighted (headline, snippet) for one page of results: one query on PostgreSQL."""
    ids = [a.pk for a in articles]
    if not ids or not q:
        return {}
    if not uses_full_text():
        words = q.replace('"', " ").split()
        return {
            a.pk: (highlight_words(a.headline, words), highlight_words(_plain(a.lead), words))
            for a in articles
        }
    _exact, query = queries or full_text_query(q)
    options = {"start_sel": START, "stop_sel": STOP, "config": CONFIG}
    rows = (
        Article.objects.filter(pk__in=ids)
        .annotate(
            hl_headline=SearchHeadline("headline", query, highlight_all=True, **options),
            hl_text=SearchHeadline(
                Concat("lead", Value(" "), "body", output_field=TextField()),
                query,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
                **options,
            ),
        )
        .values_list("pk", "hl_headline", "hl_text")
    )
    return {pk: (marked(head), marked(_plain(text))) for pk, head, text in rows}


def article_words(*texts: str) -> Counter:
    """The vocabulary words of some text, lower case, each counted once."""
    return Counter({w.lower() for text in texts for w in WORD.findall(_plain(text or ""))})


def search_words_add(*, article_id: int) -> int:
    """Add the words of a published article to the vocabulary (a task after its save)."""
    article = (
        Article.objects.filter(pk=article_id, status=Article.Status.PUBLISHED)
        .values_list("headline", "kicker", "lead", "body")
        .first()
    )
    if article is None:
        return 0
    words = article_words(*article)
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in words], ignore_conflicts=True, batch_size=1000
    )
    return len(words)


@transaction.atomic
def search_words_rebuild() -> int:
    """Recount the vocabulary from all published articles (after bulk loads; a command)."""
    counts: Counter = Counter()
    rows = Article.objects.filter(status=Article.Status.PUBLISHED).values_list(
        "headline", "kicker", "lead", "body"
    )
    for row in rows.iterator(chunk_size=2000):
        counts.update(article_words(*row))
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, ndoc=n) for w, n in counts.items()], batch_size=5000
    )
    return len(counts)


def _similar_word(key: str) -> str | None:
    if uses_full_text():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM articles_searchword WHERE word %% %s "
                "AND similarity(word, %s) >= %s ORDER BY similarity(word, %s) DESC, ndoc DESC "
                "LIMIT 1",
                [key, key, SUGGEST_SIMILARITY, key],
            )
            row = cursor.fetchone()
        return row[0] if row else None
    candidates = list(
        SearchWord.objects.annotate(n=Length("word"))
        .filter(word__startswith=key[0], n__gte=len(key) - 2, n__lte=len(key) + 2)
        .values_list("word", flat=True)[:5000]
    )
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=SUGGEST_CUTOFF)
    return close[0] if close else None


def suggest(q: str) -> str | None:
    """The query with each unknown word replaced by the most similar known one, or None."""
    words, changed = [], False
    for term in q.split():
        key = _word_key(term)
        if key and term in plain_terms(q) and not SearchWord.objects.filter(word=key).exists():
            better = _similar_word(key)
            if better and better != key:
                term = better.capitalize() if term[:1].isupper() else better
                changed = True
        words.append(term)
    return " ".join(words) if changed else None


def _suggestion(q: str, data: dict, found: int) -> str | None:
    """A suggestion only when the corrected query finds more than the reader's did."""
    if not q or found >= SUGGEST_BELOW:
        return None
    better = suggest(q)
    if better is None or article_search(**{**data, "q": better}).count() <= found:
        return None
    return better


@require_safe
def search_view(request):
    form = SearchForm(request.GET or None)
    context = {"form": form, "search_query": request.GET.get("q", "")[:MAX_QUERY_LENGTH]}
    if not form.is_bound:
        return render(request, "articles/search.html", context)
    if not form.is_valid():
        return render(request, "articles/search.html", context, status=400)
    context["searched"] = form.has_criteria()
    context["suggestion"] = None
    if not context["searched"]:
        return render(request, "articles/search.html", context)
    data = form.cleaned_data
    with full_text_plan():
        queries = full_text_query(data["q"]) if data["q"] and uses_full_text() else None
        results = article_search(**data, queries=queries)
        page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
        list(page.object_list)  # run the query inside the plan setting
        marks = snippets(page.object_list, data["q"], queries)
        suggestion = _suggestion(data["q"], data, page.paginator.count)
    for article in page.object_list:
        article.hl_headline, article.hl_snippet = marks.get(article.pk, (None, None))
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    if suggestion:
        context["suggestion"] = suggestion
        context["suggestion_url"] = f"{request.path}?{urlencode({**params, 'q': suggestion})}"
    context.update(
        page_obj=page,
        page_suffix="&" + urlencode(params) if params else "",
        full_text=uses_full_text(),
    )
    return render(request, "articles/search.html", context)
