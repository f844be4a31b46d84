from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles import views
from articles.feeds import LatestArticlesFeed
from articles.sitemaps import SITEMAPS

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("ressort/<slug:slug>/", views.section_detail, name="section"),
    path("thema/<slug:slug>/", views.tag_detail, name="tag"),
    path("autor/<slug:slug>/", views.author_detail, name="author"),
    path("artikel/<slug:slug>/", views.article_detail, name="detail"),
    path("korrekturen/", views.corrections, name="corrections"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
