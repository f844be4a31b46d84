"""The comments app's background tasks: the DSA mails, each calling its service.

What a mail says and who gets it stays in comments/moderation/ (statements, notices,
appeals); newsroom.jobs enqueues these after the decision commits and retries them.
"""

from comments.moderation import appeals, notices, statements
from newsroom.jobs import retried_task


@retried_task
def statement_email(*, statement_id: int, to: str = "") -> bool:
    return statements.statement_email_send(statement_id=statement_id, to=to)


@retried_task
def notice_receipt(*, notice_id: int) -> bool:
    return notices.notice_receipt_send(notice_id=notice_id)


@retried_task
def notice_decision(*, notice_id: int) -> bool:
    return notices.notice_decision_send(notice_id=notice_id)


@retried_task
def appeal_decision(*, appeal_id: int) -> bool:
    return appeals.appeal_decision_send(appeal_id=appeal_id)


@retried_task
def misuse_warning(*, notice_id: int) -> bool:
    return notices.misuse_warning_send(notice_id=notice_id)
