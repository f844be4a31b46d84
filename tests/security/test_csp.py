"""The Content-Security-Policy header, and templates that can live under it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)


def _directives(header: str) -> dict[str, list[str]]:
    parts = (p.strip().split() for p in header.split(";") if p.strip())
    return {p[0]: p[1:] for p in parts}


def test_policy_allows_only_our_own_origin(client):
    csp = _directives(client.get(reverse("articles:home"))["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    for values in csp.values():
        assert "'unsafe-inline'" not in values
        assert "'unsafe-eval'" not in values
        assert "*" not in values


def test_a_nonce_is_added_only_when_a_template_uses_it(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    request = rf.get("/")
    middleware = CSPMiddleware(lambda r: HttpResponse(f"<script nonce='{r.csp_nonce}'>"))
    middleware.process_request(request)
    response = middleware.process_response(request, middleware.get_response(request))
    nonce = re.search(r"nonce='([^']+)'", response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in _directives(response["Content-Security-Policy"])["script-src"]


def _templates():
    roots = [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]
    return sorted(
        path for root in roots for path in root.rglob("*.html") if ".venv" not in path.parts
    )


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*nonce=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
STYLE_BLOCK = re.compile(r"<style(?![^>]*nonce=)[^>]*>", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


@pytest.mark.parametrize(
    "pattern",
    [INLINE_SCRIPT, EVENT_HANDLER, STYLE_ATTRIBUTE, STYLE_BLOCK, JAVASCRIPT_URL],
    ids=["inline-script", "on-handler", "style-attribute", "style-block", "javascript-url"],
)
def test_no_template_needs_unsafe_inline(pattern):
    """Every template of ours would break under the CSP if it used inline code or styles."""
    offenders = [
        f"{path.relative_to(BASE_DIR)}: {match.group(0)[:80]}"
        for path in _templates()
        for match in pattern.finditer(path.read_text())
    ]
    assert offenders == []


def test_server_error_page_is_plain_html_without_inline_style():
    html = render_to_string("500.html")
    assert "style" not in html
    assert "<script" not in html
    assert "<h1>" in html
