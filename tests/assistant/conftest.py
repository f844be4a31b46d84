from datetime import UTC, datetime

import pytest

from comments.moderation.assistant import corpus, scoring, training

UNTIL = datetime(2026, 1, 1, tzinfo=UTC)
_TRAINED = {}


def corpus_trained() -> training.Trained:
    """The demo corpus trained once per test session (about 3 s), for tests that need a model."""
    if "corpus" not in _TRAINED:
        _TRAINED["corpus"] = training.train(corpus.decisions(until=UNTIL))
    return _TRAINED["corpus"]


@pytest.fixture
def corpus_model(monkeypatch):
    """learning.assistant_train uses the corpus model instead of fitting again."""
    trained = corpus_trained()
    monkeypatch.setattr(training, "train", lambda *args, **kwargs: trained)
    return trained


@pytest.fixture(autouse=True)
def _fresh_model_cache():
    scoring.forget()
    yield
    scoring.forget()
