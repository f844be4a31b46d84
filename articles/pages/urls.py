from django.urls import path

from articles.pages import views
from articles.pages.models import Page

app_name = "pages"

urlpatterns = [
    # One fixed address per page (the footer links them without a query): /impressum/ ...
    *(path(f"{slug}/", views.page_detail, {"slug": slug}, name=slug) for slug in Page.Slug.values),
    path("netiquette/", views.netiquette, name="netiquette"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple-touch-icon"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
