"""Cook a comment's raw text into HTML once, at write time.

Everything the reader typed is escaped; the only markup we add is paragraphs, line breaks,
profile links for @handles of existing users and links for URLs. Templates may output
`Comment.body_html` unescaped because it only ever comes from `cook()`.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString

# One scan finds URLs, e-mail addresses and @handles; whatever starts first wins, so an
# address like anna@example.org is consumed as a whole before its "@example" could count
# as a mention, and a path like /@anna inside a URL never reaches the mention branch.
TOKEN_RE = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"'`]+)"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?<![\w.@/])@(?P<handle>[A-Za-z0-9_]{3,30})(?![A-Za-z0-9_@])",
    re.UNICODE,
)
TRAILING_PUNCTUATION = ".,;:!?'\")]}"
PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \t]*\n+")
LINK_REL = "nofollow ugc noopener"


@dataclass
class Cooked:
    html: str
    mentions: list = field(default_factory=list)


def _split_url(candidate: str) -> tuple[str, str]:
    """Return (url, trailing text): sentence punctuation after a URL is not part of it."""
    url = candidate
    while url and url[-1] in TRAILING_PUNCTUATION:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break  # balanced, as in Wikipedia links: https://de.wikipedia.org/wiki/Foo_(Bar)
        url = url[:-1]
    return url, candidate[len(url) :]


def mentioned_handles(body: str) -> set[str]:
    """Return the lower-cased @handles in `body`, ignoring e-mail addresses and URLs."""
    handles = set()
    for match in TOKEN_RE.finditer(body):
        if match.group("handle"):
            handles.add(match.group("handle").lower())
    return handles


def users_for_handles(handles: set[str]) -> dict:
    """Map lower-cased handle to active user, in one query."""
    if not handles:
        return {}
    users = (
        get_user_model()
        .objects.annotate(handle_lower=Lower("username"))
        .filter(handle_lower__in=handles, is_active=True)
    )
    return {user.handle_lower: user for user in users}


def _render_line(line: str, users: dict, found: dict) -> str:
    parts = []
    position = 0
    for match in TOKEN_RE.finditer(line):
        parts.append(escape(line[position : match.start()]))
        position = match.end()
        text = match.group(0)
        if match.group("url"):
            url, trailing = _split_url(text)
            href = url if url.lower().startswith(("http://", "https://")) else f"https://{url}"
            parts.append(format_html('<a href="{}" rel="{}">{}</a>', href, LINK_REL, url))
            parts.append(escape(trailing))
        elif match.group("handle"):
            user = users.get(match.group("handle").lower())
            if user is None:
                parts.append(escape(text))
            else:
                found[user.pk] = user
                # By id, not handle: the link keeps pointing at this account, whatever
                # happens to the handle (a deleted account's handle is retired).
                parts.append(
                    format_html(
                        '<a class="mention" href="{}">@{}</a>',
                        reverse("accounts:profile-id", kwargs={"pk": user.pk}),
                        user.username,
                    )
                )
        else:
            parts.append(escape(text))
    parts.append(escape(line[position:]))
    return "".join(parts)


def cook(body: str, *, users: dict | None = None) -> Cooked:
    """Return the escaped, linkified HTML for `body` and the users it mentions.

    `users` (lower-cased handle -> user) skips the lookup, for bulk imports.
    """
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if users is None:
        users = users_for_handles(mentioned_handles(text))
    found: dict = {}
    paragraphs = []
    for paragraph in PARAGRAPH_SPLIT_RE.split(text):
        paragraph = paragraph.strip("\n")
        if not paragraph.strip():
            continue
        lines = [_render_line(line, users, found) for line in paragraph.split("\n")]
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    return Cooked(html=SafeString("\n".join(paragraphs)), mentions=list(found.values()))
