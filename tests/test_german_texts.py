"""German texts: every visible template string is really translated, plurals are real plurals."""

import re
from ast import literal_eval

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

pytestmark = pytest.mark.german

# Words that German writes exactly like English; anything else equal to its msgid is a
# string nobody translated (or a translation that fell back to the English text).
SAME_IN_GERMAN = {
    "Moderation", "Website", "Status", "Netiquette", "Newsroom", "Interview", "Spam", "Name",
    "Login", "Feed", "RSS", "Atom", "E-Mail", "Handle", "OK", "Team", "Account", "Details",
    "Software", "Version", "Text", "Tag", "Export", "Start", "Service", "Ticker", "Live",
    "%(name)s (RSS)", "%(name)s (Atom)",
}  # fmt: skip
# "Minute(n)", "Kommentar(e)", "Leser(innen)": a count with a bracketed ending is not German
# grammar; such strings use ngettext / blocktranslate count.
BRACKET_PLURAL = re.compile(r"[A-Za-zÄÖÜäöüß]\((n|en|e|s|er|in|innen)\)")


_STRING = r"""u?'(?:[^'\\\n]|\\.)*'|u?"(?:[^"\\\n]|\\.)*\""""
CALL = re.compile(rf"\b(npgettext|pgettext|ngettext|gettext|_)\(\s*((?:(?:{_STRING})\s*,?\s*)+)")


def template_messages():
    """(template, msgid, plural or None, context) of each translatable string in templates/."""
    found = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        rel = str(path.relative_to(settings.BASE_DIR))
        for match in CALL.finditer(code):
            name = match.group(1)
            args = [literal_eval(a) for a in re.findall(_STRING, match.group(2))]
            if name in ("pgettext", "npgettext"):
                context, messages = args[0], args[1:]
            else:
                context, messages = None, args
            if messages and messages[0]:
                plural = messages[1] if name.startswith(("ngettext", "npgettext")) else None
                found.append((rel, messages[0], plural, context))
    return found


def german(msgid: str, plural: str | None, context: str | None) -> list[tuple[str, str]]:
    """(English, German) pairs: the message, or its singular and plural forms."""
    with translation.override("de"):
        if plural is None:
            de = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            return [(msgid, de)]
        if context:
            forms = [translation.npgettext(context, msgid, plural, n) for n in (1, 5)]
        else:
            forms = [translation.ngettext(msgid, plural, n) for n in (1, 5)]
        return list(zip((msgid, plural), forms, strict=True))


def test_the_template_scan_finds_the_strings():
    messages = {(m, c) for _, m, _p, c in template_messages()}
    assert len(messages) > 300
    assert ("Mark all as read", None) in messages


def test_every_visible_template_string_is_german():
    untranslated = sorted(
        {
            f"{where}: {en!r}"
            for where, msgid, plural, context in template_messages()
            for en, de in german(msgid, plural, context)
            if re.search("[A-Za-z]", en) and de == en and en not in SAME_IN_GERMAN
        }
    )
    assert untranslated == []


def test_no_german_text_counts_with_bracketed_plurals():
    po = polib.pofile(str(settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    bracketed = [
        e.msgid
        for e in po
        if not e.obsolete
        and any(BRACKET_PLURAL.search(s) for s in [e.msgstr, *e.msgstr_plural.values()])
    ]
    assert bracketed == []
    for where, msgid, plural, context in template_messages():
        for _en, de in german(msgid, plural, context):
            assert not BRACKET_PLURAL.search(de), where


def test_the_bracket_rule_catches_what_it_should():
    assert BRACKET_PLURAL.search("Bitte warten Sie 1 Minute(n).")
    assert not BRACKET_PLURAL.search("Seite %(n)s von %(total)s")


@pytest.mark.django_db
def test_the_inbox_link_on_a_moderation_notice_is_the_verb(client):
    from accounts.models import Notification
    from tests.factories import UserFactory

    user = UserFactory()
    Notification.objects.create(
        recipient=user, kind="moderation", url="/moderation/entscheidungen/1/", title="Ausgeblendet"
    )
    client.force_login(user)
    html = client.get("/accounts/benachrichtigungen/").content.decode()
    assert ">Öffnen<" in html
    assert ">Offen<" not in html
