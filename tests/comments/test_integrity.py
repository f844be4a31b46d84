import pytest
from django.core.management import CommandError, call_command

from comments.integrity import broken_trees, find_problems, tree_index_exists
from comments.models import Comment
from comments.services import comment_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def forest(article, reader, other_reader):
    """Two threads: a root with two replies and a nested reply, and a lone root."""
    root = comment_create(article=article, author=reader, body="Wurzel")
    first = comment_create(article=article, author=other_reader, body="Eins", parent=root)
    comment_create(article=article, author=reader, body="Eins-Eins", parent=first)
    second = comment_create(article=article, author=other_reader, body="Zwei", parent=root)
    lone = comment_create(article=article, author=reader, body="Allein")
    return root, first, second, lone


def test_sound_forest_passes(forest, capsys):
    assert find_problems() == []
    call_command("check_comment_trees")
    assert "all sound" in capsys.readouterr().out


def test_tree_lft_index_exists():
    """mptt declares it, but it only reaches the database through our Meta.indexes."""
    assert tree_index_exists()


def test_two_roots_in_one_tree_are_reported(forest):
    root, _first, _second, lone = forest
    Comment.objects.filter(pk=lone.pk).update(tree_id=root.tree_id)
    problems = find_problems()
    assert root.tree_id in broken_trees(problems)
    assert any(p.check == "root count" for p in problems)
    assert any("more than one root" in p.detail for p in problems)
    with pytest.raises(CommandError, match=rf"broken tree\(s\): {root.tree_id}\b"):
        call_command("check_comment_trees")


def test_child_outside_parent_is_reported(forest):
    root, first, _second, lone = forest
    Comment.objects.filter(pk=first.pk).update(level=5)
    assert broken_trees(find_problems(rebuild=False)) == [root.tree_id]


def test_gap_in_numbering_is_reported(forest):
    _root, _first, _second, lone = forest
    Comment.objects.filter(pk=lone.pk).update(rght=3)
    problems = find_problems(rebuild=False)
    assert [p.check for p in problems if p.tree_id == lone.tree_id] == [
        "lft/rght not exactly 1..2n"
    ]


def test_overlapping_siblings_only_the_rebuild_catches(forest):
    """Siblings whose spans overlap pass every SQL invariant; only the rebuild sees it."""
    root, first, second, _lone = forest
    first.refresh_from_db()
    second.refresh_from_db()
    # Sound: root 1..8, first 2..5 with its child 3..4, second 6..7. Overlapping, but still
    # exactly 1..2n with every child inside its parent: first 2..6, child 4..5, second 3..7.
    Comment.objects.filter(pk=first.pk).update(lft=2, rght=6)
    Comment.objects.filter(parent=first).update(lft=4, rght=5)
    Comment.objects.filter(pk=second.pk).update(lft=3, rght=7)
    assert find_problems(rebuild=False) == []
    problems = find_problems()
    assert broken_trees(problems) == [root.tree_id]
    assert problems[0].check == "partial_rebuild changes"
    # The check never writes: the damage is still there afterwards.
    second.refresh_from_db()
    assert (second.lft, second.rght) == (3, 7)


def test_check_limited_to_article(forest, reader):
    from tests.factories import ArticleFactory

    other = comment_create(article=ArticleFactory(), author=reader, body="Woanders")
    Comment.objects.filter(pk=other.pk).update(rght=7)
    call_command("check_comment_trees", "--article", str(forest[0].article_id))
    with pytest.raises(CommandError, match=str(other.tree_id)):
        call_command("check_comment_trees")


def test_recount_fixes_drift(forest):
    from articles.models import Article

    article_id = forest[0].article_id
    Article.objects.filter(pk=article_id).update(comment_count=99)
    call_command("recount_comments")
    assert Article.objects.get(pk=article_id).comment_count == 5


def test_recook_rerenders(forest):
    root = forest[0]
    Comment.objects.filter(pk=root.pk).update(body_html="<p>alt</p>")
    call_command("recook_comments")
    root.refresh_from_db()
    assert root.body_html == "<p>Wurzel</p>"


def test_missing_tree_index_fails_the_check(forest, monkeypatch):
    from comments.management.commands import check_comment_trees

    monkeypatch.setattr(check_comment_trees, "tree_index_exists", lambda: False)
    with pytest.raises(CommandError, match=r"\(tree_id, lft\) index is missing"):
        call_command("check_comment_trees")
