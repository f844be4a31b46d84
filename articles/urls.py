from django.urls import path

from articles import feeds, search, sitemaps, views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("suche/", search.search_view, name="search"),
    path("ressort/<slug:slug>/", views.section_detail, name="section"),
    path("ressort/<slug:slug>/feed/", feeds.conditional(feeds.SectionFeed()), name="section-feed"),
    path(
        "ressort/<slug:slug>/feed/atom/",
        feeds.conditional(feeds.SectionAtomFeed()),
        name="section-feed-atom",
    ),  # fmt: skip
    path("thema/<slug:slug>/", views.tag_detail, name="tag"),
    path("thema/<slug:slug>/feed/", feeds.conditional(feeds.TagFeed()), name="tag-feed"),
    path(
        "thema/<slug:slug>/feed/atom/", feeds.conditional(feeds.TagAtomFeed()), name="tag-feed-atom"
    ),  # fmt: skip
    path("autor/<slug:slug>/", views.author_detail, name="author"),
    path("autor/<slug:slug>/feed/", feeds.conditional(feeds.AuthorFeed()), name="author-feed"),
    path(
        "autor/<slug:slug>/feed/atom/",
        feeds.conditional(feeds.AuthorAtomFeed()),
        name="author-feed-atom",
    ),  # fmt: skip
    path("artikel/<slug:slug>/", views.article_detail, name="detail"),
    path("feed/", feeds.conditional(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", feeds.conditional(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap-section"),
]
