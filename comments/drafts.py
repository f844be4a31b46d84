"""A comment's text kept through a login: the session ran out while the reader wrote.

The post arrives without a logged-in user; instead of dropping the text, the draft goes into
the (new, anonymous) session, which Django's login keeps (it only cycles the key). The
article page then puts it back into the form once, with a note. Drafts are capped in size
and age: they are a courtesy for the reader who wrote, not a store.
"""

from __future__ import annotations

import time

from django.conf import settings

SESSION_KEY = "comment_draft"
MAX_AGE_SECONDS = 2 * 3600
MAX_FACTOR = 10  # a draft longer than ten comments is not kept (the limit refuses it anyway)


def draft_keep(request, *, article) -> bool:
    """Keep the posted text of `article`'s comment form in the session; True if kept."""
    body = request.POST.get("body", "")
    if not body.strip() or len(body) > settings.COMMENT_MAX_LENGTH * MAX_FACTOR:
        return False
    parent = (request.POST.get("parent") or "").strip()
    request.session[SESSION_KEY] = {
        "article": article.pk,
        "parent": int(parent) if parent.isdigit() else None,
        "body": body,
        "at": time.time(),
    }
    return True


def draft_take(request, *, article) -> dict | None:
    """The kept draft for `article` (body, parent), removed from the session; or None."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return None
    draft = session.get(SESSION_KEY)
    if not isinstance(draft, dict) or draft.get("article") != article.pk:
        return None
    del session[SESSION_KEY]
    if time.time() - float(draft.get("at", 0)) > MAX_AGE_SECONDS:
        return None
    return {"body": str(draft.get("body", "")), "parent": draft.get("parent")}
