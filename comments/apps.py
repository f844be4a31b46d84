from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from django.contrib import admin

        from comments import cache, highlights, signals  # noqa: F401  (cache: the page-cache version)
        from comments.moderation.admin import register_article_admin

        signals.connect()
        # DSA: the "Report illegal content" link under every comment (a reader part).
        from comments.moderation.dsa import render as dsa_render

        dsa_render.register()
        highlights.register()  # badges, picks and recommendations in the thread renderer
        # The admin autodiscovered every admin.py already (django.contrib.admin is listed first).
        register_article_admin(admin.site)
