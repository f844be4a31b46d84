"""The Python thread renderer, its per-thread fragment cache and the reader bits on top."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import format_html

from comments import thread_render
from comments.cache import article_thread_bump
from comments.models import Comment
from comments.services import comment_create, comment_status_set
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def rendered(monkeypatch):
    """Record the tree ids of every thread the renderer renders."""
    seen = []
    original = thread_render.ThreadRenderer.render

    def spy(self, roots):
        seen.extend(root.tree_id for root in roots)
        return original(self, roots)

    monkeypatch.setattr(thread_render.ThreadRenderer, "render", spy)
    return seen


def _page(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _post(article, author, body, parent=None, capture=None):
    with capture(execute=True):
        return comment_create(article=article, author=author, body=body, parent=parent)


def test_a_reply_re_renders_only_its_own_thread(
    client, article, reader, rendered, django_capture_on_commit_callbacks
):
    roots = [
        _post(article, reader, f"Faden {n}", capture=django_capture_on_commit_callbacks)
        for n in range(5)
    ]
    _page(client, article)
    assert sorted(rendered) == sorted(r.tree_id for r in roots)
    rendered.clear()
    _page(client, article)
    assert rendered == []  # all five from the cache
    _post(article, reader, "Antwort", parent=roots[2], capture=django_capture_on_commit_callbacks)
    assert "Antwort" in _page(client, article)
    assert rendered == [roots[2].tree_id]


def test_logged_in_readers_share_the_cached_threads(
    client, article, reader, other_reader, rendered, django_capture_on_commit_callbacks
):
    mine = _post(article, reader, "Meins", capture=django_capture_on_commit_callbacks)
    theirs = _post(article, other_reader, "Deins", capture=django_capture_on_commit_callbacks)
    _page(client, article)  # anonymous: renders and caches both threads
    rendered.clear()
    client.force_login(reader)
    html = _page(client, article)
    assert rendered == []
    # Their own bits on top of the shared HTML: edit and delete on their own comment only,
    # a report link on the other one, reply links that open the form (not the login).
    assert f"/comments/{mine.pk}/edit/" in html and f"/comments/{mine.pk}/delete/" in html
    assert f"/comments/{theirs.pk}/edit/" not in html
    assert reverse("discussion:report", args=[theirs.pk]) in html
    assert reverse("discussion:report", args=[mine.pk]) not in html
    assert f"reply_to={theirs.pk}#reply-form" in html


def test_logged_in_page_queries_are_constant_on_a_warm_cache(client, reader, settings):
    """Guards against queries per comment or per thread for a logged-in reader."""
    from comments.seeding import seed_article

    settings.COMMENT_THREADS_PER_PAGE = 1000
    small = ArticleFactory()
    big = ArticleFactory(section=small.section)
    seed_article(article=small, count=10, seed=4)
    seed_article(article=big, count=600, seed=4)
    client.force_login(reader)
    counts = []
    for article in (small, big):
        _page(client, article)  # warm
        with CaptureQueriesContext(connection) as ctx:
            _page(client, article)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_an_authors_pending_comment_is_rendered_for_them_only(
    client, article, reader, other_reader, django_capture_on_commit_callbacks
):
    root = _post(article, other_reader, "Frage", capture=django_capture_on_commit_callbacks)
    pending = _post(
        article, reader, "Wartet noch", parent=root, capture=django_capture_on_commit_callbacks
    )
    Comment.objects.filter(pk=pending.pk).update(status=Comment.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        article_thread_bump(article_id=article.pk, tree_ids=[root.tree_id])
    assert "Wartet noch" not in _page(client, article)  # caches the public thread
    client.force_login(reader)
    html = _page(client, article)
    assert "Wartet noch" in html and "awaiting review" in html
    client.force_login(other_reader)
    assert "Wartet noch" not in _page(client, article)
    client.force_login(ModeratorFactory())
    html = _page(client, article)
    assert "Wartet noch" in html and f"/moderation/comments/{pending.pk}/approve/" in html


def test_an_outdated_thread_is_served_while_another_request_renders_it(
    client, article, reader, rendered, django_capture_on_commit_callbacks
):
    root = _post(article, reader, "Urtext-Q1", capture=django_capture_on_commit_callbacks)
    _page(client, article)
    Comment.objects.filter(pk=root.pk).update(body_html="<p>Neutext-Q2</p>")
    with django_capture_on_commit_callbacks(execute=True):
        article_thread_bump(article_id=article.pk, tree_ids=[root.tree_id])
    key = f"comments:frag:{article.pk}:{root.tree_id}:en:Europe/Berlin"
    assert cache.get(key) is not None
    cache.add(f"{key}:lock", 1, timeout=30)  # another worker is rendering it right now
    rendered.clear()
    html = _page(client, article)
    assert "Urtext-Q1" in html and "Neutext-Q2" not in html and rendered == []
    cache.delete(f"{key}:lock")  # it finished (or its lock expired)
    html = _page(client, article)
    assert "Neutext-Q2" in html and rendered == [root.tree_id]


def test_registered_parts_are_rendered_escaped_and_cached_or_per_reader(
    client, article, reader, other_reader, monkeypatch, django_capture_on_commit_callbacks
):
    comment = _post(article, other_reader, "Text", capture=django_capture_on_commit_callbacks)
    prefetched = []

    def badge_prefetch(comments):
        prefetched.append(len(comments))
        return {c.pk: "<Leserempfehlung>" for c in comments}

    def badge(comment, data):
        return format_html('<span class="badge-x">{}</span>', data[comment.pk])

    def mine(slot, reader_bits, data):
        return format_html('<span class="mine-x">{}</span>', reader_bits.user_pk or "anon")

    monkeypatch.setitem(thread_render.SHARED_PARTS, "meta", [])
    monkeypatch.setattr(thread_render, "READER_PARTS", [])
    thread_render.register_shared_part("meta", badge, prefetch=badge_prefetch)
    thread_render.register_reader_part(mine)
    html = _page(client, article)
    assert '<span class="badge-x">&lt;Leserempfehlung&gt;</span>' in html
    assert '<span class="mine-x">anon</span>' in html
    client.force_login(reader)
    html = _page(client, article)
    assert f'<span class="mine-x">{reader.pk}</span>' in html
    assert prefetched == [1]  # the shared part came from the cache the second time
    assert f'id="comment-{comment.pk}"' in html


def test_reply_form_appears_under_its_comment_only(client, article, reader, other_reader):
    root = comment_create(article=article, author=other_reader, body="Frage")
    other = comment_create(article=article, author=other_reader, body="Andere")
    client.force_login(reader)
    html = client.get(f"{article.get_absolute_url()}?reply_to={root.pk}").content.decode()
    form_at = html.index('id="reply-form"')
    assert html.index(f'id="comment-{root.pk}"') < form_at < html.index(f'id="comment-{other.pk}"')
    assert html.count('id="reply-form"') == 1


def test_a_names_markup_stays_text(client, article, other_reader):
    evil = UserFactory(display_name='<img src=x onerror="alert(1)">')
    root = comment_create(article=article, author=evil, body="Hallo")
    comment_create(article=article, author=other_reader, body="Antwort", parent=root)
    html = _page(client, article)
    assert "<img src=x" not in html
    assert "@&lt;img src=x onerror=&quot;alert(1)&quot;&gt;:" in html


def test_a_status_change_re_renders_its_thread_from_the_database_alone(
    client, article, reader, rendered, django_capture_on_commit_callbacks, monkeypatch
):
    """Issue 9: the fragment keys follow the database. A change made where this process's
    cache is never told (another worker, a command) still re-renders exactly its thread."""
    roots = [
        _post(article, reader, f"Faden-{n}", capture=django_capture_on_commit_callbacks)
        for n in range(3)
    ]
    reply = _post(
        article, reader, "Antwort-1", parent=roots[1], capture=django_capture_on_commit_callbacks
    )
    _page(client, article)
    rendered.clear()
    writes = []
    with monkeypatch.context() as patched:
        patched.setattr(cache, "set_many", lambda *a, **k: writes.append(a))
        patched.setattr(cache, "set", lambda *a, **k: writes.append(a))
        with django_capture_on_commit_callbacks(execute=True):
            comment_status_set(comment=reply, expect=Comment.LIVE, to=Comment.Status.HIDDEN)
    assert writes == []  # the write path touched no cache entry
    html = _page(client, article)
    assert "Antwort-1" not in html and "Faden-1" in html
    assert rendered == [roots[1].tree_id]


def _tokens(html: str) -> dict:
    import re

    return {
        name: re.findall(rf'name="{name}" value="([^"]*)"', html)
        for name in ("csrfmiddlewaretoken", "post_token", "form_rendered")
    }


def test_the_memoised_top_form_is_crispys_html_with_this_requests_tokens(
    client, article, reader, monkeypatch
):
    """The top form is rendered by crispy once per process and shape; later pages get the same
    HTML with their own CSRF token, idempotency token and signed render time."""
    import re

    from comments.templatetags import comment_tags

    monkeypatch.setattr(comment_tags, "_FORM_HTML", {})
    client.force_login(reader)
    first = _page(client, article)
    assert len(comment_tags._FORM_HTML) == 1  # memoised from a real rendering
    crispy_calls = []
    original = comment_tags._crispy
    monkeypatch.setattr(comment_tags, "_crispy", lambda *a: crispy_calls.append(1) or original(*a))
    second = _page(client, article)
    assert crispy_calls == []  # the top form came from the memo

    def form(html):
        start = html.index('id="comment-form"')
        return html[start : html.index("</form>", start)]

    one, two = _tokens(form(first)), _tokens(form(second))
    assert all(len(values) == 1 and values[0] for values in two.values())
    assert one["post_token"] != two["post_token"]  # a resubmission guard per rendering
    unify = re.compile(r'(name="(?:csrfmiddlewaretoken|post_token|form_rendered)" value=)"[^"]*"')
    assert unify.sub(r"\1x", form(first)) == unify.sub(r"\1x", form(second))


def test_a_refused_post_is_rendered_by_crispy_with_its_errors(client, article, reader):
    """Bound forms (errors, the reader's text) are never memoised."""
    client.force_login(reader)
    _page(client, article)
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    response = client.post(url, {"body": ""})
    html = response.content.decode()
    assert response.status_code in (200, 400, 422)
    assert 'aria-invalid="true"' in html or "alert-danger" in html
