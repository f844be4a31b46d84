"""Exact query pins for the writes a stranger can trigger (issue 21): a visible reply (21
queries, 25 before issue 21 without the assistant and live updates), a reply held for review
(20, was 33), a report and a notice. Each query is named by its verb and table, so a new
query (a second read of the settings, the hold rules asked twice, a query per comment) fails
with its name; each write costs the same in a thread of 10 and of 1,000 comments."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.moderation.dsa.notices import notice_create
from comments.moderation.models import LegalGround, Report, WordRule
from comments.moderation.services import report_create
from comments.seeding import PlannedComment, demo_readers, thread_insert
from comments.services import comment_create
from newsroom.idempotency import new_post_token
from tests.factories import ArticleFactory, UserFactory, WordRuleFactory

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"(\w+)"')


def named(queries) -> list[str]:
    """'SELECT comments_comment', 'INSERT comments_report', 'LOCK thread', ... in order."""
    names = []
    for query in queries:
        sql = query["sql"].strip()
        verb = sql.split()[0].upper()
        if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
            continue  # transaction bookkeeping, not work
        if "pg_advisory_xact_lock" in sql:
            names.append("LOCK thread")
            continue
        table = TABLE.search(sql)
        names.append(f"{verb} {table.group(1) if table else '?'}")
    return names


def thread(size: int):
    """An article with one thread of `size` comments; returns (article, a comment mid-thread)."""
    readers = demo_readers()
    article = ArticleFactory()
    nodes = [PlannedComment(author=readers[0], body="Wurzel", parent=None)]
    for n in range(1, size):
        nodes.append(PlannedComment(author=readers[n % 5], body="x", parent=(n - 1) // 3))
        nodes[(n - 1) // 3].children.append(n)
    saved = thread_insert(article=article, nodes=nodes)
    return article, saved[size // 2]


def measure(write) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        write()
    return named(ctx.captured_queries)


# What every comment write reads before it takes the thread's lock: the retry token, the
# moderation settings (once), a sanction, the word lists, the account's pre-moderation flag.
BEFORE_LOCK = [
    "SELECT comments_comment",  # comment_retried: this author's post token
    "SELECT comments_moderationsettings",  # once per write, shared by refusal and hold rules
    "SELECT comments_sanction",  # participation_refusal
    "SELECT comments_assistantversion",  # the moderation assistant's active model (none here)
    "SELECT comments_wordrule",  # word lists (block, watch)
    "SELECT auth_permission",  # can_moderate(author): the account's own permissions ...
    "SELECT auth_permission",  # ... and its groups' (ModelBackend caches both on the user)
    "SELECT comments_usermoderation",  # hold_reason: pre-moderated account?
]
INSERT_REPLY = [
    "LOCK thread",
    "SELECT comments_comment",  # the parent, re-read under the lock
    "SELECT comments_comment",  # mptt: the parent's current position
    "UPDATE comments_comment",  # mptt: make room in this thread only
    "INSERT comments_comment",
    "SELECT articles_articleauthor",  # byline accounts (an author's reply answers a question)
    "SELECT articles_author",
]
BUMP = [
    "UPDATE comments_comment",  # the thread's tree_version
    "UPDATE articles_article",  # comment_count and thread_version
    "UPDATE comments_comment",  # the new comment's live_version (comments.live)
]
EXPECTED = {
    "visible reply": BEFORE_LOCK
    + [
        "SELECT comments_articlesurge",  # hold_rule: a surge on this article?
        "SELECT comments_articlediscussionsettings",  # this article's pre-moderation
    ]
    + INSERT_REPLY
    + ["INSERT accounts_notification"]  # the parent's author hears of the reply
    + BUMP,
    # The watched word holds it before the surge and article rules are asked.
    "held reply": BEFORE_LOCK
    + INSERT_REPLY
    + [
        "SELECT comments_holdexplanation",  # intake.hold_explain: the rule that held it
        "INSERT comments_holdexplanation",
    ]
    + BUMP,
    "report": [
        "SELECT comments_report",  # report_retried: this reporter's token and words
        "SELECT comments_report",  # the token taken by other words: a new report (issue 24)
        "SELECT comments_sanction",
        "SELECT comments_report",  # one report per reader and comment
        "INSERT comments_report",
        "SELECT comments_moderationsettings",  # intake.report_received: the surge limit
    ],
    "notice": [
        "SELECT comments_notice",  # notice_retried: the sender's token and text
        "SELECT comments_moderationsettings",  # once: trusted flaggers and the surge limit
        "SELECT comments_notice",  # the token taken by another text: a new notice (issue 24)
        "SELECT comments_notifiersuspension",
        "INSERT newsroom_ratelimit",  # the receipt counts against the inbox's mail limit
        "SELECT comments_trustedflagger",
        "INSERT comments_notice",
    ],
}


def writes(article, parent):
    reader, reporter, notifier = UserFactory(), UserFactory(), UserFactory()
    return {
        "visible reply": lambda: comment_create(
            article=article,
            author=reader,
            body="Eine Antwort",
            parent=parent,
            post_token=new_post_token(),
        ),
        "held reply": lambda: comment_create(
            article=article,
            author=reader,
            body="Impfung ja",
            parent=parent,
            post_token=new_post_token(),
        ),
        "report": lambda: report_create(
            comment=parent,
            reporter=reporter,
            reason=Report.Reason.SPAM,
            post_token=new_post_token(),
        ),
        "notice": lambda: notice_create(
            comment=parent,
            legal_ground=LegalGround.values[0],
            explanation="Beleidigung.",
            location=article.get_absolute_url(),
            bona_fide=True,
            notifier=notifier,
            post_token=new_post_token(),
        ),
    }


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_write_runs_exactly_the_named_queries_in_any_thread_size(kind):
    WordRuleFactory(phrase="Impfung", kind=WordRule.Kind.WATCH)
    seen = []
    for size in (10, 1_000):
        article, parent = thread(size)
        comment_create(article=article, author=UserFactory(), body="warm", parent=parent)
        write = writes(article, parent)[kind]
        seen.append(measure(write))
    assert seen[0] == seen[1], "a write must cost the same in a small and a big thread"
    assert seen[0] == EXPECTED[kind]
