"""The cold-start comments shipped with the demo: data/cold_start.csv.

Written for this project (not collected from any site): German reader comments on news
topics, each labelled `hold` or `keep` with a reason (insult, threat, dehumanising, spam,
doxxing, obfuscated; and for `keep` the kind of hard case: criticism, irony, quoted, strong
language, plain). `seed_demo` turns them into moderator decisions spread over past weeks, so
the demo trains from decisions like a real site; production trains on its own decisions only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from .training import Decision

PATH = Path(__file__).with_name("data") / "cold_start.csv"


@dataclass(frozen=True)
class Example:
    number: int
    text: str
    hold: bool
    reason: str


def examples(path: Path = PATH) -> list[Example]:
    with open(path, newline="", encoding="utf-8") as handle:
        return [
            Example(number=i, text=row["text"], hold=row["label"] == "hold", reason=row["reason"])
            for i, row in enumerate(csv.DictReader(handle), start=1)
        ]


def decisions(*, until: datetime, path: Path = PATH) -> list[Decision]:
    """The examples as decisions, one every 30 minutes up to `until`, in a fixed shuffle."""
    items = examples(path)
    order = sorted(items, key=lambda e: (e.number * 7919) % 10007)  # interleave the kinds
    start = until - timedelta(minutes=30 * len(order))
    return [
        Decision(
            key=f"corpus:{e.number}",
            text=e.text,
            hold=e.hold,
            decided_at=start + timedelta(minutes=30 * i),
            reason=e.reason,
        )
        for i, e in enumerate(order, start=1)
    ]
