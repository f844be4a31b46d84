"""Which threads the page lists and how to reach the others: the ?sort= tab, the page number,
the listed count (cached under the discussion's version) and every URL of the section."""

import math
from functools import cached_property
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Paginator
from django.urls import reverse

from comments.models import Comment
from comments.threads import FLAT_SORTS, QUESTION_SORTS, root_order


class KnownCountPaginator(Paginator):
    """A paginator told its count, so that it does not ask the database again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


class ThreadPaging:
    """A part of ThreadPage (comments/thread_page/__init__.py); it uses the page's
    `article`, `user`, `request` and the other parts' members."""

    @property
    def version(self) -> int:
        """The discussion's version, from the article row already loaded: no query of its own."""
        return self.article.thread_version

    def _listed(self):
        """What the current tab lists: picks (single comments) or thread roots, in order."""
        if self.is_flat:
            return Comment.objects.picks(self.article)
        return root_order(self.article, self.order)

    @cached_property
    def listed_count(self) -> int:
        """How many threads (or picks) the tab lists; cached under the article's version."""
        key = f"comments:listed:{self.article.pk}:{self.version}:{self.order}"
        count = cache.get(key)
        if count is None:
            count = self._listed().count()
            cache.set(key, count, 3600)
        return count

    @cached_property
    def page_number(self) -> int:
        """The requested page, clamped to the real range: any other number is the same key."""
        pages = max(1, math.ceil(self.listed_count / self.per_page))
        return min(self.requested_page, pages)

    @property
    def sort(self) -> str:
        return self.order

    @property
    def is_flat(self) -> bool:
        return self.order in FLAT_SORTS

    @property
    def is_questions(self) -> bool:
        return self.order in QUESTION_SORTS

    @cached_property
    def page_obj(self):
        listed = self._listed()
        if not self.is_flat:
            # Each root's tree_version comes along: the key of its thread's cached fragment.
            listed = listed.values_list("tree_id", "tree_version")
        paginator = KnownCountPaginator(listed, self.per_page, count=self.listed_count)
        return paginator.page(self.page_number)

    @property
    def tabs(self):
        """(sort, label, url, current) for the links above the thread."""
        from django.utils.translation import gettext as _

        tabs = [
            ("oldest", _("Oldest")),
            ("newest", _("Newest")),
            ("recommended", _("Most recommended")),
            ("picks", _("Editors' picks")),
        ]
        if self.questions_open:
            tabs.append(("questions", _("Questions to the authors")))
        return [
            (sort, label, self.url(order=sort, page=None) + "#comments", sort == self.order)
            for sort, label in tabs
        ]

    @property
    def url_questions(self) -> str:
        return self.url(order="questions", page=None) + "#comments"

    @property
    def answered_first_url(self) -> str:
        return self.url(order="answered", page=None) + "#comments"

    @property
    def feed_url(self) -> str:
        return reverse("comments:feed", kwargs={"slug": self.article.slug})

    def url(self, **params) -> str:
        """A URL of the article page keeping the current order and page unless overridden."""
        query = {"sort": self.order, "page": self.page_number}
        if "order" in params:
            params["sort"] = params.pop("order")
        query.update(params)
        query = {k: v for k, v in query.items() if v not in (None, "", 1, "oldest")}
        return self.base_url + (f"?{urlencode(query)}" if query else "")

    @property
    def newest_url(self) -> str:
        return self.url(order="newest", page=None) + "#comments"

    @property
    def oldest_url(self) -> str:
        return self.url(order="oldest", page=None) + "#comments"

    def page_url(self, number) -> str:
        return self.url(page=number) + "#comments"

    @cached_property
    def page_links(self) -> list[dict]:
        """Every page of threads (elided when there are many), each linking to #comments."""
        page = self.page_obj
        links = []
        for number in page.paginator.get_elided_page_range(page.number, on_each_side=2):
            if number == page.paginator.ELLIPSIS:
                links.append({"ellipsis": True})
            else:
                links.append(
                    {
                        "number": number,
                        "url": self.page_url(number),
                        "current": number == page.number,
                    }
                )
        return links

    @property
    def previous_url(self) -> str:
        return self.page_url(self.page_obj.previous_page_number())

    @property
    def next_url(self) -> str:
        return self.page_url(self.page_obj.next_page_number())

    @property
    def reply_url_prefix(self) -> str:
        """The article URL with order and page; templates append reply_to=<pk>."""
        url = self.url()
        return url + ("&" if "?" in url else "?")
