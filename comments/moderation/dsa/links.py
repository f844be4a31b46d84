"""The absolute addresses in the DSA records and mails, and the signed complaint key of a
notifier without an account. The site's public address (settings.SITE_URL) is their only
source: never the request's host."""

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from comments.moderation.models import APPEAL_DAYS, Appeal, Notice, Statement
from newsroom import public_url
from newsroom.ratelimit import digest


def site_url() -> str:
    return public_url.site_url()


def statement_url(statement: Statement) -> str:
    return reverse("discussion:statement", kwargs={"reference": statement.reference})


def appeal_url(appeal: Appeal) -> str:
    if appeal.statement_id:
        return reverse("discussion:statement", kwargs={"reference": appeal.statement.reference})
    return reverse("discussion:notice", kwargs={"reference": appeal.notice.reference})


# Art. 20(1) DSA: a notifier without an account complains through a signed link in the
# decision mail; the signature stands in for the login, for the six months of a complaint.
COMPLAINT_KEY_SALT = "comments.dsa.notice-complaint"


def _recipient(notice: Notice) -> str:
    return digest(f"complaint-recipient|{notice.email.casefold()}")[:16]


def notice_complaint_key(notice: Notice) -> str:
    """The key of the mailed complaint link: this notice, and the address it was mailed to."""
    return signing.dumps({"n": notice.reference, "r": _recipient(notice)}, salt=COMPLAINT_KEY_SALT)


def notice_key_valid(notice: Notice, key: str) -> bool:
    """Whether `key` is the mailed complaint link of this notice, still within the complaint
    period (six months from the decision; issue 22: links never expired) and still bound to
    the address it was mailed to (a deleted or changed address kills it)."""
    if not key or notice.decided_at is None or not notice.email:
        return False
    if notice.decided_at + timezone.timedelta(days=APPEAL_DAYS) < timezone.now():
        return False
    try:
        data = signing.loads(key, salt=COMPLAINT_KEY_SALT, max_age=(APPEAL_DAYS + 1) * 86400)
    except signing.BadSignature:
        return False
    return (
        isinstance(data, dict)
        and data.get("n") == notice.reference
        and data.get("r") == _recipient(notice)
    )


def notice_complaint_url(notice: Notice) -> str:
    """The notice's page; for a notifier without an account, with the signed key."""
    url = site_url() + reverse("discussion:notice", kwargs={"reference": notice.reference})
    if notice.notifier_id is None:
        url += "?key=" + notice_complaint_key(notice)
    return url
