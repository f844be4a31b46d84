"""The fixed sentences of the DSA records: redress options and the misuse warning, written
in the site's language whoever's request wrote them."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from comments.moderation.models import ModerationSettings


def dispute_settlement_text(site: ModerationSettings | None = None) -> str:
    site = site or ModerationSettings.load()
    if site.dispute_settlement:
        return _(
            "You can also turn to an out-of-court dispute settlement body (Art. 21 DSA): %(body)s."
        ) % {"body": site.dispute_settlement}
    return _(
        "You can also turn to an out-of-court dispute settlement body certified under Art. 21 "
        "DSA; the Bundesnetzagentur lists them."
    )


def redress_text(*, site: ModerationSettings | None = None, appealable: bool = True) -> str:
    """The redress options as the statement states them (Art. 17(3)(f) DSA)."""
    site = site or ModerationSettings.load()
    parts = []
    if appealable and site.appeals_enabled:
        parts.append(
            _(
                "You can complain against this decision within six months, on the page of this "
                "statement; another moderator will decide."
            )
        )
        parts.append(dispute_settlement_text(site))
    parts.append(_("You can always take legal action before the courts."))
    return " ".join(parts)


def in_site_language(build) -> str:
    """The statement is written once, in the site's language, whoever's request wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(build())


def misuse_warning() -> tuple[str, str]:
    return _("Warning: manifestly unfounded notices"), _(
        "If you keep sending manifestly unfounded notices, you will be suspended from notifying."
    )
