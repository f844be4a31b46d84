"""Admin forms: they validate uploads before anything is written to storage."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.images import IMAGE_ACCEPT, clean_upload, validate_image_file
from articles.models import Article, Author, Image, SlugRedirect

ALT_TEXT_REQUIRED = _("Describe the picture for readers who cannot see it.")


def _validated_optional_upload(upload):
    """An optional upload, checked only: image_create re-encodes it when the form is saved."""
    if upload:
        validate_image_file(upload)
        return upload
    return None


class ImageAdminForm(forms.ModelForm):
    # A plain FileField: Django's ImageField would answer a generic "upload a valid image"
    # before our checks could say what exactly is wrong (too large, too many pixels, SVG...).
    file = forms.FileField(
        label=_("File"),
        help_text=_("JPEG, PNG, WebP or GIF. Location data and other metadata are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            # Replaces the upload with a re-encoded copy: EXIF rotation applied, metadata gone,
            # and the stored bytes are whatever Pillow wrote, never what the browser sent.
            return clean_upload(upload)
        return upload

    def clean_alt_text(self):
        alt = (self.cleaned_data.get("alt_text") or "").strip()
        if not alt:
            raise forms.ValidationError(ALT_TEXT_REQUIRED)
        return alt


class ArticleAdminForm(forms.ModelForm):
    """The article form, plus an optional hero-image upload so editors need one form only."""

    new_image = forms.FileField(
        label=_("Upload a new hero image"),
        required=False,
        help_text=_("Replaces the hero image chosen above. JPEG, PNG, WebP or GIF."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    new_image_alt_text = forms.CharField(
        label=_("Alt text of the new image"),
        required=False,
        max_length=250,
        help_text=_("Required with a new image: describe it for readers who cannot see it."),
    )
    new_image_caption = forms.CharField(
        label=_("Caption of the new image"), required=False, max_length=300
    )
    new_image_credit = forms.CharField(
        label=_("Credit of the new image"),
        required=False,
        max_length=120,
        help_text=_('For example "kcna/yna/dpa".'),
    )
    substantial_change = forms.BooleanField(
        label=_("Substantial change"),
        required=False,
        help_text=_(
            "Tick when the content changed in substance (not for a typo): readers then see "
            '"updated on" with the time of this save.'
        ),
    )

    class Meta:
        model = Article
        fields = [
            "kicker", "headline", "slug", "lead", "body", "genre", "status", "published_at",
            "section", "tags", "hero_image", "comments_open",
        ]  # fmt: skip
        widgets = {
            "kicker": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "headline": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "slug": forms.TextInput(attrs={"class": "vLargeTextField"}),
            "lead": forms.Textarea(attrs={"rows": 3, "class": "vLargeTextField"}),
            "body": forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        taken = SlugRedirect.objects.filter(old_slug=slug)
        if self.instance.pk is not None:
            taken = taken.exclude(article=self.instance)
        if taken.exists():
            # Another article used to live at this URL; readers' bookmarks still lead there.
            raise forms.ValidationError(
                _("This slug used to belong to another article and still redirects to it.")
            )
        return slug

    def clean_new_image(self):
        return _validated_optional_upload(self.cleaned_data.get("new_image"))

    # Browsers send text areas with CRLF line ends and the time without microseconds; taken
    # as they come, every save would look like a change of the text and the time in the
    # article's versions.
    def clean_lead(self):
        return self.cleaned_data["lead"].replace("\r\n", "\n")

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n")

    def clean_published_at(self):
        value = self.cleaned_data["published_at"]
        stored = self.instance.published_at if self.instance.pk else None
        if stored is not None and value == stored.replace(microsecond=0):
            return stored
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_image") and not (cleaned.get("new_image_alt_text") or "").strip():
            self.add_error("new_image_alt_text", ALT_TEXT_REQUIRED)
        return cleaned


def https_url_fields(field, **kwargs):
    """Form fields for model fields, with "https" as the scheme a bare "example.org" gets
    (Django 6's default; 5.2 warns unless a form says so)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class AuthorAdminForm(forms.ModelForm):
    """The author form, with an optional photo upload; the photo's alt text is the name."""

    new_photo = forms.FileField(
        label=_("Upload a new photo"),
        required=False,
        help_text=_("Replaces the photo chosen above. JPEG, PNG, WebP or GIF."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    new_photo_credit = forms.CharField(label=_("Credit of the new photo"), required=False,
                                       max_length=120)  # fmt: skip

    class Meta:
        model = Author
        fields = ["name", "slug", "role", "bio", "photo", "user", "website", "social_url"]
        formfield_callback = https_url_fields

    def clean_new_photo(self):
        return _validated_optional_upload(self.cleaned_data.get("new_photo"))


class TickerEntryForm(forms.Form):
    """An entry on the ticker desk: text, optional picture with credit, key flag, author, time."""

    body = forms.CharField(
        label=_("Text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown, as in articles: **bold**, _italic_, [link](https://…), lists."),
    )
    is_key = forms.BooleanField(
        label=_("Important (key event)"),
        required=False,
        help_text=_("Pinned above the entries as a key event."),
    )
    author = forms.ModelChoiceField(
        label=pgettext_lazy("byline", "author"),
        queryset=Author.objects.all(),
        required=False,
        empty_label=_("(no author)"),
    )
    published_at = forms.DateTimeField(
        label=_("Time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: the moment it is published."),
    )
    new_image = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=_("Optional. JPEG, PNG, WebP or GIF."),
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    image_alt_text = forms.CharField(label=_("Alt text"), max_length=250, required=False)
    image_credit = forms.CharField(
        label=_("Credit"), max_length=120, required=False, help_text=_('For example "dpa".')
    )
    remove_image = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else "form-control"
            if isinstance(field, forms.ModelChoiceField):
                css = "form-select"
            field.widget.attrs.setdefault("class", css)
            if field.help_text:
                field.widget.attrs.setdefault("aria-describedby", f"{self[name].auto_id}_help")
        self.fields["body"].widget.attrs["lang"] = "de"

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write the entry's text."))
        return body

    def clean_new_image(self):
        return _validated_optional_upload(self.cleaned_data.get("new_image"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("new_image") and not (cleaned.get("image_alt_text") or "").strip():
            self.add_error("image_alt_text", ALT_TEXT_REQUIRED)
        return cleaned


class TickerSummaryForm(forms.Form):
    """The summary at the top of the ticker (the article's body)."""

    prefix = "summary"  # the desk shows it beside the entry form, which has a "body" too

    body = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown. Readers see it above the entries; keep it current."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(
            {"class": "form-control", "aria-describedby": f"{self['body'].auto_id}_help",
             "lang": "de"}
        )  # fmt: skip
