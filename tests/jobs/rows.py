"""The task rows a jobs test looks at: its own task's, by path.

Other tasks have rows too: a published article made by a factory queues its search words
(articles.tasks.search_words_add), as any published article's save does.
"""

from django_tasks_db.models import DBTaskResult

MAIL_TASK = "accounts.tasks.notification_email"


def mail_rows():
    """The mention mail's task rows (accounts.tasks.notification_email)."""
    return DBTaskResult.objects.filter(task_path=MAIL_TASK)
