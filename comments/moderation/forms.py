"""Forms for reports and the moderation pages: they validate and shape input, nothing else."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.moderation.dsa.statements import (
    FACT_TEMPLATES,
    MANIFEST_NEEDS_ILLEGAL,
    fact_template_choices,
)
from comments.moderation.models import HideReason, LegalGround, PreModeration, Report
from newsroom.converters import parse_id
from newsroom.idempotency import clean_post_token, new_post_token, post_token_field


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Other”. The author never learns who reported the comment."),
    )
    # A resent form (double click, retry after an outage) is the report already made.
    post_token = post_token_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("post_token", new_post_token())

    def clean_post_token(self) -> str:
        return clean_post_token(self.cleaned_data.get("post_token"))

    def clean(self):
        data = super().clean()
        if data.get("reason") == Report.Reason.OTHER and not data.get("text", "").strip():
            self.add_error("text", _("Please tell us briefly what is wrong."))
        return data


NOTE_LABEL = _("Internal note (optional; only moderators see it)")
EXPLANATION_LABEL = _("Explanation for the author (public: in the statement of reasons)")
NO_REASON = ("", _("— choose a reason —"))


def _note_field() -> forms.CharField:
    """The moderator's optional note for colleagues (the queue, the log); never shown to the
    author or exported. These forms are not shown again, so each error is a message of its
    own that says what is wrong."""
    return forms.CharField(
        label=NOTE_LABEL,
        required=False,
        max_length=500,
        error_messages={
            "max_length": _(
                "The note can be at most %(limit_value)d characters long (it has %(show_value)d)."
            )
        },
    )


class HideForm(forms.Form):
    # No reason is preselected: a moderator who does not choose records nothing (issue 22).
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[NO_REASON, *HideReason.choices],
        error_messages={
            "required": _("Choose a reason for hiding the comment."),
            "invalid_choice": _("Choose a reason for hiding the comment."),
        },
    )
    note = _note_field()
    explanation = forms.CharField(
        label=EXPLANATION_LABEL,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The statement of reasons (Art. 17 DSA): the provision for unlawful content, and the facts.
    legal_ground = forms.ChoiceField(
        label=_("Legal provision (for unlawful content)"),
        choices=[("", "—"), *LegalGround.choices],
        required=False,
    )
    fact_template = forms.ChoiceField(
        label=_("Facts: template"), choices=fact_template_choices, required=False
    )
    facts = forms.CharField(
        label=_("Facts and circumstances"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Art. 23(1) DSA: counts towards the author's misuse, like a notice decided as manifest.
    manifestly_illegal = forms.BooleanField(
        label=_("Manifestly illegal (counts towards the author’s misuse, Art. 23 DSA)"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        template = data.pop("fact_template", "")
        if not data.get("facts") and template:
            data["facts"] = str(FACT_TEMPLATES[template])
        if data.get("reason") == HideReason.UNLAWFUL and not data.get("legal_ground"):
            self.add_error("legal_ground", _("For unlawful content, choose the legal provision."))
        if data.get("manifestly_illegal") and not data.get("legal_ground"):
            self.add_error("manifestly_illegal", MANIFEST_NEEDS_ILLEGAL)
        return data


class NoteOnlyForm(forms.Form):
    note = _note_field()


def _comment_id(value) -> int:
    """An id a database column can hold; anything else is not a comment (ValueError)."""
    number = parse_id(value)
    if number is None:
        raise ValueError(value)
    return number


class BulkForm(forms.Form):
    ACTIONS = [
        ("approve", _("Approve")),
        ("hide", _("Hide")),
        ("restore", _("Restore")),
        ("dismiss", _("Dismiss reports")),
    ]
    ids = forms.TypedMultipleChoiceField(coerce=_comment_id, choices=(), required=True)
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    reason = forms.ChoiceField(
        label=_("Reason for hiding"),
        choices=[("", "—"), *HideReason.choices],
        required=False,
    )
    note = _note_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any id is accepted here (_comment_id bounds it); the view looks the comments up.
        raw = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.fields["ids"].choices = [(value, value) for value in raw]
        self.fields["ids"].error_messages["required"] = _("Select at least one comment.")

    def clean(self):
        data = super().clean()
        if data.get("action") == "hide" and not data.get("reason"):
            self.add_error("reason", _("Choose a reason for hiding the comments."))
        return data


class _UserCardForm(forms.Form):
    """The user card shows several of these forms at once: each gets its own id prefix."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SuspendForm(_UserCardForm):
    id_prefix = "suspend"
    days = forms.IntegerField(label=_("Suspend for (days)"), min_value=1, max_value=3650, initial=7)
    reason = forms.CharField(
        label=_("Reason shown to the user"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class BanForm(_UserCardForm):
    id_prefix = "ban"
    reason = forms.CharField(
        label=_("Reason shown to the user"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hide_comments = forms.BooleanField(
        label=_("Also hide all of this user's comments"), required=False
    )
    hide_reason = forms.ChoiceField(
        label=_("Reason for hiding the comments"),
        choices=[NO_REASON, *HideReason.choices],
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("hide_comments") and not data.get("hide_reason"):
            self.add_error("hide_reason", _("Choose a reason for hiding the comments."))
        return data


class UserNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Private note for moderators"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PremoderateUserForm(forms.Form):
    enabled = forms.BooleanField(label=_("Always pre-moderate this user"), required=False)


class ArticlePremoderationForm(forms.Form):
    premoderation = forms.ChoiceField(
        label=_("Pre-moderation"),
        choices=[("", _("Site-wide setting")), *PreModeration.choices],
        required=False,
    )
