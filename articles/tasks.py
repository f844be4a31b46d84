"""The articles app's background tasks: image renditions and view-count flushes.

The rules live in articles/images.py and articles/popularity.py; newsroom.jobs enqueues
these after the commit.
"""

from django_tasks import task

from articles import images, popularity, search
from newsroom.jobs import retried_task


@retried_task
def image_renditions(*, image_id: int) -> bool:
    return images.renditions_update(image_id=image_id)


@task()
def views_flush() -> int:
    return popularity.views_flush()


@task()
def search_words_add(*, article_id: int) -> int:
    return search.search_words_add(article_id=article_id)
