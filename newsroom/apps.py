from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    """The project package as an app: no models, only the limits table and system checks."""

    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        from newsroom import checks, converters  # noqa: F401  (they register themselves)
