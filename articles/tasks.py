"""The articles app's background tasks: image renditions and view-count flushes.

The rules live in articles/images.py and articles/view_counts.py; newsroom.jobs enqueues
these after the commit (articles/signals.py for renditions, articles/popularity.py for
flushes). Queued jobs store these dotted paths: never rename or move them.
"""

from django_tasks import task

from articles import images, search, view_counts
from newsroom.jobs import retried_task


@retried_task
def image_renditions(*, image_id: int) -> bool:
    return images.renditions_update(image_id=image_id)


@task()
def views_flush() -> int:
    return view_counts.views_flush()


@task()
def search_words_add(*, article_id: int) -> int:
    return search.search_words_add(article_id=article_id)
