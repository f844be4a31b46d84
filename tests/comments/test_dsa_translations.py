"""German and English texts of the moderation and DSA code are complete (issue 16): every
msgid used under comments/moderation and templates/comments/moderation is in both catalogues,
translated in German (the English catalogue keeps the English msgid: an empty msgstr)."""

import ast
import io
import tokenize
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

CALLS = {
    "_": ("s",),
    "gettext": ("s",),
    "gettext_lazy": ("s",),
    "gettext_noop": ("s",),
    "ngettext": ("s", "p"),
    "ngettext_lazy": ("s", "p"),
    "pgettext": ("c", "s"),
    "pgettext_lazy": ("c", "s"),
    "npgettext": ("c", "s", "p"),
}
SOURCES = [
    ("comments/moderation", "**/*.py"),
    ("comments/management/commands", "dsa_*.py"),
    ("templates/comments/moderation", "**/*.html"),
    ("templates/comments/moderation", "**/*.txt"),
]


def _messages(code: str):
    """(msgctxt, msgid, msgid_plural) of every gettext call with literal strings in `code`."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(code).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for i, token in enumerate(tokens[:-2]):
        if token.type != tokenize.NAME or token.string not in CALLS:
            continue
        if i and tokens[i - 1].string == ".":  # obj.gettext(...) is not ours
            continue
        if tokens[i + 1].string != "(":
            continue
        args, current, j = [], [], i + 2
        while (
            j < len(tokens)
            and tokens[j].type == tokenize.STRING
            or (j < len(tokens) and tokens[j].string == "," and current)
        ):
            if tokens[j].string == ",":
                args.append("".join(current))
                current = []
            else:
                current.append(ast.literal_eval(tokens[j].string))
            j += 1
        if current:
            args.append("".join(current))
        roles = CALLS[token.string]
        if len(args) < len(roles):
            continue  # a variable, not a literal: nothing to extract
        found = dict(zip(roles, args, strict=False))
        yield found.get("c"), found["s"], found.get("p")


def used_messages() -> dict:
    base = Path(settings.BASE_DIR)
    used = {}
    for folder, pattern in SOURCES:
        for path in sorted((base / folder).glob(pattern)):
            text = path.read_text()
            if path.suffix != ".py":
                # Inside brackets the tokenizer ignores the template's indentation.
                text = "(\n" + templatize(text, origin=str(path)) + "\n)"
            for ctxt, msgid, plural in _messages(text):
                used[(ctxt, msgid)] = (plural, str(path.relative_to(base)))
    return used


def catalogue(language: str) -> dict:
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def test_the_extraction_finds_the_moderation_texts():
    used = used_messages()
    assert (None, "Refused by") in used  # a template
    assert (
        None,
        "Moderators see which rule refused a comment; its text is kept only this long.",
    ) in used  # a model's help text
    assert (None, "Complaints") in used  # a lazy text in comments/moderation/dsa/views.py
    assert len(used) > 400


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_moderation_text_is_in_the_catalogue(language):
    entries = catalogue(language)
    missing = []
    for key, (plural, where) in used_messages().items():
        entry = entries.get(key)
        if entry is None or "fuzzy" in entry.flags or (plural and entry.msgid_plural != plural):
            missing.append((where, key[1]))
        elif language == "de" and not (
            all(entry.msgstr_plural.values()) if plural else entry.msgstr
        ):
            missing.append((where, key[1]))
    assert missing == []
