"""The assistant on the site: training from the moderation log, promotion, rollback, the
write path's holds, statements, outcomes per month, retraining after N decisions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from comments.moderation import rules
from comments.moderation import services as moderation
from comments.moderation.assistant import learning, policy, records, scoring, store, training
from comments.moderation.models import (
    AssistantEvent,
    AssistantScore,
    AssistantSettings,
    AssistantVersion,
    HideReason,
    HoldExplanation,
    HoldRule,
    ModerationAction,
    SectionAssistant,
    Statement,
)
from comments.services import comment_create, comment_edit
from tests.comments.test_moderation_services import make_comment
from tests.factories import ArticleFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

INSULT = "Du V0llidi0t, halt einfach die Fresse, du Drecksack."
HARMLESS = "Danke für den Artikel, die Zahlen zur Rente sind sehr hilfreich."


def active_version(corpus_model) -> AssistantVersion:
    return learning.assistant_train(trigger=AssistantVersion.Trigger.MANUAL, decisions=[])


def as_if_older(version, trained):
    """Make `version` a model that never saw the candidate's hold-out: its hold-out fit."""
    import hashlib

    blob = trained.holdout_model.dumps()
    AssistantVersion.objects.filter(pk=version.pk).update(
        blob=blob,
        blob_sha256=hashlib.sha256(blob).hexdigest(),
        data_until=trained.holdout[0].decided_at - timedelta(seconds=1),
    )


def holding_on(article, threshold=None):
    SectionAssistant.objects.update_or_create(
        section=article.section, defaults={"enabled": True, "threshold": threshold}
    )


# --- Labels from the moderation log -------------------------------------------------------


def test_labels_come_from_the_last_decision_and_a_restore_corrects_a_hide():
    moderator = ModeratorFactory()
    article = ArticleFactory()
    hidden = make_comment(article=article, body="Du Idiot")
    restored = make_comment(article=article, body="Das ist meine Meinung, Punkt.")
    approved = make_comment(article=article, status=Comment.Status.PENDING, body="Guter Punkt.")
    reported = make_comment(article=article, body="Die Regierung versagt.")
    ignored = make_comment(article=article, body="Nie entschieden.")
    moderation.comment_hide(comment=hidden, moderator=moderator, reason=HideReason.INSULT)
    moderation.comment_hide(comment=restored, moderator=moderator, reason=HideReason.INSULT)
    moderation.comment_restore(comment=restored, moderator=moderator)
    moderation.comment_approve(comment=approved, moderator=moderator)
    ModerationAction.objects.create(
        actor=moderator, kind=ModerationAction.Kind.DISMISS_REPORTS, comment=reported
    )
    labels = {d.key: (d.hold, d.reason) for d in learning.training_decisions()}
    assert labels == {
        f"comment:{hidden.pk}": (True, HideReason.INSULT),
        f"comment:{restored.pk}": (False, ""),
        f"comment:{approved.pk}": (False, ""),
        f"comment:{reported.pk}": (False, ""),
    }
    assert f"comment:{ignored.pk}" not in labels


def test_an_erased_text_teaches_nothing():
    moderator = ModeratorFactory()
    comment = make_comment(body="Du Idiot")
    moderation.comment_hide(comment=comment, moderator=moderator, reason=HideReason.INSULT)
    Comment.objects.filter(pk=comment.pk).update(body="")
    assert learning.training_decisions() == []


def test_training_from_the_site_decisions_stores_an_active_version():
    """A real fit on decisions stored as comments and moderation actions (no corpus model)."""
    from comments.moderation.assistant import corpus

    moderator = ModeratorFactory()
    article = ArticleFactory()
    start = timezone.now() - timedelta(days=10)
    for i, example in enumerate(corpus.examples()[::5]):
        comment = make_comment(article=article, body=example.text)
        ModerationAction.objects.create(
            actor=moderator,
            kind=ModerationAction.Kind.HIDE if example.hold else ModerationAction.Kind.APPROVE,
            comment=comment,
            reason=HideReason.INSULT if example.hold else "",
            created_at=start + timedelta(minutes=10 * i),
        )
    version = learning.assistant_train(trigger=AssistantVersion.Trigger.NIGHTLY)
    assert version.is_active and version.status == AssistantVersion.Status.ACTIVE
    assert version.number == 1
    assert version.data_size == len(corpus.examples()[::5])
    assert 0 < version.holds < version.data_size
    assert version.metrics["holdout_size"] >= training.MIN_HOLDOUT
    assert len(version.metrics["holdout_scores"]) == version.metrics["holdout_size"]
    assert version.precision_at(0.5) == version.metrics["precision"] or version.precision_at(0.5)
    assert version.comparison["promoted"] and version.comparison["reason"] == "no active model"
    kinds = list(version.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == [AssistantEvent.Kind.TRAINED, AssistantEvent.Kind.ACTIVATED]
    assert store.active().model.score(INSULT) > 0.5


def test_not_enough_decisions():
    with pytest.raises(training.NotEnoughData):
        learning.assistant_train(trigger=AssistantVersion.Trigger.NIGHTLY)
    assert not AssistantVersion.objects.exists()


# --- Promotion and rollback ------------------------------------------------------------------


def test_a_model_as_good_replaces_the_active_one(corpus_model):
    first = active_version(corpus_model)
    as_if_older(first, corpus_model)  # an equal model on decisions neither saw: as good
    second = learning.assistant_train(trigger=AssistantVersion.Trigger.NIGHTLY, decisions=[])
    first.refresh_from_db()
    assert second.is_active and not first.is_active
    assert first.status == AssistantVersion.Status.RETIRED
    assert second.comparison["active_version"] == 1
    assert AssistantVersion.objects.active().get() == second


def test_a_worse_model_is_stored_but_not_activated(corpus_model, monkeypatch):
    first = active_version(corpus_model)
    worse = training.Comparison(False, "average precision 0.500 < 0.950 of the active model")
    monkeypatch.setattr(training, "compare", lambda *a, **k: worse)
    second = learning.assistant_train(trigger=AssistantVersion.Trigger.DECISIONS, decisions=[])
    first.refresh_from_db()
    assert first.is_active and not second.is_active
    assert second.status == AssistantVersion.Status.REJECTED
    assert second.comparison["promoted"] is False
    rejected = second.events.get(kind=AssistantEvent.Kind.REJECTED)
    assert "0.500 < 0.950" in rejected.note


def test_nothing_new_no_replacement(corpus_model):
    first = active_version(corpus_model)
    second = learning.assistant_train(trigger=AssistantVersion.Trigger.NIGHTLY, decisions=[])
    assert first.is_active and not second.is_active
    assert "stays" in second.comparison["reason"]


def test_rollback_makes_an_earlier_version_active_for_every_process(corpus_model):
    moderator = ModeratorFactory()
    first = active_version(corpus_model)
    as_if_older(first, corpus_model)
    second = learning.assistant_train(trigger=AssistantVersion.Trigger.NIGHTLY, decisions=[])
    assert store.active().version == second
    assert learning.assistant_rollback(version=first, actor=moderator, note="too many alarms")
    assert store.active().version == first  # a new cache key: no restart needed
    event = first.events.get(kind=AssistantEvent.Kind.ROLLED_BACK)
    assert (event.actor, event.note) == (moderator, "too many alarms")
    first.refresh_from_db()
    assert first.activated_by == moderator
    assert not learning.assistant_rollback(version=first, actor=moderator)  # already active


# --- The write path ---------------------------------------------------------------------------


def test_no_model_no_score_and_posting_works():
    article = ArticleFactory()
    comment = comment_create(article=article, author=UserFactory(), body=INSULT)
    assert comment.status == Comment.Status.VISIBLE
    assert not AssistantScore.objects.exists()


def test_every_new_comment_is_scored_but_not_held_while_the_section_is_off(corpus_model):
    active_version(corpus_model)
    article = ArticleFactory()
    comment = comment_create(article=article, author=UserFactory(), body=INSULT)
    assert comment.status == Comment.Status.VISIBLE  # holding is off by default
    record = AssistantScore.objects.get(comment=comment)
    assert record.score > 0.5 and not record.held and record.threshold is None
    assert record.score == policy.verdicts([INSULT])[0][0]  # the command's score, exactly


def test_a_risky_comment_is_held_with_an_explanation(
    corpus_model, django_capture_on_commit_callbacks
):
    version = active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(article=article, author=author, body=INSULT)
    assert comment.status == Comment.Status.PENDING
    held = HoldExplanation.objects.get(comment=comment)
    assert held.rule == HoldRule.ASSISTANT
    assert held.matched_text.startswith(f"v{version.number}: ")
    record = AssistantScore.objects.get(comment=comment)
    assert record.held and record.threshold == 0.5 and record.version == version
    # The explanation was computed after commit (a task): fragments and nearest decisions.
    explanation = record.explanation
    assert explanation["version"] == version.number
    assert explanation["fragments"] and explanation["neighbours"]
    assert explanation["neighbours"][0]["hold"] is True
    neighbours = store.neighbours_for(explanation)
    assert neighbours[0]["text"]  # the demo corpus text of the nearest decision
    # The reader is told, as with any other hold.
    assert rules.reader_hold_sentence(comment) == rules.reader_sentence(HoldRule.ASSISTANT)


def test_a_harmless_comment_appears_at_once(corpus_model):
    active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)
    comment = comment_create(article=article, author=UserFactory(), body=HARMLESS)
    assert comment.status == Comment.Status.VISIBLE
    record = AssistantScore.objects.get(comment=comment)
    assert record.score < 0.5 and not record.held and record.explanation == {}


def test_no_hold_while_the_model_misses_the_sites_precision(corpus_model):
    version = active_version(corpus_model)
    site = AssistantSettings.load()
    site.min_precision = 0.999
    site.save()
    article = ArticleFactory()
    holding_on(article)
    assert version.precision_at(0.5) < 0.999
    comment = comment_create(article=article, author=UserFactory(), body=INSULT)
    assert comment.status == Comment.Status.VISIBLE


def test_the_section_threshold_decides(corpus_model):
    active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article, threshold=0.9999)  # no model reaches 0.8 precision with nothing held
    comment = comment_create(article=article, author=UserFactory(), body=INSULT)
    assert comment.status == Comment.Status.VISIBLE
    assert AssistantScore.objects.get(comment=comment).threshold == 0.9999


def test_another_rule_explains_a_comment_it_holds(corpus_model):
    active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)
    from comments.moderation.models import ModerationSettings, PreModeration

    site = ModerationSettings.load()
    site.premoderation = PreModeration.ALL
    site.save()
    comment = comment_create(article=article, author=UserFactory(), body=INSULT)
    assert HoldExplanation.objects.get(comment=comment).rule == HoldRule.ARTICLE_ALL
    assert not AssistantScore.objects.get(comment=comment).held


def test_moderators_are_scored_but_never_held(corpus_model):
    active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)
    comment = comment_create(article=article, author=ModeratorFactory(), body=INSULT)
    assert comment.status == Comment.Status.VISIBLE


def test_an_edit_is_scored_again_and_can_be_held(corpus_model, settings):
    active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)
    author = UserFactory()
    comment = comment_create(article=article, author=author, body=HARMLESS)
    first = AssistantScore.objects.get(comment=comment).score
    comment = comment_edit(comment=comment, user=author, body=INSULT)
    record = AssistantScore.objects.get(comment=comment)
    assert record.score > first and record.held
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_a_broken_model_never_breaks_posting(corpus_model, monkeypatch):
    active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(policy.scoring, "score", broken)
    comment = comment_create(article=article, author=UserFactory(), body=INSULT)
    assert comment.status == Comment.Status.VISIBLE
    assert not AssistantScore.objects.exists()


# --- Decisions on held comments ----------------------------------------------------------------


def test_hiding_a_comment_the_assistant_held_says_automated_detection(corpus_model):
    active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)
    comment = comment_create(article=article, author=UserFactory(), body=INSULT)
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason=HideReason.INSULT)
    statement = Statement.objects.get(comment=comment)
    assert statement.automated_detection is True
    assert statement.automated_decision == "AUTOMATED_DECISION_NOT_AUTOMATED"
    assert "moderation assistant (model v1" in statement.decision_facts


def test_hiding_an_unheld_comment_is_not_automated_detection(corpus_model):
    active_version(corpus_model)
    comment = comment_create(article=ArticleFactory(), author=UserFactory(), body=INSULT)
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason=HideReason.INSULT)
    assert Statement.objects.get(comment=comment).automated_detection is False


def test_false_alarms_and_misses_per_model_and_month(corpus_model):
    version = active_version(corpus_model)
    article = ArticleFactory()
    holding_on(article)
    moderator = ModeratorFactory()
    alarm = comment_create(article=article, author=UserFactory(), body=INSULT)
    moderation.comment_approve(comment=alarm, moderator=moderator)  # held, then approved
    missed = comment_create(article=article, author=UserFactory(), body=HARMLESS)
    moderation.comment_hide(comment=missed, moderator=moderator, reason=HideReason.OFF_TOPIC)
    right = comment_create(article=article, author=UserFactory(), body=INSULT + " !")
    moderation.comment_hide(comment=right, moderator=moderator, reason=HideReason.INSULT)
    month = timezone.localtime().strftime("%Y-%m")
    assert learning.outcomes_by_month() == {version.pk: {month: {"false_alarms": 1, "misses": 1}}}


def test_training_is_enqueued_after_every_n_decisions(corpus_model, monkeypatch):
    active_version(corpus_model)
    site = AssistantSettings.load()
    site.retrain_after = 3
    site.save()
    moderator = ModeratorFactory()
    trained = []
    monkeypatch.setattr(records, "train_later", lambda **kw: trained.append(kw))
    for i in range(7):
        comment = make_comment(body=f"Kommentar {i}")
        moderation.comment_hide(comment=comment, moderator=moderator, reason=HideReason.SPAM)
    assert trained == [{"trigger": "decisions"}, {"trigger": "decisions"}]


def test_scoring_costs_four_named_queries_per_post(corpus_model):
    """With a model: the active version, the section's and the site's assistant settings, and
    the score row; the model itself is read once per process (not in this count)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.comments.test_write_queries import named

    active_version(corpus_model)
    article = ArticleFactory()
    comment_create(article=article, author=UserFactory(), body="warm")  # loads the model
    author = UserFactory()
    author.has_perm("x")  # permissions cached as in the pinned write-path test's second post
    with CaptureQueriesContext(connection) as ctx:
        comment_create(article=article, author=author, body=HARMLESS)
    names = named(ctx.captured_queries)
    assistant = [n for n in names if "assistant" in n]
    assert assistant == [
        "SELECT comments_assistantversion",
        "SELECT comments_assistantsettings",
        "SELECT comments_sectionassistant",
        "INSERT comments_assistantscore",
    ]


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_training_runs_outside_the_request(corpus_model):
    """`make run` has no workers: the training runs in a thread of its own after commit."""
    import threading

    main = threading.get_ident()
    seen = []
    real = learning.assistant_train

    def spy(**kwargs):
        seen.append(threading.get_ident())
        return real(**{**kwargs, "decisions": []})

    learning_train = learning.assistant_train
    try:
        learning.assistant_train = spy
        records.train_later(trigger="manual")  # autocommit: starts at once
        for thread in records._threads:
            thread.join(timeout=60)
    finally:
        learning.assistant_train = learning_train
    assert seen and seen[0] != main
    assert AssistantVersion.objects.filter(trigger="manual").exists()


def test_retention_erases_the_explanations_words_too(corpus_model):
    from comments.moderation import retention

    active_version(corpus_model)
    comment = comment_create(article=ArticleFactory(), author=UserFactory(), body=INSULT)
    learning.explanation_record(comment_id=comment.pk)
    assert AssistantScore.objects.get(comment=comment).explanation["signals"]
    moderation.comment_hide(comment=comment, moderator=ModeratorFactory(), reason=HideReason.INSULT)
    Comment.objects.filter(pk=comment.pk).update(hidden_at=timezone.now() - timedelta(days=400))
    assert retention.hidden_comments_erase(days=30) == 1
    record = AssistantScore.objects.get(comment=comment)
    assert record.explanation == {} and record.score > 0.5
    assert f"comment:{comment.pk}" not in {d.key for d in learning.training_decisions()}


def test_the_master_loads_the_active_model_before_the_fork(corpus_model, monkeypatch):
    """gunicorn_conf.when_ready: the workers share the model and close no inherited socket."""
    from django.db import DatabaseError, connections

    from newsroom import gunicorn_conf

    active_version(corpus_model)
    closed = []
    monkeypatch.setattr(connections, "close_all", lambda: closed.append(True))
    logged = []
    server = type("Server", (), {"log": type("Log", (), {"info": logged.append})()})()
    gunicorn_conf.when_ready(server)
    assert list(scoring._loaded) == [AssistantVersion.objects.active().get().cache_key]
    assert closed == [True] and logged  # the connection is not carried across the fork

    scoring.forget()
    monkeypatch.setattr(store, "active", lambda: (_ for _ in ()).throw(DatabaseError("down")))
    assert store.warm() is False and closed == [True, True]  # the start goes on
