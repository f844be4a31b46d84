"""Moderators see the assistant's score, fragments and nearest decisions; sort by risk."""

import pytest
from django.urls import reverse

from comments.models import Comment
from comments.moderation.assistant import learning
from comments.moderation.models import AssistantVersion, SectionAssistant
from comments.services import comment_create
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

RISKY = "Du V0llidi0t, halt einfach die Fresse, du Drecksack."
MILD = "Ich sehe das anders, aber gut geschrieben."


@pytest.fixture
def held(corpus_model, django_capture_on_commit_callbacks):
    learning.assistant_train(trigger=AssistantVersion.Trigger.DEMO, decisions=[])
    article = ArticleFactory()
    SectionAssistant.objects.create(section=article.section, enabled=True)
    from comments.moderation.models import ModerationSettings, PreModeration

    site = ModerationSettings.load()
    site.premoderation = PreModeration.ALL  # the mild one waits too, for another rule
    site.save()
    with django_capture_on_commit_callbacks(execute=True):
        mild = comment_create(article=article, author=UserFactory(), body=MILD)
        site.premoderation = PreModeration.OFF
        site.save()
        risky = comment_create(article=article, author=UserFactory(), body=RISKY)
    assert (mild.status, risky.status) == (Comment.Status.PENDING, Comment.Status.PENDING)
    return mild, risky


@pytest.mark.parametrize("url", ["moderation:desk", "moderation:pending"])
def test_score_fragments_and_nearest_decisions_are_shown(client, held, url):
    mild, risky = held
    client.force_login(ModeratorFactory())
    page = client.get(reverse(url))
    assert page.status_code == 200
    box = page.text.split(f'id="assistant-{risky.pk}"')[1].split("</details>")[0]
    assert "held by the assistant" in box
    assert "Weighed most" in box and "insult: V0llidi0t" in box
    assert "Nearest decided comments" in box and "similarity" in box
    assert "Moderation assistant: high risk score" in page.text  # the hold rule


@pytest.mark.parametrize("url", ["moderation:desk", "moderation:pending"])
def test_sorted_by_risk(client, held, url):
    mild, risky = held
    client.force_login(ModeratorFactory())
    by_age = client.get(reverse(url)).text
    assert by_age.index(f"mod-comment-{mild.pk}") < by_age.index(f"mod-comment-{risky.pk}")
    by_risk = client.get(reverse(url) + "?order=risk").text
    assert by_risk.index(f"mod-comment-{risky.pk}") < by_risk.index(f"mod-comment-{mild.pk}")
    assert client.get(reverse(url) + "?order=nonsense").status_code == 200
