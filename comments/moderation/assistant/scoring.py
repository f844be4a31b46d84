"""Scoring in the write path: one model per process, cached by version.

`assistant_for(version, load_blob)` returns the loaded model of `version`, calling
`load_blob()` (a database read of the blob) only the first time a process meets that
version. A new active version is a new key, so every process switches on its next score
without a broadcast; older versions are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .model import AssistantModel, Explanation, loads

_lock = threading.Lock()
_loaded: dict[str, AssistantModel] = {}


def assistant_for(version: str, load_blob: Callable[[], bytes]) -> AssistantModel:
    model = _loaded.get(version)
    if model is not None:
        return model
    with _lock:
        model = _loaded.get(version)
        if model is None:
            model = loads(load_blob())
            _loaded.clear()  # one model per process: the active one
            _loaded[version] = model
    return model


def forget() -> None:
    """Drop the cached model (tests; a rollback needs nothing: it changes the version)."""
    with _lock:
        _loaded.clear()


def score(model: AssistantModel, text: str) -> float:
    """The probability, 0..1, that moderators would hold `text`, rounded to 4 places."""
    return round(model.score(text), 4)


def verdict(score_value: float, threshold: float) -> str:
    return "hold" if score_value >= threshold else "keep"


def explain(model: AssistantModel, text: str) -> Explanation:
    return model.explain(text)
