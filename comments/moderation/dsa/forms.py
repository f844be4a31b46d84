"""Forms of the DSA pages: notices, complaints, and the moderators' decisions on them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comments.moderation.dsa.statements import FACT_TEMPLATES, FACTS_NEEDED, fact_template_choices
from comments.moderation.models import LegalGround
from newsroom.idempotency import clean_post_token, new_post_token, post_token_field
from newsroom.security import SpamProtectionMixin


class NoticeForm(SpamProtectionMixin, forms.Form):
    legal_ground = forms.ChoiceField(
        label=_("Which law does the content break?"),
        choices=[("", "—"), *LegalGround.choices],
    )
    other_provision = forms.CharField(
        label=_("Other provision"),
        required=False,
        max_length=200,
        help_text=_("Required for “another provision”: the law and its section."),
    )
    explanation = forms.CharField(
        label=_("Why is the content illegal?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Explain precisely which statement breaks the law and why."),
    )
    location = forms.CharField(
        label=_("Exact location of the content"),
        max_length=500,
        widget=forms.TextInput(attrs={"readonly": "readonly"}),
    )
    name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_(
            "For the receipt and the decision. Required by law (Art. 16 DSA), except for "
            "notices of child sexual abuse material."
        ),
    )
    bona_fide = forms.BooleanField(
        label=_(
            "I am convinced in good faith that the information and allegations in this notice "
            "are accurate and complete."
        ),
        error_messages={"required": _("Please confirm that your notice is accurate and complete.")},
    )
    # A resent form (double click, retry after an outage) is the notice already made.
    post_token = post_token_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("post_token", new_post_token())

    def clean_post_token(self) -> str:
        return clean_post_token(self.cleaned_data.get("post_token"))

    def clean(self):
        data = super().clean()
        if data.get("legal_ground") == LegalGround.OTHER and not data.get("other_provision"):
            self.add_error("other_provision", _("Name the provision the content breaks."))
        return data


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why is the decision wrong?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NoticeDecisionForm(forms.Form):
    DECISIONS = [("act", _("Illegal: hide the comment")), ("reject", _("Not illegal: no action"))]
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS, widget=forms.RadioSelect)
    legal_ground = forms.ChoiceField(
        label=_("Legal provision"),
        choices=[("", _("As in the notice")), *LegalGround.choices],
        required=False,
    )
    fact_template = forms.ChoiceField(
        label=_("Facts: template"), choices=fact_template_choices, required=False
    )
    facts = forms.CharField(
        label=_("Facts and circumstances (in the statement the author reads)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "In your own words, or choose a template. The notifier's text is never used: it "
            "could identify them to the author."
        ),
    )
    decision_text = forms.CharField(
        label=_("Reasons of the decision (sent to the notifier)"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    manifest = forms.BooleanField(
        label=_("Manifest: the content is manifestly illegal, or the notice manifestly unfounded"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        template = data.pop("fact_template", "")
        if not data.get("facts") and template:
            data["facts"] = str(FACT_TEMPLATES[template])
        if data.get("decision") == "act" and not data.get("facts", "").strip():
            self.add_error("facts", FACTS_NEEDED)
        return data


class AppealDecisionForm(forms.Form):
    OUTCOMES = [("uphold", _("Uphold the decision")), ("reverse", _("Reverse the decision"))]
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Answer to the complainant"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
