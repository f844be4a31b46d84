"""Issue 16's "what must be true", checked as a demanding moderator and a German reader would:
the gaps found in that review, each with the test that now holds it."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from comments.moderation import rules
from comments.moderation import services as moderation
from comments.moderation.dsa import appeals, links, notices, texts, transparency
from comments.moderation.models import (
    Appeal,
    LegalGround,
    Notice,
    Sanction,
    SectionClaim,
    Statement,
)
from tests.comments.test_dsa_services import notice_for
from tests.comments.test_dsa_services import settings_with as site_with
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


# --- Transparency Database schema: value codes, end dates, lengths ----------------------------

# The codes the Transparency Database's API accepts (its StatementStoreRequest rules).
SCHEMA_CODES = {
    "decision_visibility": {
        "DECISION_VISIBILITY_CONTENT_REMOVED",
        "DECISION_VISIBILITY_CONTENT_DISABLED",
        "DECISION_VISIBILITY_CONTENT_DEMOTED",
        "DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED",
        "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED",
        "DECISION_VISIBILITY_CONTENT_LABELLED",
        "DECISION_VISIBILITY_OTHER",
    },
    "decision_account": {"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"},
    "decision_provision": {
        "DECISION_PROVISION_PARTIAL_SUSPENSION",
        "DECISION_PROVISION_TOTAL_SUSPENSION",
        "DECISION_PROVISION_PARTIAL_TERMINATION",
        "DECISION_PROVISION_TOTAL_TERMINATION",
    },
    "decision_ground": {"DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"},
    "category": {
        "STATEMENT_CATEGORY_ANIMAL_WELFARE",
        "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
        "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH",
        "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
        "STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS",
        "STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
        "STATEMENT_CATEGORY_PORNOGRAPHY_OR_SEXUALIZED_CONTENT",
        "STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
        "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
        "STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
        "STATEMENT_CATEGORY_SELF_HARM",
        "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",  # 2025-07-01: was SCOPE_OF_PLATFORM_SERVICE
        "STATEMENT_CATEGORY_UNSAFE_AND_ILLEGAL_PRODUCTS",
        "STATEMENT_CATEGORY_VIOLENCE",
    },
    "source_type": {
        "SOURCE_ARTICLE_16",
        "SOURCE_TRUSTED_FLAGGER",
        "SOURCE_TYPE_OTHER_NOTIFICATION",
        "SOURCE_VOLUNTARY",
    },
    "automated_detection": {"Yes", "No"},
    "automated_decision": {
        "AUTOMATED_DECISION_FULLY",
        "AUTOMATED_DECISION_PARTIALLY",
        "AUTOMATED_DECISION_NOT_AUTOMATED",
    },
    "account_type": {"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"},
    "incompatible_content_illegal": {"Yes", "No"},
}
END_DATES = {
    "end_date_visibility_restriction",
    "end_date_account_restriction",
    "end_date_service_restriction",
    "end_date_monetary_restriction",
}
SCHEMA_FIELDS = {
    *SCHEMA_CODES,
    *END_DATES,
    "decision_facts",
    "content_type",
    "content_language",
    "content_date",
    "application_date",
    "territorial_scope",
    "illegal_content_legal_ground",
    "illegal_content_explanation",
    "incompatible_content_ground",
    "incompatible_content_explanation",
    "decision_ground_reference_url",
    "source_identity",
    "puid",
}


def every_kind_of_statement():
    """One statement of each restriction the site writes."""
    mod, other = ModeratorFactory(), ModeratorFactory()
    author = UserFactory()
    long_text = "Erklärung " * 400  # 4,000 characters
    moderation.comment_hide(
        comment=make_comment(author=author), moderator=mod, reason="insult", facts=long_text
    )
    moderation.comment_hide(
        comment=make_comment(author=author),
        moderator=mod,
        reason="unlawful",
        legal_ground=LegalGround.STGB_130,
        facts=long_text,
    )
    moderation.user_premoderation_set(user=author, moderator=mod, enabled=True)
    moderation.user_suspend(
        user=author, moderator=mod, until=timezone.now() + timezone.timedelta(days=3), reason="x"
    )
    moderation.user_ban(user=UserFactory(), moderator=other, reason="Hetze")
    site_with(misuse_warn_after=1, misuse_suspend_after=1)
    # Misuse counts per account only (issue 22): the notifier has one.
    notice = notice_for(make_comment(), notifier=UserFactory())
    notices.notice_decide(
        notice=notice, moderator=mod, act=False, decision_text="Zulässig", manifest=True
    )
    assert set(Statement.objects.values_list("restriction", flat=True)) == set(
        Statement.Restriction.values
    )


def test_every_statement_kind_exports_only_schema_fields_and_codes():
    every_kind_of_statement()
    today = timezone.localdate()
    records = [
        record
        for batch in transparency.statement_batches(today, today)
        for record in batch["statements"]
    ]
    assert len(records) == Statement.objects.count()
    for record in records:
        assert set(record) <= SCHEMA_FIELDS, set(record) - SCHEMA_FIELDS
        for field, codes in SCHEMA_CODES.items():
            value = record.get(field)
            values = value if isinstance(value, list) else [value] if value else []
            assert set(values) <= codes, (field, value)
        assert record["content_type"] == ["CONTENT_TYPE_TEXT"]
        assert re.fullmatch(r"[a-zA-Z0-9_-]+", record["puid"])  # the schema's puid rule
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["application_date"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["content_date"])
        assert len(record["decision_facts"]) <= 5000
        for field in ("illegal_content_explanation", "incompatible_content_explanation"):
            assert len(record.get(field, "")) <= 2000  # the schema's limit
        visibility = record.get("decision_visibility")
        assert visibility or record.get("decision_account") or record.get("decision_provision")


def test_each_end_date_goes_to_the_schema_field_of_its_decision():
    every_kind_of_statement()
    today = timezone.localdate()
    records = {
        record["puid"]: record
        for batch in transparency.statement_batches(today, today)
        for record in batch["statements"]
    }
    by_kind = {s.restriction: records[s.reference] for s in Statement.objects.all()}
    assert "end_date_account_restriction" in by_kind["suspension"]
    # Suspended from notifying: a partial suspension of the service, not of the account.
    notice_suspension = by_kind["notice_suspension"]
    assert notice_suspension["decision_provision"] == "DECISION_PROVISION_PARTIAL_SUSPENSION"
    assert "end_date_service_restriction" in notice_suspension
    assert "end_date_account_restriction" not in notice_suspension
    assert not END_DATES & set(by_kind["ban"])


def test_the_statements_command_writes_the_same_records(capsys):
    every_kind_of_statement()
    today = timezone.localdate().isoformat()
    call_command("dsa_statements", "--from", today, "--to", today)
    batch = json.loads(capsys.readouterr().out.splitlines()[0])
    assert {r["puid"] for r in batch["statements"]} == set(
        Statement.objects.values_list("reference", flat=True)
    )


# --- Bans: every hidden comment has its statement ---------------------------------------------


def test_a_ban_that_hides_the_comments_writes_a_statement_for_each_one():
    author, mod = UserFactory(), ModeratorFactory()
    comments = [make_comment(author=author) for _ in range(3)]
    mail.outbox.clear()
    moderation.user_ban(user=author, moderator=mod, reason="Wiederholte Hetze", hide_comments=True)
    hides = Statement.objects.filter(restriction=Statement.Restriction.HIDE)
    assert sorted(hides.values_list("comment_id", flat=True)) == sorted(c.pk for c in comments)
    assert all("Wiederholte Hetze" in s.decision_facts for s in hides)
    # The reader is told once, by the ban's statement, not once per comment.
    assert Statement.objects.filter(restriction=Statement.Restriction.BAN).count() == 1
    assert author.notifications.count() == 1


# --- Complaints: four eyes, and a reversed rejection stops counting as misuse ----------------


def test_a_reversed_rejection_no_longer_counts_as_manifestly_unfounded():
    first, second = ModeratorFactory(), ModeratorFactory()
    notifier = UserFactory()
    notice = notice_for(make_comment(), notifier=notifier)
    notices.notice_decide(
        notice=notice, moderator=first, act=False, decision_text="Nein", manifest=True
    )
    notice.refresh_from_db()
    assert notice.manifestly_unfounded
    appeal = appeals.appeal_create(appellant=notifier, notice=notice, text="Doch strafbar")
    appeals.appeal_decide(appeal=appeal, moderator=second, reverse_decision=True, text="Stimmt")
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACTIONED and not notice.manifestly_unfounded


def test_a_moderator_cannot_decide_their_own_complaint_and_the_queue_says_so(client):
    hider, reader_mod, third = ModeratorFactory(), ModeratorFactory(), ModeratorFactory()
    comment = make_comment(author=reader_mod)
    moderation.comment_hide(comment=comment, moderator=hider, reason="spam")
    appeal = appeals.appeal_create(
        appellant=reader_mod, statement=Statement.objects.get(), text="Kein Spam"
    )
    client.force_login(reader_mod)
    page = client.get(reverse("moderation:appeals")).content.decode()
    assert "another moderator must decide" in page
    assert reverse("moderation:appeal-decide", args=[appeal.pk]) not in page
    response = client.post(
        reverse("moderation:appeal-decide", args=[appeal.pk]),
        {"outcome": "reverse", "text": "Ich entscheide selbst"},
        follow=True,
    )
    assert "four-eyes" in response.content.decode()
    assert Appeal.objects.get().status == Appeal.Status.OPEN
    client.force_login(third)
    assert (
        reverse("moderation:appeal-decide", args=[appeal.pk])
        in client.get(reverse("moderation:appeals")).content.decode()
    )


# --- Notifiers: decisions with redress options, misuse warnings -------------------------------


def test_an_anonymous_notifiers_rejection_names_the_dispute_settlement(
    django_capture_on_commit_callbacks,
):
    site_with(dispute_settlement="Schlichtungsstelle Digitale Dienste, Berlin")
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_for(make_comment())
    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_decide(
            notice=notice, moderator=ModeratorFactory(), act=False, decision_text="Zulässig"
        )
    receipt, decision = mail.outbox
    assert notice.reference in receipt.subject and receipt.to == ["nora@example.org"]
    assert "Zulässig" in decision.body
    assert "Schlichtungsstelle Digitale Dienste, Berlin" in decision.body
    assert "legal action before the courts" in decision.body


def test_an_address_without_an_account_is_never_warned_or_suspended(
    django_capture_on_commit_callbacks,
):
    """Issue 22: anyone can type an address, so misuse is counted per account only; before,
    three junk notices under a reader's address warned and then suspended that reader."""
    site_with(misuse_warn_after=2, misuse_suspend_after=3)
    mod = ModeratorFactory()
    for n in range(3):
        notice = notice_for(make_comment())
        with django_capture_on_commit_callbacks(execute=True):  # the mails go after commit
            notices.notice_decide(
                notice=notice, moderator=mod, act=False, decision_text=f"Nein {n}", manifest=True
            )
    assert not [m for m in mail.outbox if "manifestly unfounded" in m.subject]
    assert not Statement.objects.filter(restriction=Statement.Restriction.NOTICE_SUSPENSION)
    assert notices.notifier_suspension(email="NORA@example.org") is None


def test_manifestly_illegal_posts_of_staff_do_not_break_the_decision():
    """Misuse measures skip accounts only a superuser may sanction (they raised before)."""
    site_with(misuse_warn_after=1, misuse_suspend_after=1)
    staff = UserFactory(is_staff=True)
    notice = notice_for(make_comment(author=staff))
    notices.notice_decide(
        notice=notice,
        moderator=ModeratorFactory(),
        act=True,
        facts="Fakten der Moderation",
        decision_text="Ja",
        manifest=True,
    )
    assert Notice.objects.get().status == Notice.Status.ACTIONED
    assert not Sanction.objects.exists()


# --- The desk: shortcuts listed, claims respected in the queues --------------------------------


@pytest.mark.parametrize("url_name", ["moderation:desk", "moderation:pending"])
def test_every_shortcut_is_listed_on_the_page(client, url_name):
    make_comment(status="pending")
    client.force_login(ModeratorFactory())
    page = client.get(reverse(url_name)).content.decode()
    for key in "jnkahr":
        assert f"<kbd>{key}</kbd>" in page
    assert "js/desk.js" in page


def test_the_queues_mark_items_of_a_section_another_moderator_took(client):
    politik = SectionFactory(name="Politik")
    claimed = make_comment(article=ArticleFactory(section=politik), status="pending")
    free = make_comment(status="pending")
    holder, other = ModeratorFactory(display_name="Hanna Holder"), ModeratorFactory()
    SectionClaim.objects.create(section=politik, moderator=holder)
    client.force_login(other)
    page = client.get(reverse("moderation:pending")).content.decode()
    item = page[page.index(f'id="mod-comment-{claimed.pk}"') :]
    assert "taken by Hanna Holder" in item[: item.index("</article>")]
    item = page[page.index(f'id="mod-comment-{free.pk}"') :]
    assert "taken by" not in item[: item.index("</article>")]
    client.force_login(holder)  # their own claim is not marked
    assert "taken by" not in client.get(reverse("moderation:pending")).content.decode()
    # On the desk, the other moderator does not see the section unless they choose it: marked.
    client.force_login(other)
    desk = client.get(reverse("moderation:desk")).content.decode()
    assert f'id="mod-comment-{claimed.pk}"' not in desk
    desk = client.get(reverse("moderation:desk"), {"section": politik.slug}).content.decode()
    assert f'id="mod-comment-{claimed.pk}"' in desk and "taken by Hanna Holder" in desk


def test_statement_redress_names_the_complaint_and_the_dispute_settlement():
    site_with(dispute_settlement="Schlichtungsstelle X")
    text = texts.redress_text()
    assert "six months" in text and "Schlichtungsstelle X" in text and "courts" in text
    site_with(appeals_enabled=False)
    assert "six months" not in texts.redress_text()


# --- A German reader -------------------------------------------------------------------------


def test_a_german_reader_reads_the_filter_sentences_in_german(client, settings):
    from django.utils import translation

    from comments import services
    from comments.moderation.models import WordRule

    settings.LANGUAGE_CODE = "de"
    WordRule.objects.create(phrase="Vollpfosten", kind=WordRule.Kind.BLOCK)
    WordRule.objects.create(phrase="Systempresse", kind=WordRule.Kind.WATCH)
    article = ArticleFactory()
    client.force_login(UserFactory())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    url = reverse("comments:post", kwargs={"article_pk": article.pk})
    html = client.post(url, {"body": "Du VOLLPFOSTEN"}).content.decode()
    assert '<html lang="de">' in html
    assert "Ihr Kommentar enthält „VOLLPFOSTEN“" in html
    assert "Diskussionsregeln nicht erlauben" in html
    response = client.post(url, {"body": "Typisch Systempresse"}, follow=True)
    assert "Moderation" in response.content.decode()
    site_with(trust_hidden_threshold=1)
    author = UserFactory()
    moderation.comment_hide(
        comment=make_comment(author=author), moderator=ModeratorFactory(), reason="spam"
    )
    held = services.comment_create(article=article, author=author, body="Neu")
    with translation.override("de"):
        assert "Mehrere Ihrer Kommentare wurden in letzter Zeit entfernt" in (
            rules.reader_hold_sentence(held)
        )


def test_reversing_a_ban_restores_the_comments_it_hid():
    author, banning, second = UserFactory(), ModeratorFactory(), ModeratorFactory()
    comments = [make_comment(author=author) for _ in range(2)]
    other = make_comment(author=author)
    moderation.comment_hide(comment=other, moderator=banning, reason="spam")  # before the ban
    moderation.user_ban(user=author, moderator=banning, reason="Hetze", hide_comments=True)
    ban = Statement.objects.get(restriction=Statement.Restriction.BAN)
    appeal = appeals.appeal_create(appellant=author, statement=ban, text="Unverhältnismäßig")
    appeals.appeal_decide(appeal=appeal, moderator=second, reverse_decision=True, text="Zu hart")
    assert not Sanction.objects.active().filter(user=author).exists()
    for comment in comments:
        comment.refresh_from_db()
        assert comment.is_visible()
        assert Statement.objects.get(comment=comment, sanction__isnull=False).reversed_at
    other.refresh_from_db()
    assert other.is_hidden()  # its own decision, not the ban's


def test_a_notifier_without_an_account_complains_through_the_mailed_link(
    client, django_capture_on_commit_callbacks
):
    """Art. 20(1) DSA: complaints are open to notifiers too, also those without an account."""
    first, second = ModeratorFactory(), ModeratorFactory()
    notice = notice_for(make_comment())
    with django_capture_on_commit_callbacks(execute=True):
        notices.notice_decide(notice=notice, moderator=first, act=False, decision_text="Satire")
    decision = mail.outbox[-1]
    link = re.search(r"http://\S+\?key=\S+", decision.body).group(0)
    parts = urlsplit(link)
    path = f"{parts.path}?{parts.query}"
    assert path.startswith(reverse("discussion:notice", args=[notice.reference]))
    # Without the key (or with a forged one): the login page, as before.
    bare = reverse("discussion:notice", args=[notice.reference])
    assert client.get(bare).status_code == 302
    assert client.get(bare, {"key": "forged"}).status_code == 302
    page = client.get(path)
    assert page.status_code == 200 and "Complain against this decision" in page.content.decode()
    response = client.post(path, {"text": "Das ist keine Satire, sondern Hetze."})
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert appeal.appellant is None and appeal.email == "nora@example.org"
    assert "already complained" in client.get(path).content.decode()
    # The complaint queue names the notifier; the first moderator may not decide it.
    client.force_login(first)
    queue = client.get(reverse("moderation:appeals")).content.decode()
    assert "Nora Notifier" in queue and "another moderator must decide" in queue
    with django_capture_on_commit_callbacks(execute=True):
        appeals.appeal_decide(
            appeal=appeal, moderator=second, reverse_decision=True, text="Stimmt, Hetze."
        )
    answer = mail.outbox[-1]
    assert answer.to == ["nora@example.org"] and "Stimmt, Hetze." in answer.body
    assert "?key=" in answer.body
    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACTIONED
    # A notifier with an account still needs their login: the key is not offered to them.
    signed_in = UserFactory()
    other = notice_for(make_comment(), notifier=signed_in)
    notices.notice_decide(notice=other, moderator=first, act=False, decision_text="Nein")
    key = links.notice_complaint_key(other)
    client.logout()
    assert (
        client.get(reverse("discussion:notice", args=[other.reference]), {"key": key}).status_code
        == 302
    )


def test_only_manifestly_illegal_posts_count_towards_a_suspension(settings):
    """Art. 23(1): ordinary illegal-content hides do not add up to a misuse suspension."""
    # Receipts and decisions count against the inbox (test_dsa_mail_limits): not this test's.
    settings.RATE_LIMIT_OVERRIDES = {"mail-recipient": "100/3600"}
    site_with(misuse_warn_after=1, misuse_suspend_after=2)
    author, mod = UserFactory(), ModeratorFactory()
    for _n in range(3):  # illegal, but not manifestly so
        notices.notice_decide(
            notice=notice_for(make_comment(author=author)),
            moderator=mod,
            act=True,
            facts="Fakten der Moderation",
            decision_text="Strafbar",
        )
    assert not Sanction.objects.exists()
    notices.notice_decide(
        notice=notice_for(make_comment(author=author)),
        moderator=mod,
        act=True,
        facts="Fakten der Moderation",
        decision_text="Eindeutig strafbar",
        manifest=True,
    )
    assert not Sanction.objects.exists()  # one manifest case: a warning
    assert author.notifications.filter(title__contains="Warning").exists()
    notices.notice_decide(
        notice=notice_for(make_comment(author=author)),
        moderator=mod,
        act=True,
        facts="Fakten der Moderation",
        decision_text="Wieder eindeutig",
        manifest=True,
    )
    assert Sanction.objects.active().get(user=author).kind == Sanction.Kind.SUSPENSION
