"""The pages work under the enforced Content-Security-Policy: no violation is reported."""

import pytest
from django.contrib.admin import site as admin_site
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import ArticleFactory, SectionFactory, UserFactory
from tests.security.browser import log_in, record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(page, rec, url):
    response = page.goto(url)
    assert response.status < 400, (url, response.status)
    assert "Content-Security-Policy" in {k.title() for k in response.headers}, url
    page.wait_for_load_state("load")
    rec.collect_violations(page)


def test_reader_pages_report_no_csp_violation(page, live_server):
    article = ArticleFactory()
    rec = record(page)
    for url in [
        reverse("articles:home"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("login"),
    ]:
        _visit(page, rec, live_server.url + url)
    assert rec.problems() == [], "\n".join(rec.problems())


def test_admin_works_under_the_csp(page, live_server):
    article = ArticleFactory()
    # Two levels of sections, so the section tree filters and indentation render.
    SectionFactory(name="Lokales", slug="lokales", parent=article.section)
    admin = UserFactory(is_staff=True, is_superuser=True)
    rec = record(page)
    _visit(page, rec, live_server.url + reverse("admin:login"))
    log_in(page, live_server, admin)
    urls = [reverse("admin:index"), reverse("admin:articles_article_change", args=[article.pk])]
    # Every registered model's list and add form, so new admin screens are covered too.
    request = RequestFactory().get("/admin/")
    request.user = admin
    for model, model_admin in admin_site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
    for url in urls:
        _visit(page, rec, live_server.url + url)
    assert rec.problems() == [], "\n".join(rec.problems())


def test_admin_javascript_runs_under_the_csp(page, live_server):
    """The slug is prepopulated from the headline by admin JS loaded from our static files."""
    admin = UserFactory(is_staff=True, is_superuser=True)
    rec = record(page)
    log_in(page, live_server, admin)
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.fill("#id_headline", "Neue Regeln für Radwege")
    page.locator("#id_headline").blur()
    assert page.input_value("#id_slug") == "neue-regeln-fuer-radwege"  # German slugs (ü -> ue)
    rec.collect_violations(page)
    assert rec.problems() == [], "\n".join(rec.problems())
