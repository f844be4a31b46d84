"""SpamProtectionMixin: honeypot and minimum fill-in time, without bothering people."""

import time
from html.parser import HTMLParser

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.template import Context, Template

from newsroom.security import SpamProtectionMixin, spam_timestamp

# A render timestamp is single-use: sending it is recorded in the limits store (a table).
pytestmark = pytest.mark.django_db


class CommentLikeForm(SpamProtectionMixin, forms.Form):
    body = forms.CharField()


class HelperForm(SpamProtectionMixin, forms.Form):
    """Builds its crispy helper and layout after super().__init__, as most forms do."""

    body = forms.CharField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout("body")


class ClassHelperForm(SpamProtectionMixin, forms.Form):
    body = forms.CharField()
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout("body")


def _age(seconds: float) -> str:
    """A timestamp token as if the form had been rendered `seconds` ago."""
    real_time = time.time
    try:
        time.time = lambda: real_time() - seconds
        return spam_timestamp()
    finally:
        time.time = real_time


@pytest.fixture
def min_seconds(settings):
    settings.SPAM_MIN_SECONDS = 3
    return 3


def test_a_person_taking_their_time_passes(min_seconds):
    form = CommentLikeForm({"body": "Hallo", "website": "", "form_rendered": _age(10)})
    assert form.is_valid(), form.errors


def test_honeypot_filled_is_refused_with_a_message():
    form = CommentLikeForm({"body": "Buy pills", "website": "http://spam.example"})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "honeypot"


def test_too_fast_is_refused_and_the_form_can_simply_be_sent_again(min_seconds):
    form = CommentLikeForm({"body": "Hallo Welt", "form_rendered": _age(0.5)})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "too_fast"
    html = str(form)
    assert "Hallo Welt" in html  # the reader's text is kept
    assert form.data["form_rendered"] != _age(0.5)  # a fresh timestamp to send again
    # Sent again a few seconds later, it passes.
    assert CommentLikeForm({**form.data, "form_rendered": _age(5)}).is_valid()


@pytest.mark.parametrize(
    "token", ["", "garbage", "form:1:forged", _age(3 * 24 * 3600)], ids=str.__len__
)
def test_missing_forged_or_expired_timestamp_is_refused(min_seconds, token):
    form = CommentLikeForm({"body": "Hallo", "form_rendered": token})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "form_expired"


def test_a_render_timestamp_is_single_use(min_seconds):
    """Issue 22: one signed render time was reused for two days to relay mails."""
    token = _age(10)
    assert CommentLikeForm({"body": "Hallo", "form_rendered": token}).is_valid()
    again = CommentLikeForm({"body": "Noch einmal", "form_rendered": token})
    assert not again.is_valid()
    assert again.non_field_errors().as_data()[0].code == "form_used"
    assert again.data["form_rendered"] != token  # a fresh one: a person just sends again
    assert CommentLikeForm({**again.data, "form_rendered": _age(5)}).is_valid()


def test_a_form_with_field_errors_does_not_use_up_its_timestamp(min_seconds):
    token = _age(10)
    assert not CommentLikeForm({"body": "", "form_rendered": token}).is_valid()
    assert CommentLikeForm({"body": "Jetzt", "form_rendered": token}).is_valid()


def test_a_render_timestamp_expires_after_a_short_window(min_seconds):
    form = CommentLikeForm({"body": "Hallo", "form_rendered": _age(2 * 3600)})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "form_expired"


def test_time_check_is_off_when_min_seconds_is_zero(settings):
    settings.SPAM_MIN_SECONDS = 0
    assert CommentLikeForm({"body": "Hallo"}).is_valid()


class _Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs, self.labels, self.hidden_divs = {}, [], 0
        self._stack = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div":
            self._stack.append("d-none" in (attrs.get("class") or "").split())
        if tag == "input":
            self.inputs[attrs.get("name")] = (attrs, any(self._stack))

    def handle_endtag(self, tag):
        if tag == "div" and self._stack:
            self._stack.pop()


@pytest.mark.parametrize(
    "render",
    [
        lambda f: str(f),
        lambda f: Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(
            Context({"form": f})
        ),
        lambda f: render_crispy_form(HelperForm()),
        lambda f: render_crispy_form(ClassHelperForm()),
    ],
    ids=["django", "crispy-filter", "crispy-helper", "crispy-class-helper"],
)
def test_fields_render_hidden_in_every_rendering(render):
    form = CommentLikeForm()
    parser = _Inputs()
    parser.feed(render(form))
    honeypot, honeypot_hidden = parser.inputs["website"]
    assert honeypot["type"] == "text"
    assert honeypot["tabindex"] == "-1"
    assert honeypot["autocomplete"] == "off"
    assert honeypot_hidden, "the honeypot must sit inside a display:none wrapper"
    timestamp, _ = parser.inputs["form_rendered"]
    assert timestamp["type"] == "hidden"
    assert timestamp["value"].startswith("form-")
    assert "body" in parser.inputs
