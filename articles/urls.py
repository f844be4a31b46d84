from django.urls import path

from articles import feeds, search, sitemaps, ticker_views, views

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
    path("korrekturen/", views.corrections, name="corrections"),
    path("feed/", feeds.conditional(feeds.LatestArticlesFeed()), name="feed"),
    path("feed/atom/", feeds.conditional(feeds.LatestArticlesAtomFeed()), name="feed-atom"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path("sitemap-<str:section>.xml", sitemaps.section, name="sitemap-section"),
]

ticker_urls = [
    path("artikel/<slug:slug>/ticker/eintraege/", ticker_views.entries, name="ticker-entries"),
    path(
        "artikel/<slug:slug>/ticker/eintrag/<int:pk>/",
        ticker_views.entry_permalink,
        name="ticker-entry",
    ),
    path(
        "artikel/<slug:slug>/ticker/feed/",
        feeds.conditional(feeds.TickerFeed()),
        name="ticker-feed",
    ),
    path(
        "artikel/<slug:slug>/ticker/feed/atom/",
        feeds.conditional(feeds.TickerAtomFeed()),
        name="ticker-feed-atom",
    ),
    path("artikel/<slug:slug>/ticker/redaktion/", ticker_views.desk, name="ticker-desk"),
    path(
        "artikel/<slug:slug>/ticker/redaktion/status/",
        ticker_views.ticker_status,
        name="ticker-status",
    ),
    path(
        "artikel/<slug:slug>/ticker/redaktion/zusammenfassung/",
        ticker_views.ticker_summary,
        name="ticker-summary",
    ),
    path(
        "artikel/<slug:slug>/ticker/redaktion/<int:pk>/",
        ticker_views.entry_edit,
        name="ticker-entry-edit",
    ),
    path(
        "artikel/<slug:slug>/ticker/redaktion/<int:pk>/veroeffentlichen/",
        ticker_views.entry_publish,
        name="ticker-entry-publish",
    ),
    path(
        "artikel/<slug:slug>/ticker/redaktion/<int:pk>/loeschen/",
        ticker_views.entry_delete,
        name="ticker-entry-delete",
    ),
]
urlpatterns += ticker_urls
