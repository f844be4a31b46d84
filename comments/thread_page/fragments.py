"""The page's threads as HTML: shared fragments from the cache, what is missing rendered from
one query, and what this viewer sees differently rendered for them alone."""

import math
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accounts.services import muted_user_ids
from comments.cache import fragment_stamps, fragments_get, fragments_set
from comments.permissions import byline_user_ids, can_pick
from comments.thread_render import ReaderBits, ThreadRenderer, fragment_slots, render_reply_form
from comments.threads import (
    OWN_DIFFERENT,
    Fragment,
    Viewer,
    build_display_tree,
    build_flat_list,
    live_texts,
    private_statuses,
    recommendation_counts_key,
    thread_rows,
)
from newsroom.edge import page_expires_within, page_not_storable


class ThreadFragments:
    """A part of ThreadPage (comments/thread_page/__init__.py); it uses the page's
    `article`, `user`, `request` and the other parts' members."""

    @cached_property
    def fragments(self) -> list[list]:
        """The page's threads as fragments (thread_render), in page order, for this viewer.

        Shared fragments come from the cache; what is missing or outdated is rendered from
        ONE query for those threads. A thread this viewer sees differently from everyone
        else (a moderator: anything not visible; an author: their own pending or hidden
        comment; a reader who muted one of its authors) is rendered for them, never cached.
        The editors' picks tab is a short list of single comments, rendered uncached.
        """
        if self.is_flat:
            return self._flat_fragments()
        pairs = list(self.page_obj.object_list)
        if not pairs:
            return []
        article_id = self.article.pk
        variant = f"{get_language()}:{timezone.get_current_timezone_name()}"
        stamps = fragment_stamps(
            pairs,
            # The recommendation counts shown in the fragments are valid for one slot while
            # the article is hot (see recommendation_counts_key): a wave re-renders once per slot.
            counts=recommendation_counts_key(self.article),
            badges=self.shared_viewer.badge_user_ids,
        )
        # The whole-page cache has no such slot key: its copy lives one slot at most.
        if self.request is not None:
            page_expires_within(self.request, settings.COMMENT_RECOMMENDATION_REFRESH_SECONDS)
        lookup = fragments_get(article_id, stamps, variant)
        shared, to_render, stale = lookup.use, lookup.render, lookup.stale
        if stale and self.request is not None:  # a page with an outdated thread: not stored
            page_not_storable(self.request)
        personal = {
            tree_id for tree_id, fragment in shared.items() if self._sees_differently(fragment)
        }
        if to_render or personal:
            comments = thread_rows(self.article, to_render | personal)
            if to_render:
                fresh = self._render_shared(comments, to_render)
                fragments_set(article_id, stamps, fresh, variant, locked=lookup.locked)
                shared.update(fresh)
                personal |= {t for t in to_render if self._sees_differently(fresh[t])}
            if personal:
                shared.update(self._render_personal(comments, personal))
        return [shared[tree_id].parts for tree_id, _ in pairs if shared[tree_id].parts]

    def _render_shared(self, comments, tree_ids) -> dict:
        """{tree_id: Fragment} of the threads as every reader sees them (to be cached)."""
        by_tree: dict[int, list] = {}
        for comment in comments:
            by_tree.setdefault(comment.tree_id, []).append(comment)
        rendering = [c for c in comments if c.tree_id in tree_ids]
        roots = build_display_tree(rendering, user=None, moderates=False, viewer=self.shared_viewer)
        parts = ThreadRenderer().render(roots)
        return {
            tree_id: Fragment(
                parts=parts.get(tree_id, []),
                private=private_statuses(by_tree.get(tree_id, [])),
            )
            for tree_id in tree_ids
        }

    def _render_personal(self, comments, tree_ids) -> dict:
        """{tree_id: Fragment} of the threads this viewer sees differently (never cached)."""
        mine = [c for c in comments if c.tree_id in tree_ids]
        roots = build_display_tree(
            mine, user=self.user, moderates=self.moderates, viewer=self.viewer
        )
        renderer = ThreadRenderer(viewer=self.user, moderates=self.moderates)
        fragments = {
            tree_id: Fragment(parts=parts, private=())
            for tree_id, parts in renderer.render(roots).items()
        }
        for tree_id in tree_ids - {root.tree_id for root in roots}:
            fragments[tree_id] = Fragment(parts=[], private=())  # nothing left for this viewer
        return fragments

    def _flat_fragments(self) -> list[list]:
        picks = list(self.page_obj.object_list)
        if not picks:
            return []
        shown = build_flat_list(picks, user=self.user, moderates=self.moderates, viewer=self.viewer)
        renderer = ThreadRenderer(viewer=self.user, moderates=self.moderates)
        # One render per pick: two picks of one thread must not share a fragment.
        return [renderer.render([pick])[pick.tree_id] for pick in shown]

    def _sees_differently(self, fragment) -> bool:
        if not self.user.is_authenticated:
            return False
        muted = self.viewer.muted_ids
        if muted and any(slot.author_id in muted for slot in fragment_slots(fragment.parts)):
            return True  # collapsed for this reader only
        if not fragment.private:
            return False
        if self.moderates:
            return True
        pk = self.user.pk  # an author's own deleted comment looks the same to them
        return any(
            author_id == pk and status in OWN_DIFFERENT for author_id, status in fragment.private
        )

    @property
    def has_threads(self) -> bool:
        return bool(self.fragments)

    @cached_property
    def shared_viewer(self) -> Viewer:
        """What every reader sees alike: the byline accounts that get the "Autor:in" badge."""
        return Viewer(badge_user_ids=byline_user_ids(self.article))

    @cached_property
    def viewer(self) -> Viewer:
        """The reader's own part: mutes (one query per page) and rights, if logged in.

        Their own recommendations are read by the reader part in comments/highlights.py.
        """
        if not self.user.is_authenticated:
            return self.shared_viewer
        return Viewer(
            badge_user_ids=self.shared_viewer.badge_user_ids,
            muted_ids=muted_user_ids(self.user),
            may_recommend=self.can_post,
            may_pick=can_pick(self.user),
        )

    @cached_property
    def list_html(self) -> str:
        """The page's threads with this reader's bits applied on top (no queries)."""
        bits = self._bits = ReaderBits(thread=self)
        fragments = self.fragments
        bits.prefetch(fragments)
        if self.reply_form is not None:
            bits.reply_form_html = render_reply_form(self)
        return mark_safe("".join(bits.fill(fragment) for fragment in fragments))

    @cached_property
    def live_footer(self) -> str:
        """This reader's footer with __ID__/__NAME__/__AUTHOR__ marks: the page's <template>
        for comments that arrive live (static/js/live.js). No query: the bits of list_html."""
        self.list_html  # noqa: B018 (prefetches the reader's bits)
        return mark_safe(self._bits.footer_template())

    @cached_property
    def live(self) -> dict | None:
        """What static/js/live.js needs on this page, or None when live updates are switched
        off (site-wide or for the article). Never depends on the clock: the answer of an idle
        article says so itself (comments.live), so the cached page stays valid."""
        article = self.article
        if not (settings.LIVE_UPDATES and article.live_updates):
            return None
        pages = max(1, math.ceil(self.listed_count / self.per_page))
        # New threads appear where the chosen order puts them, on the page that shows them.
        roots = ""
        if self.order == "newest" and self.page_number == 1:
            roots = "top"
        elif self.order == "oldest" and self.page_number == pages:
            roots = "bottom"
        url = reverse("comments:live", kwargs={"article_id": article.pk})
        return {
            "url": f"{url}?{urlencode({'lang': get_language() or settings.LANGUAGE_CODE})}",
            "version": article.thread_version,
            "epoch": recommendation_counts_key(article),
            "roots": roots,
            "poll": settings.LIVE_POLL_SECONDS,
            "poll_max": settings.LIVE_POLL_MAX_SECONDS,
            "texts": live_texts(),
        }
