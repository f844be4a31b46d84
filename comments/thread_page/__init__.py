"""What the comment section of one article page shows to one viewer, in four parts whose
names say what they hold:

access.py     who may do what here (state, refusal, posting, replying, reporting, moderating)
paging.py     which threads are listed, in which order, on which page, and every URL
fragments.py  the threads' HTML: cached for everyone, rendered for this viewer where needed
compose.py    the forms: top-level, reply, question and the authors' answers

The rows and the display tree they build on are in comments/threads.py.
"""

from django.conf import settings

from comments.moderation import rules
from comments.thread_page.access import ThreadAccess
from comments.thread_page.compose import ThreadForms
from comments.thread_page.fragments import ThreadFragments
from comments.thread_page.paging import ThreadPaging
from comments.threads import ORDERS, QUESTION_SORTS


def positive_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class ThreadPage(ThreadAccess, ThreadPaging, ThreadFragments, ThreadForms):
    """What the comment section of one article page shows to one viewer.

    Built by the `comment_thread` template tag from the query string, or handed a refused
    post's bound form (and the reply it answered) explicitly through the template context by
    comments.views. `request` is only used for what the reader's forms carry (the CSRF
    token, the current path); who reads is `user`.
    """

    def __init__(
        self, *, article, user, request=None, page=None, order=None, reply_to=None, form=None
    ):
        self.article = article
        self.user = user
        self.request = request
        if order in QUESTION_SORTS and not rules.questions_open(article):
            order = None
        self.order = order if order in ORDERS else "oldest"
        self.requested_page = positive_int(page) or 1
        self.reply_to = positive_int(reply_to)
        self.form = form  # a bound form with errors, when re-rendering a failed post
        self.base_url = article.get_absolute_url()
        self.per_page = settings.COMMENT_THREADS_PER_PAGE
