"""One-time tokens that make a resubmitted form return what the first submission created.

Every rendered form that creates something (a comment, a report, a DSA notice) carries a
fresh token in a hidden field. The service stores it with the row under a unique constraint
(per author; for notices, which strangers send, on the token alone), so a retried POST (a
double click, a reload after a timeout, "send again" on the 503 page, a retry that reaches
another worker) finds the row the first attempt made instead of creating a second one.
Every new form that *creates* a row must follow the same pattern: a `post_token_field()`, a
`post_token` column with a partial unique constraint, and a look-up before the insert plus
an IntegrityError fallback (in a savepoint) in the service. Forms that *set a state* need
no token: a recommendation is unique per (comment, reader), so recommending or taking it
back twice changes nothing, and a second complaint against a decision is refused.

A token is not a secret: it only ever deduplicates its own author's posts, so a forged or
missing token can do no more than post once more.

A token stands for one submission, which is its text: the same author, token and text is a
retry; the same token with a *different* text is a new submission (the back button restores
a form that was sent already; a second reply is typed into a form opened before the first was
sent) and must never be dropped. Such a submission is stored under `resubmission_token(token,
text)`, derived from both, so its own retries deduplicate too.
"""

import hashlib
import re
import uuid

from django import forms

TOKEN_LENGTH = 32
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def new_post_token() -> str:
    return uuid.uuid4().hex


def clean_post_token(value) -> str:
    """The token if it is well-formed, else "" (old or tampered forms still post, once)."""
    value = (value or "").strip().lower()
    return value if _TOKEN.match(value) else ""


def resubmission_token(token: str, text: str) -> str:
    """The token of a new text sent with an already used form token (32 hex, deterministic)."""
    return hashlib.sha256(f"{token}\x00{text}".encode()).hexdigest()[:TOKEN_LENGTH]


def submission_tokens(token: str, text: str) -> list[str]:
    """The tokens a submission of `text` with form token `token` may be stored under."""
    return [token, resubmission_token(token, text)] if token else []


def post_token_field() -> forms.CharField:
    return forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)
