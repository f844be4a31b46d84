import pytest
from django.core.management import call_command

from articles.models import Article
from comments.integrity import find_problems
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_seed_comments_realistic_valid_and_idempotent(article):
    call_command("seed_comments", article.slug, "--count", "150", "--seed", "7")
    comments = Comment.objects.filter(article=article)
    assert comments.count() == 150
    roots = comments.filter(level=0).count()
    assert 40 <= roots <= 60  # about a third
    assert comments.filter(level__gte=3).exists()
    assert comments.values("author").distinct().count() >= 6
    assert comments.filter(mentions__isnull=False).exists()
    assert 'class="mention"' in "".join(comments.values_list("body_html", flat=True))
    biggest = max(
        comments.filter(level=0).values_list("rght", flat=True)
    )  # rght of a root = 2 * thread size
    assert biggest // 2 >= 10  # a few long threads
    assert find_problems(article_id=article.pk) == []
    assert Article.objects.get(pk=article.pk).comment_count == 150
    first_bodies = list(comments.order_by("tree_id", "lft").values_list("body", flat=True))

    call_command("seed_comments", article.slug, "--count", "150", "--seed", "7")
    assert Comment.objects.filter(article=article).count() == 150

    call_command("seed_comments", article.slug, "--count", "20", "--seed", "8")
    assert Comment.objects.filter(article=article).count() == 170
    assert find_problems(article_id=article.pk) == []
    assert first_bodies[0] in Comment.objects.values_list("body", flat=True)


def test_seed_is_deterministic(article):
    from tests.factories import ArticleFactory

    other = ArticleFactory()
    call_command("seed_comments", article.slug, "--count", "30", "--seed", "3")
    call_command("seed_comments", other.slug, "--count", "30", "--seed", "3")

    def shape(a):
        return list(
            Comment.objects.filter(article=a)
            .order_by("tree_id", "lft")
            .values_list("body", "level", "author__username")
        )

    assert shape(article) == shape(other)


def test_seed_unknown_article_fails():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("seed_comments", "gibt-es-nicht", "--count", "3")
