from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import rules_acceptance_label
from accounts.services import rules_accepted
from comments.models import Comment
from comments.permissions import can_moderate
from newsroom.idempotency import clean_post_token, new_post_token, post_token_field
from newsroom.security import SpamProtectionMixin


def _body_field() -> forms.CharField:
    # No max_length here: the service says how long the text is and keeps it for the reader.
    return forms.CharField(
        label=gettext_lazy("Your comment"),
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _counter_attrs() -> dict:
    # settings.COMMENT_MAX_LENGTH is the one limit (Comment.body's validator, the service,
    # this attribute and comments.js). No `maxlength`: the browser would cut a pasted text
    # silently; the script warns and marks the excess, the server refuses and keeps it.
    return {
        "data-max-length": settings.COMMENT_MAX_LENGTH,
        "data-counter": "",
        # The script fills in the numbers; the texts are translated here.
        "data-counter-text": _("%(count)s of %(max)s characters"),
        "data-counter-over-one": _("1 character too many"),
        "data-counter-over-many": _("%(over)s characters too many"),
        "data-counter-excess": _("Beyond the limit:"),
    }


class CommentForm(SpamProtectionMixin, forms.Form):
    """A new comment (parent empty) or a reply (parent = the comment answered)."""

    body = _body_field()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    # A question to the article's authors (posted from the questions tab).
    question = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # One per rendered form: a resubmission returns the comment the first one created.
    post_token = post_token_field()

    def __init__(
        self, *args, article, user=None, question: bool = False, submit_label=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.article = article
        if not self.is_bound:
            self.initial.setdefault("post_token", new_post_token())
        self.fields["body"].widget.attrs.update(_counter_attrs())
        fields = [Field("body", css_class="comment-form__body"), "parent", "question", "post_token"]
        if can_moderate(user):
            # Moderators choose, per comment, whether they speak as moderators (badge).
            self.fields["as_moderator"] = forms.BooleanField(
                label=gettext_lazy("Write as moderator (shows the “Moderation” badge)"),
                required=False,
            )
            fields.append("as_moderator")
        if user is not None and user.is_authenticated and not rules_accepted(user):
            # New discussion rules (settings.DISCUSSION_RULES_VERSION): accepted once, here,
            # before the next comment; a post without it comes back with its text.
            self.fields["accept_rules"] = forms.BooleanField(
                label=rules_acceptance_label(),
                required=True,
                error_messages={
                    "required": gettext_lazy(
                        "Our discussion rules have changed. Please accept them to post; "
                        "your text is kept."
                    )
                },
            )
            fields.append(Field("accept_rules", wrapper_class="comment-form__rules"))
        if question:
            self.initial["question"] = True
            self.fields["body"].label = gettext_lazy("Your question to the authors")
        self.helper = FormHelper(self)
        self.helper.form_action = reverse("comments:post", kwargs={"article_pk": article.pk})
        self.helper.form_class = "comment-form"
        self.helper.attrs = {"novalidate": ""}  # the server explains errors; see _clean_body
        submit = submit_label or (_("Ask the question") if question else _("Post comment"))
        self.helper.layout = Layout(*fields, Submit("submit", submit, css_class="btn btn-primary"))

    def place(self, form_id: str) -> None:
        """Give the form its id and post to that anchor: a refused post lands on the form."""
        self.helper.form_id = form_id
        self.helper.form_action = (
            f"{reverse('comments:post', kwargs={'article_pk': self.article.pk})}#{form_id}"
        )

    def is_reply(self) -> bool:
        return bool(self["parent"].value())

    def clean_post_token(self) -> str:
        return clean_post_token(self.cleaned_data.get("post_token"))

    def clean(self):
        cleaned = super().clean()
        if "parent" in self.errors:  # not a number: a tampered or stale form
            self.add_error(None, _("The comment you are replying to no longer exists."))
        pk = cleaned.get("parent")
        if pk is not None:
            # A non-field error: errors on the hidden field would not be shown to the reader.
            parent = Comment.objects.filter(pk=pk).first()
            if parent is None:
                self.add_error(None, _("The comment you are replying to no longer exists."))
            cleaned["parent"] = parent
        return cleaned

    def mark_errors(self) -> None:
        """Put the cursor back into the text the reader typed when the page re-renders."""
        self.fields["body"].widget.attrs["autofocus"] = ""
        if self.errors.get("body"):
            self.fields["body"].widget.attrs["aria-invalid"] = "true"


class CommentEditForm(forms.Form):
    body = _body_field()

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs.update(_counter_attrs())
        self.fields["body"].widget.attrs["rows"] = 8
        self.helper = FormHelper(self)
        self.helper.form_action = reverse("comments:edit", kwargs={"pk": comment.pk})
        self.helper.form_class = "comment-form"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field("body", css_class="comment-form__body"),
            Submit("submit", _("Save changes"), css_class="btn btn-primary"),
        )


class PickForm(forms.Form):
    """An editor's short note on an editors' pick (optional), shown with the label."""

    note = forms.CharField(
        label=gettext_lazy("Note on the pick (optional)"), max_length=300, required=False
    )
