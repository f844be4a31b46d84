"""The active model, loaded once per process: the one read every other assistant module uses.

Reads only. `active()` costs one small query (the active row without its blob); the blob
is read and unpickled only when this process meets a new version (scoring.assistant_for),
so a training or a rollback reaches every worker on its next score, without a broadcast.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from comments.moderation.assistant import scoring
from comments.moderation.assistant.model import AssistantModel, BlobError
from comments.moderation.models import AssistantSettings, AssistantVersion, SectionAssistant

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Active:
    version: AssistantVersion  # without its blob
    model: AssistantModel


def active() -> Active | None:
    """The active version and its loaded model, or None (no model, or an unusable blob)."""
    version = AssistantVersion.objects.active().defer("blob").first()
    if version is None:
        return None
    try:
        model = scoring.assistant_for(version.cache_key, lambda: _blob(version.pk))
    except BlobError:
        logger.exception("The active assistant model v%s cannot be loaded", version.number)
        return None
    return Active(version=version, model=model)


def warm() -> bool:
    """Load the active model in gunicorn's master before it forks (gunicorn_conf.when_ready).

    The workers then share it, and no reader's post waits for the unpickling (a model is a
    few MB; a fresh worker would load it on its first scored post). The start must not fail
    for it: a database not up yet only means each worker loads the model on first use, as
    before. The connection opened here is closed, so no worker inherits it across the fork.
    """
    from django.db import DatabaseError, connections

    try:
        loaded = active()
    except DatabaseError:
        logger.warning("The assistant model was not loaded before the fork", exc_info=True)
        loaded = None
    finally:
        connections.close_all()
    return loaded is not None


def _blob(pk: int) -> bytes:
    return bytes(AssistantVersion.objects.values_list("blob", flat=True).get(pk=pk))


def site_settings() -> AssistantSettings:
    return AssistantSettings.load()


def section_threshold(section_id: int | None, site: AssistantSettings) -> float | None:
    """The threshold from which the assistant holds comments in a section; None when off."""
    if section_id is None:
        return None
    setting = SectionAssistant.objects.filter(section_id=section_id, enabled=True).first()
    if setting is None:
        return None
    return setting.threshold if setting.threshold is not None else site.default_threshold


def neighbours_for(explanation: dict) -> list[dict]:
    """The nearest decided comments of one explanation, with their text for the moderator."""
    return neighbours_for_many([explanation])[0]


def neighbours_for_many(explanations: list[dict]) -> list[list[dict]]:
    """The nearest decided comments of each explanation, their texts read in one query.

    Keys are "comment:<pk>" (looked up now, so an erased text stays erased) or "corpus:<n>"
    (the demo corpus).
    """
    from comments.models import Comment
    from comments.moderation.assistant import corpus

    rows_of = [(e or {}).get("neighbours") or [] for e in explanations]
    comment_ids = {
        int(r["key"].split(":")[1])
        for rows in rows_of
        for r in rows
        if r["key"].startswith("comment:")
    }
    bodies = dict(Comment.objects.filter(pk__in=comment_ids).values_list("pk", "body"))
    examples = None
    result = []
    for rows in rows_of:
        out = []
        for row in rows:
            kind, _sep, ident = row["key"].partition(":")
            text, comment_id = "", None
            if kind == "comment":
                comment_id = int(ident)
                text = bodies.get(comment_id, "")
            elif kind == "corpus":
                if examples is None:
                    examples = {e.number: e.text for e in corpus.examples()}
                text = examples.get(int(ident), "")
            out.append(
                {
                    "hold": row["hold"],
                    "similarity": row["similarity"],
                    "text": text[:280],
                    "comment_id": comment_id,
                }
            )
        result.append(out)
    return result


# The lexicon's signals as moderators read them (comments/moderation/assistant/lexicon.py).
SIGNAL_LABELS = {
    "insult": gettext_lazy("insult"),
    "insult_aimed": gettext_lazy("insult aimed at someone"),
    "insult_reported": gettext_lazy("quoted insult"),
    "threat": gettext_lazy("threat"),
    "dehumanising": gettext_lazy("dehumanising word"),
    "group_attack": gettext_lazy("attack on a group"),
    "quoted_harm": gettext_lazy("quoted threat or slur"),
    "spam": gettext_lazy("advertising"),
    "link": gettext_lazy("link"),
    "money": gettext_lazy("amount of money"),
    "contact": gettext_lazy("phone number or e-mail address"),
    "address": gettext_lazy("address or number plate"),
    "doxxing": gettext_lazy("personal data"),
    "vulgar": gettext_lazy("strong language"),
    "reported_speech": gettext_lazy("reported speech"),
    "shouting": gettext_lazy("shouting"),
    "site_blocked": gettext_lazy("blocked word"),
    "site_watched": gettext_lazy("watched word"),
}


# Words that carry no meaning on their own; the model may weigh them (they come with direct
# address: "Sie sind ein ..."), but a moderator learns nothing from seeing them.
_FILLERS = frozenset(
    "aber alle auch bist dann dass dein deine denn dich diese dieser dir doch eine einem einen "
    "einer euch haben halt hast hier ihre immer jetzt kann mehr mich mein nicht noch nur oder "
    "schon sein seid sich sind und uns vom von waren weil wenn werden wird wirklich".split()
)
# Which matched words a signal shows (lexicon.matched_stems lists them by these names).
_SIGNAL_WORDS = {
    "insult": "insult",
    "insult_aimed": "insult",
    "threat": "threat",
    "dehumanising": "dehumanising",
    "group_attack": "dehumanising",
    "spam": "spam",
    "doxxing": "doxxing",
}


def fragments_for(explanation: dict) -> list[dict]:
    """The fragments worth showing: lexicon signals by their label with the reader's words
    that set them off, then words by their folded form, each kept if it weighs at least a
    fifth of the strongest of its kind."""
    explanation = explanation or {}
    rows = explanation.get("fragments") or []
    matched = explanation.get("signals") or {}
    signals = [r for r in rows if r["text"].startswith("lexicon:")]
    words = [
        r
        for r in rows
        if not r["text"].startswith("lexicon:") and len(r["text"]) > 3 and r["text"] not in _FILLERS
    ]
    out = []
    shown_words = set()
    for group, is_signal in ((signals, True), (words, False)):
        if not group:
            continue
        top = max(r["weight"] for r in group)
        for row in group:
            if row["weight"] < top / 5:
                continue
            if is_signal:
                name = row["text"].split(":", 1)[1]
                which = matched.get(_SIGNAL_WORDS.get(name, ""), [])
                if name == "insult_aimed" and which:
                    continue  # the insult's own badge shows the words
                shown_words.update(w.lower() for w in which)
                label = SIGNAL_LABELS.get(name, name)
                out.append({"label": label, "signal": True, "words": which, **row})
            else:
                out.append({"label": row["text"], "signal": False, "words": [], **row})
    return out


def attach(items) -> None:
    """Give each comment of a moderators' page `assistant` (its score row or None),
    `assistant_fragments` and `assistant_neighbours` (their texts read in one query)."""
    explained = []
    for item in items:
        record = getattr(item, "assistant_score", None)
        item.assistant = record
        item.assistant_neighbours = []
        item.assistant_fragments = fragments_for(record.explanation) if record else []
        if record is not None and record.explanation:
            explained.append(item)
    for item, rows in zip(
        explained,
        neighbours_for_many([i.assistant.explanation for i in explained]),
        strict=True,
    ):
        item.assistant_neighbours = rows
