"""A moderator's day with the moderation assistant, in Chromium (issue 26, "Done when").

Comments arrive; the risky one is held with an explanation and its author told it is being
reviewed; the moderator sorts the desk by risk, sees why, hides it and approves a false
alarm; the next training (as cron runs it) uses those decisions; the metrics page shows the
new model's numbers.
"""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from comments.models import Comment
from comments.moderation.assistant import learning, scoring
from comments.moderation.models import (
    AssistantScore,
    AssistantSettings,
    AssistantVersion,
    ModerationAction,
    SectionAssistant,
)
from tests.browser.test_moderation import logged_in_page
from tests.factories import ArticleFactory, ModeratorFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RISKY = "Du bist ein erbärmlicher V0llidi0t und ein Drecksack, halt die Fresse."
HARMLESS = "Danke für den Bericht, die neuen Radwege sind ein echter Fortschritt."
BORDERLINE = "Was für ein Trottel-Auftritt des Ministers, aber sachlich hat er recht."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


def post(page, url, text):
    page.goto(url)
    form = page.locator(".comments__compose form.comment-form")
    form.locator("textarea[name=body]").fill(text)
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment", has_text=text[:30])).to_be_visible()


def test_a_moderators_day_with_the_assistant(browser, live_server):
    scoring.forget()
    section = SectionFactory(name="Stadt", slug="stadt")
    call_command("seed_assistant")  # demo decisions and model v1, holding on in every section
    v1 = AssistantVersion.objects.active().get()
    assert v1.number == 1 and SectionAssistant.objects.get(section=section).enabled
    article = ArticleFactory(headline="Neue Radwege in der Innenstadt", section=section)
    url = f"{live_server.url}{article.get_absolute_url()}"

    # Comments arrive. The risky one waits, and its author is told so.
    anna = UserFactory(username="anna", display_name="Anna Berger")
    bernd = UserFactory(username="bernd", display_name="Bernd Krause")
    carla = UserFactory(username="carla", display_name="Carla Schmidt")
    anna_page = logged_in_page(browser, live_server, anna)
    post(anna_page, url, RISKY)
    expect(anna_page.locator(".comment", has_text="erbärmlicher")).to_contain_text(
        "awaiting review"
    )
    post(logged_in_page(browser, live_server, bernd), url, HARMLESS)
    carla_page = logged_in_page(browser, live_server, carla)
    post(carla_page, url, BORDERLINE)
    risky = Comment.objects.get(author=anna)
    harmless = Comment.objects.get(author=bernd)
    borderline = Comment.objects.get(author=carla)
    assert risky.status == Comment.Status.PENDING
    assert harmless.status == Comment.Status.VISIBLE
    assert AssistantScore.objects.get(comment=risky).held
    assert AssistantScore.objects.get(comment=harmless).score < 0.5
    # The borderline one: make it a held comment whatever its exact score, as a false alarm.
    if borderline.status != Comment.Status.PENDING:
        site = AssistantSettings.load()
        SectionAssistant.objects.filter(section=section).update(threshold=0.01)
        site.min_precision = 0.0
        site.save()
        borderline.delete()
        post(carla_page, url, BORDERLINE + " ")
        borderline = Comment.objects.get(author=carla)
        SectionAssistant.objects.filter(section=section).update(threshold=None)
        site.min_precision = 0.8
        site.save()
    assert borderline.status == Comment.Status.PENDING

    # Anonymous readers see neither held comment.
    reader = browser.new_context(locale="en-US").new_page()
    reader.goto(url)
    expect(reader.get_by_text("die neuen Radwege")).to_be_visible()
    expect(reader.get_by_text("erbärmlicher")).to_have_count(0)

    # The moderator sorts the desk by risk and sees why the risky one was held.
    moderator = ModeratorFactory(display_name="Mona Moder", is_staff=True, is_superuser=True)
    desk = logged_in_page(browser, live_server, moderator)
    desk.goto(f"{live_server.url}/moderation/desk/")
    desk.get_by_role("link", name="assistant's risk").click()
    items = desk.locator(".mod-queue > li")
    expect(items.first).to_have_id(f"mod-comment-{risky.pk}")
    box = desk.locator(f"#assistant-{risky.pk}")
    expect(box).to_contain_text("held by the assistant")
    expect(box).to_contain_text("Weighed most")
    expect(box).to_contain_text("Nearest decided comments")
    expect(box.locator(".mod-assistant__neighbours li").first).to_contain_text("hidden")
    expect(desk.locator(f"#mod-comment-{risky.pk}")).to_contain_text(
        "Moderation assistant: high risk score"
    )

    # The moderator decides: hide the risky one, approve the false alarm.
    row = desk.locator(f"#mod-comment-{risky.pk}")
    row.get_by_label("Reason for hiding").select_option(label="Insults, hate or discrimination")
    row.get_by_role("button", name="Hide").click()
    expect(desk.locator(".messages")).to_contain_text("hidden")
    desk.locator(f"#mod-comment-{borderline.pk}").get_by_role("button", name="Approve").click()
    expect(desk.locator(".messages")).to_contain_text("published")
    risky.refresh_from_db()
    borderline.refresh_from_db()
    assert risky.status == Comment.Status.HIDDEN
    assert borderline.status == Comment.Status.VISIBLE
    statement = risky.statements.get()
    assert statement.automated_detection
    kinds = set(
        ModerationAction.objects.filter(comment__in=[risky, borderline]).values_list(
            "kind", flat=True
        )
    )
    assert kinds == {ModerationAction.Kind.HIDE, ModerationAction.Kind.APPROVE}

    # The next training (cron: manage.py assistant_train) uses those decisions.
    decisions = {d.key: d.hold for d in learning.training_decisions()}
    assert decisions[f"comment:{risky.pk}"] is True
    assert decisions[f"comment:{borderline.pk}"] is False
    call_command("assistant_train", "--trigger", "nightly")
    v2 = AssistantVersion.objects.get(number=2)
    assert v2.data_size == v1.data_size + 2

    # The metrics page shows the new model's numbers, and v1's false alarm this month.
    desk.goto(f"{live_server.url}/admin/comments/assistantversion/")
    expect(desk.locator("#result_list")).to_contain_text("v2")
    desk.get_by_role("link", name="v2").click()
    expect(desk.locator("body")).to_contain_text(f"{v2.data_size}")
    expect(desk.locator(".assistant-metrics")).to_contain_text(
        f"precision {v2.metrics['precision']:.2f}"
    )
    expect(desk.locator(".assistant-metrics")).to_contain_text(f"recall {v2.metrics['recall']:.2f}")
    desk.goto(f"{live_server.url}/admin/comments/assistantversion/{v1.pk}/change/")
    outcomes = desk.locator(".assistant-outcomes")
    expect(outcomes).to_contain_text("false alarms")
    expect(outcomes.locator("tbody tr").first.locator("td").nth(1)).to_have_text("1")
