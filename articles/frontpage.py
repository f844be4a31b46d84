"""The front page: the editors' lead story and top slots, then one block per section.

Reading it costs a fixed number of queries however many sections and slots there are: the top
is one query (pinned slots first, then the newest articles fill the rest), the section
blocks are one query with a window function (the newest few per top-level section).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Case, F, Q, Subquery, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from articles import schedule
from articles.models import Article, FrontPageSlot, Section


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article]


@dataclass
class FrontPage:
    lead: Article | None = None
    top: list[Article] = field(default_factory=list)
    blocks: list[SectionBlock] = field(default_factory=list)
    # The next scheduled publication anywhere (it may take any slot or block) or slot end.
    next_change: datetime | None = None

    @property
    def article_ids(self) -> set[int]:
        shown = [self.lead, *self.top, *(a for b in self.blocks for a in b.articles)]
        return {a.pk for a in shown if a is not None}


def top_articles(*, count: int, now: datetime | None = None) -> list[Article]:
    """Pinned articles by position, then the newest unpinned ones: the fallback is built in.

    A slot whose `ends_at` has passed pins nothing. With `now`, each row carries
    `next_publication` (the site's next scheduled article) and `next_slot_end` (the next
    end of a slot): the moments the front page changes by the clock (articles.schedule).
    """
    now = now or timezone.now()
    queryset = Article.objects.for_listing().annotate(
        pinned_at=Case(
            When(
                Q(front_page_slot__ends_at__isnull=True) | Q(front_page_slot__ends_at__gt=now),
                then=F("front_page_slot__position"),
            ),
            default=None,
        ),
        next_publication=schedule.next_publication(Article.objects.all(), now),
        next_slot_end=Subquery(
            FrontPageSlot.objects.filter(ends_at__gt=now).order_by("ends_at").values("ends_at")[:1]
        ),
    )
    return list(
        queryset.order_by(F("pinned_at").asc(nulls_last=True), "-published_at", "-pk")[:count]
    )


def section_blocks(*, sections: list[Section], exclude: set[int], per_section: int):
    """The newest articles of each top-level section (subsections included), in nav order."""
    ranked = (
        Article.objects.for_listing()
        .exclude(pk__in=exclude)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("section__tree_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=per_section)
    )
    by_tree: dict[int, list[Article]] = {}
    for article in ranked:
        by_tree.setdefault(article.section.tree_id, []).append(article)
    return [
        SectionBlock(section=section, articles=by_tree[section.tree_id])
        for section in sections
        if by_tree.get(section.tree_id)
    ]


def front_page(*, sections: list[Section], now: datetime | None = None) -> FrontPage:
    """Assemble the front page; `sections` are the top-level sections (the cached nav).

    `now` (taken before the queries) asks for the moment the page changes by the clock.
    """
    top = top_articles(count=1 + settings.FRONT_PAGE_TOP_SLOTS, now=now)
    if not top:
        return FrontPage()
    page = FrontPage(lead=top[0], top=top[1:])
    moments = [top[0].next_publication, top[0].next_slot_end]
    page.next_change = min((m for m in moments if m is not None), default=None)
    page.blocks = section_blocks(
        sections=sections,
        exclude={a.pk for a in top},
        per_section=settings.FRONT_PAGE_SECTION_TEASERS,
    )
    return page
