from django.urls import path, re_path

from pages import views
from pages.models import Page

app_name = "pages"

urlpatterns = [
    re_path(r"^(?P<slug>{})/$".format("|".join(Page.Slug.values)), views.page_detail, name="page"),
    path("netiquette/", views.netiquette, name="netiquette"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(".well-known/security.txt", views.security_txt, name="security-txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("apple-touch-icon.png", views.apple_touch_icon, name="apple-touch-icon"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
