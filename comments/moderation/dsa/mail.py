"""The DSA mails: each task in comments/tasks.py calls one function here, after the decision
committed (the task retries a failing mail server). What a mail says lives in the templates
under comments/moderation/email/; the addresses come from links.py."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from comments.moderation.dsa.links import appeal_url, notice_complaint_url, site_url
from comments.moderation.dsa.texts import dispute_settlement_text
from comments.moderation.models import Appeal, ModerationSettings, Notice, Statement


def mail(*, to: str, template: str, context: dict) -> bool:
    """Send one DSA mail in the site's language now; a failing server raises.

    Only tasks (comments/tasks.py) call this, after the decision committed: they retry.
    """
    if not to:
        return False
    context = {**context, "SITE_NAME": settings.SITE_NAME, "site_url": site_url()}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"comments/moderation/email/{template}_subject.txt", context)
        body = render_to_string(f"comments/moderation/email/{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])
    return True


def statement_email_send(*, statement_id: int, to: str = "") -> bool:
    """E-mail a statement to the reader concerned (a task, after commit).

    `to` is ignored: it once sent a notifier's suspension to the address typed into a notice,
    which nobody confirmed (issue 22). Misuse counts accounts only now, so a statement always
    goes to its account; jobs queued before keep their arguments and mail nobody.
    """
    statement = Statement.objects.select_related("user").filter(pk=statement_id).first()
    if statement is None or to:
        return False
    if statement.user is None or statement.user.is_deleted:
        return False
    return mail(
        to=statement.user.email,
        template="statement",
        context={
            "statement": statement,
            "link": site_url() + statement.get_absolute_url(),
        },
    )


def statement_amended_send(*, statement_id: int) -> bool:
    """Tell the reader concerned that their statement was amended (the restriction ended)."""
    statement = Statement.objects.select_related("user").filter(pk=statement_id).first()
    if statement is None or statement.user is None or statement.user.is_deleted:
        return False
    return mail(
        to=statement.user.email,
        template="statement_amended",
        context={"statement": statement, "link": site_url() + statement.get_absolute_url()},
    )


def notice_receipt_send(*, notice_id: int) -> bool:
    notice = Notice.objects.select_related("comment").filter(pk=notice_id).first()
    if notice is None:
        return False
    return mail(to=notice.email, template="notice_receipt", context={"notice": notice})


def notice_decision_send(*, notice_id: int) -> bool:
    notice = Notice.objects.select_related("notifier").filter(pk=notice_id).first()
    if notice is None:
        return False
    site = ModerationSettings.load()
    appeal_link = ""
    if notice.status == Notice.Status.REJECTED and site.appeals_enabled:
        appeal_link = notice_complaint_url(notice)
    return mail(
        to=notice.email,
        template="notice_decision",
        context={
            "notice": notice,
            "appeal_link": appeal_link,
            "dispute_settlement": dispute_settlement_text(site),
        },
    )


def _appeal_and_link(appeal_id: int):
    """The complaint and the link its mails give: the statement's or notice's page, for a
    notifier without an account with the signed key."""
    appeal = (
        Appeal.objects.select_related("appellant", "statement", "notice")
        .filter(pk=appeal_id)
        .first()
    )
    if appeal is None:
        return None, ""
    if appeal.appellant_id is None:
        return appeal, notice_complaint_url(appeal.notice)
    return appeal, site_url() + appeal_url(appeal)


def appeal_receipt_send(*, appeal_id: int) -> bool:
    """Confirm a complaint: its reference, what it is about, what happens next."""
    appeal, link = _appeal_and_link(appeal_id)
    if appeal is None:
        return False
    return mail(
        to=appeal.answer_email(),
        template="appeal_receipt",
        context={"appeal": appeal, "link": link},
    )


def appeal_decision_send(*, appeal_id: int) -> bool:
    appeal, link = _appeal_and_link(appeal_id)
    if appeal is None:
        return False
    return mail(
        to=appeal.answer_email(),
        template="appeal_decision",
        context={
            "appeal": appeal,
            "link": link,
            "dispute_settlement": dispute_settlement_text(),
        },
    )


def misuse_warning_send(*, notice_id: int) -> bool:
    """Mail nothing: a misuse warning once went to the address typed into a notice, which
    nobody confirmed (issue 22). Misuse counts accounts only and warns in their inbox
    (notices.notifier_misuse_check); the task stays for jobs queued before."""
    return False
