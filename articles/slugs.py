"""German slugs: "Wir müssen reden" -> wir-muessen-reden, as German newspapers write their URLs.

Django's slugify (and the admin's URLify) drop the umlaut's dots ("mussen"); German spells
ä, ö, ü and ß as ae, oe, ue and ss when it cannot write them. Other accents lose their marks
(Café -> cafe). The admin fills the slug field with the same rule as the editor types
(static/js/admin-german-slugs.js); a slug left empty is made on the server.
"""

from __future__ import annotations

from django.utils.text import slugify

GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                        "ß": "ss", "ẞ": "SS"})  # fmt: skip


def german_slugify(text: str, *, max_length: int = 200) -> str:
    """A lowercase ASCII slug of text with German transliteration, at most max_length long."""
    full = slugify(str(text).translate(GERMAN))
    if len(full) <= max_length:
        return full
    cut = full[:max_length]
    if full[max_length] != "-" and "-" in cut:  # cut at a word boundary, not mid-word
        cut = cut.rsplit("-", 1)[0]
    return cut.rstrip("-")


def unique_slug(model, text: str, *, field: str = "slug", exclude_pk=None) -> str:
    """german_slugify(text), with -2, -3 ... when another row of model has it already."""
    max_length = model._meta.get_field(field).max_length
    base = german_slugify(text, max_length=max_length) or model._meta.model_name
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base})
        .exclude(pk=exclude_pk)
        .values_list(field, flat=True)
    )
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
