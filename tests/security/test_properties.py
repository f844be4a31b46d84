"""Property-based tests: whatever a client sends, the comment and sign-up endpoints answer
with a success or a 4xx carrying a message, never a 500, and never leave a half-written row."""

import pytest
from django.core import mail
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import Notification, User
from articles.models import Article
from comments.models import Comment
from tests.factories import ArticleFactory, UserFactory, signup_data

pytestmark = pytest.mark.django_db

PROPERTY_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Lone surrogates cannot be encoded into a request at all; invalid UTF-8 bytes are tested below.
CHARS = st.characters(exclude_categories=["Cs"])
# Characters that break naive code: NUL and other controls, bidi overrides, zero-width and
# surrogate-adjacent code points, newline variants, HTML specials.
NASTY = st.sampled_from(
    ["\x00", "\x01", "\x1b", "\x7f", "\u202e", "\u2066", "\u200b", "\ufeff", "\r", "\u2028"]
    + ["<", ">", "&", '"', "'", "@", "\\", "%", "\U0001f600", "\uffff", "\ud7ff"]
)
TEXT = st.one_of(
    st.text(alphabet=CHARS),
    st.text(alphabet=st.one_of(CHARS, NASTY), max_size=200),
    st.lists(NASTY, max_size=50).map("".join),
    st.builds(
        lambda s, n: s * n, st.text(CHARS, min_size=1, max_size=3), st.integers(1000, 20_000)
    ),
)
# What arrives in a form field is always a string (or several), whatever the client meant.
FIELD = st.one_of(
    TEXT,
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.just(""),
    st.lists(TEXT, min_size=2, max_size=3),
)


def _state():
    return (
        Comment.objects.count(),
        Comment.mentions.through.objects.count(),
        Notification.objects.count(),
        Article.objects.aggregate(n=Sum("comment_count"))["n"],
        User.objects.count(),
        len(mail.outbox),
    )


def _has_message(html: str) -> bool:
    return any(m in html for m in ('class="invalid-feedback', "alert-danger", "errorlist"))


@pytest.fixture
def comment_setup(settings):
    settings.RATE_LIMIT_MULTIPLIER = 0
    article = ArticleFactory()
    other_article = ArticleFactory()
    author = UserFactory()
    from comments.services import comment_create

    own = comment_create(article=article, author=author, body="Ein Kommentar")
    foreign = comment_create(article=other_article, author=author, body="Anderswo")
    client = Client()
    client.force_login(UserFactory(username="schreiberin"))
    return client, article, own, foreign


PARENT = st.one_of(
    FIELD,
    st.sampled_from(["own", "foreign", "0", "-1", "99999999999999999999999", "1e3", " 1"]),
)


@PROPERTY_SETTINGS
@given(body=FIELD, parent=PARENT, extra=st.dictionaries(st.text(max_size=10), FIELD, max_size=3))
@example(body="Hallo\x00Welt", parent="", extra={})
@example(body="\u202eevil\u202c", parent="own", extra={})
@example(body="x" * 200_000, parent="", extra={})
@example(body="Antwort", parent="foreign", extra={})
@example(body="Antwort", parent="99999999999999999999999", extra={})
@example(body=["a", "b"], parent=["1", "x"], extra={"article": "2"})
def test_comment_endpoint_never_fails(comment_setup, body, parent, extra):
    client, article, own, foreign = comment_setup
    if isinstance(parent, str):
        parent = {"own": str(own.pk), "foreign": str(foreign.pk)}.get(parent, parent)
    before = _state()
    data = {**extra, "body": body, "parent": parent}
    response = client.post(reverse("comments:post", kwargs={"article_pk": article.pk}), data)
    after = _state()
    if response.status_code == 302:
        assert after[0] == before[0] + 1, "a success stores exactly one comment"
        stored = Comment.objects.latest("pk")
        assert "\x00" not in stored.body
        assert stored.article_id == article.pk
        assert stored.parent_id in {None, own.pk}
    else:
        assert 400 <= response.status_code < 500, response.status_code
        assert _has_message(response.content.decode()), "a refusal says why"
        assert after == before, "a refused comment leaves nothing behind"


@PROPERTY_SETTINGS
@given(
    username=FIELD,
    email=FIELD,
    display_name=FIELD,
    password=FIELD,
    same_password=st.booleans(),
)
@example(
    username="neu\x00", email="a@example.org", display_name="N", password="x", same_password=True
)
@example(
    username="gute_leserin",
    email="gut\x00@example.org",
    display_name="Gute\x00Leserin",
    password="ein-sehr-gutes-Passwort-7",
    same_password=True,
)
@example(
    username="gute_leserin",
    email="gut@example.org",
    display_name="\u202eniresel",
    password="ein-sehr-gutes-Passwort-7\x00",
    same_password=True,
)
@example(
    username="gute_leserin",
    email="gut@example.org",
    display_name="Gute Leserin",
    password="ein-sehr-gutes-Passwort-7",
    same_password=True,
)
@example(
    username="x" * 100_000,
    email="@" * 100_000,
    display_name="y" * 100_000,
    password="z" * 100_000,
    same_password=True,
)
def test_signup_endpoint_never_fails(
    settings, username, email, display_name, password, same_password
):
    settings.RATE_LIMIT_MULTIPLIER = 0
    client = Client()
    before = _state()
    data = signup_data(
        username=username,
        email=email,
        display_name=display_name,
        password=password,
        password2=password if same_password else "anders",
    )
    response = client.post(reverse("accounts:signup"), data)
    after = _state()
    if response.status_code == 302:
        assert after[4] == before[4] + 1, "a success creates exactly one account"
        user = User.objects.latest("pk")
        assert "\x00" not in user.username + user.email + user.display_name
    else:
        # ACCOUNTS re-renders an invalid sign-up with 200; anything else must be a 4xx.
        assert response.status_code == 200 or 400 <= response.status_code < 500
        assert _has_message(response.content.decode()), "a refusal says why"
        assert after == before, "a refused sign-up leaves nothing behind"


@pytest.mark.parametrize("url_name", ["comments:post", "accounts:signup"])
def test_invalid_utf8_and_wrong_content_types(comment_setup, url_name):
    client, article, _own, _foreign = comment_setup
    if url_name == "accounts:signup":
        client = Client()
        url = reverse(url_name)
    else:
        url = reverse(url_name, kwargs={"article_pk": article.pk})
    before = _state()
    bodies = [
        ("application/x-www-form-urlencoded", b"body=%FF%FE%00&username=%C0%AF&email=%ED%A0%80"),
        ("application/x-www-form-urlencoded", b"\xff\xfe=\x00&&&=&body"),
        ("application/json", b'{"body": "Hallo", "parent": {"$gt": 0}}'),
        ("multipart/form-data; boundary=x", b"--x\r\nbroken"),
        ("text/plain", b"body=Hallo"),
    ]
    for content_type, raw in bodies:
        response = client.generic("POST", url, raw, content_type=content_type)
        assert response.status_code < 500, (content_type, raw)
        assert response.status_code in {200, 302} or 400 <= response.status_code < 500
    assert _state()[4] == before[4]  # no account from garbage
