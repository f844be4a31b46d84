"""Site-wide pages: legal texts, robots.txt, security.txt, icons and the web manifest."""

import re
from datetime import UTC, timedelta
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from articles.pages.models import Page
from articles.seo import CONTENT_LANGUAGE

THEME_COLOR = "#1a1a1a"  # the ink of the masthead; also in base.html's <meta name="theme-color">
BACKGROUND_COLOR = "#fffdf9"  # --nr-paper
ONE_DAY = 24 * 3600


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    return render(request, "pages/page_detail.html", {"page": page})


@require_safe
def netiquette(request):
    """The netiquette is the discussion rules page of the comments app (one home)."""
    return redirect("discussion:rules", permanent=True)


@require_safe
@cache_control(max_age=ONE_DAY, public=True)
def robots_txt(request):
    base = f"{request.scheme}://{request.get_host()}"
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {base}{reverse('articles:sitemap')}",
        f"Sitemap: {base}{reverse('articles:sitemap-news')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# Pages for logged-in work and result lists that search engines should not crawl.
ROBOTS_DISALLOW = ["/admin/", "/moderation/", "/accounts/", "/suche/"]


@cache
def security_contact() -> str:
    """The reporting address from SECURITY.md, so the policy and security.txt cannot drift."""
    text = (settings.BASE_DIR / "SECURITY.md").read_text(encoding="utf-8")
    match = re.search(r"\*\*([^*\s]+@[^*\s]+)\*\*", text)
    if match is None:
        raise RuntimeError("SECURITY.md names no **address@host** to report to")
    return match.group(1)


@require_safe
@cache_control(max_age=ONE_DAY, public=True)
def security_txt(request):
    """RFC 9116. Expires is a rolling 180 days: the file is generated from the live policy."""
    base = f"{request.scheme}://{request.get_host()}"
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: mailto:{security_contact()}",
        f"Expires: {expires.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: de, en",
        f"Canonical: {base}{reverse('pages:security-txt')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache
def _static_bytes(path: str) -> bytes:
    found = finders.find(path)
    if not found:
        raise Http404
    with open(found, "rb") as f:
        return f.read()


def _icon(path, content_type):
    @require_safe
    @cache_control(max_age=7 * ONE_DAY, public=True)
    def view(request):
        return HttpResponse(_static_bytes(path), content_type=content_type)

    return view


favicon = _icon("img/favicon.ico", "image/x-icon")
apple_touch_icon = _icon("img/apple-touch-icon.png", "image/png")


@require_safe
@cache_control(max_age=ONE_DAY, public=True)
def manifest(request):
    data = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "lang": CONTENT_LANGUAGE,  # the paper's language, whatever the interface
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }  # fmt: skip
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
