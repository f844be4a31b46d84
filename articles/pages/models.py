from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.rendering import render_markdown


class Page(models.Model):
    """A legal or service page (Impressum, privacy policy, contact) that editors keep current.

    Which pages exist is fixed in code, so the footer links them without a query; editors change
    the texts in the admin. The netiquette is the comments app's discussion rules page.
    """

    class Slug(models.TextChoices):
        IMPRINT = "impressum", _("Imprint")
        PRIVACY = "datenschutz", _("Privacy policy")
        CONTACT = "kontakt", _("Contact")
        TERMS = "nutzungsbedingungen", _("Terms of use")

    slug = models.CharField(_("page"), max_length=40, choices=Slug, unique=True)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Markdown: paragraphs, **bold**, _italic_, links, lists, > quotes, ## subheadings."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("legal or service page")
        verbose_name_plural = _("legal and service pages")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if kwargs.get("update_fields") is not None and "body" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(f"pages:{self.slug}")
