"""The comments app's background tasks: the DSA mails, each calling its mail function.

What a mail says and who gets it lives in comments/moderation/dsa/mail.py; newsroom.jobs
enqueues these after the decision commits and retries them. Queued jobs store these dotted
paths (comments.tasks.<name>): never rename or move them.
"""

from comments.moderation.dsa import mail
from newsroom.jobs import retried_task


@retried_task
def statement_email(*, statement_id: int, to: str = "") -> bool:
    return mail.statement_email_send(statement_id=statement_id, to=to)


@retried_task
def statement_amended(*, statement_id: int) -> bool:
    return mail.statement_amended_send(statement_id=statement_id)


@retried_task
def notice_receipt(*, notice_id: int) -> bool:
    return mail.notice_receipt_send(notice_id=notice_id)


@retried_task
def notice_decision(*, notice_id: int) -> bool:
    return mail.notice_decision_send(notice_id=notice_id)


@retried_task
def appeal_receipt(*, appeal_id: int) -> bool:
    return mail.appeal_receipt_send(appeal_id=appeal_id)


@retried_task
def appeal_decision(*, appeal_id: int) -> bool:
    return mail.appeal_decision_send(appeal_id=appeal_id)


@retried_task
def misuse_warning(*, notice_id: int) -> bool:
    return mail.misuse_warning_send(notice_id=notice_id)
