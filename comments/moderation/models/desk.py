"""The moderators' desk: which moderator holds which section (SectionClaim)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SectionClaim(models.Model):
    """A moderator has taken a section's queue; others do not see its items on their desk."""

    section = models.OneToOneField(
        "articles.Section",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="moderation_claim",
        verbose_name=_("section"),
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("moderator"),
    )
    claimed_at = models.DateTimeField(_("claimed"), default=timezone.now)

    class Meta:
        verbose_name = _("claimed section")
        verbose_name_plural = _("claimed sections")

    def __str__(self) -> str:
        return f"{self.section} → {self.moderator}"
