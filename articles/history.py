"""Comparing two kept versions of an article (django-simple-history records) for editors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# What an editor reads in a comparison, in the order of the form.
COMPARED_FIELDS = [
    "kicker", "headline", "slug", "lead", "body", "genre", "status", "published_at",
    "section", "hero_image", "comments_open",
]  # fmt: skip

_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass
class FieldChange:
    label: str
    diff: SafeString
    changed: bool


def word_diff(old: str, new: str) -> SafeString:
    """Escaped HTML with <del> and <ins> around the words that differ."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(format_html("{}", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return format_html_join("", "{}", ((p,) for p in parts))


def _display(record, name: str) -> str:
    field = record.instance._meta.get_field(name)
    if field.is_relation:
        related = getattr(record, name, None)
        return str(related) if related is not None else "–"
    if field.choices:
        return str(getattr(record, f"get_{name}_display")())
    value = getattr(record, name)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    return "" if value is None else str(value)


def compare_versions(old, new, *, fields: list[str]) -> list[FieldChange]:
    """One row per field: the word diff, and whether anything changed."""
    rows = []
    for name in fields:
        label = str(old.instance._meta.get_field(name).verbose_name)
        before, after = _display(old, name), _display(new, name)
        rows.append(
            FieldChange(label=label, diff=word_diff(before, after), changed=before != after)
        )
    return rows
