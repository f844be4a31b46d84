"""The absolute addresses in the DSA records and mails, and the signed complaint key of a
notifier without an account. The site's public address (settings.SITE_URL) is their only
source: never the request's host."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from comments.moderation.models import Appeal, Notice, Statement


def site_url() -> str:
    return getattr(settings, "SITE_URL", "http://localhost:8000").rstrip("/")


def statement_url(statement: Statement) -> str:
    return reverse("discussion:statement", kwargs={"reference": statement.reference})


def appeal_url(appeal: Appeal) -> str:
    if appeal.statement_id:
        return reverse("discussion:statement", kwargs={"reference": appeal.statement.reference})
    return reverse("discussion:notice", kwargs={"reference": appeal.notice.reference})


# Art. 20(1) DSA: a notifier without an account complains through a signed link in the
# decision mail; the signature stands in for the login, for the six months of a complaint.
COMPLAINT_KEY_SALT = "comments.dsa.notice-complaint"


def notice_complaint_key(notice: Notice) -> str:
    return signing.dumps(notice.reference, salt=COMPLAINT_KEY_SALT)


def notice_key_valid(notice: Notice, key: str) -> bool:
    """Whether `key` is the mailed complaint link of this notice (any age: the six months are
    checked by appeals.appeal_refusal from the decision's date)."""
    if not key:
        return False
    try:
        return signing.loads(key, salt=COMPLAINT_KEY_SALT) == notice.reference
    except signing.BadSignature:
        return False


def notice_complaint_url(notice: Notice) -> str:
    """The notice's page; for a notifier without an account, with the signed key."""
    url = site_url() + reverse("discussion:notice", kwargs={"reference": notice.reference})
    if notice.notifier_id is None:
        url += "?key=" + notice_complaint_key(notice)
    return url
