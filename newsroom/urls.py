from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.urls import auth_urlpatterns
from comments.moderation.urls import public_urlpatterns as discussion_urlpatterns

admin.site.site_header = _("Newsroom editorial office")
admin.site.site_title = _("Newsroom admin")
admin.site.index_title = _("Publishing and moderation")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include(auth_urlpatterns)),
    path("comments/", include("comments.urls")),
    path("comments/", include((discussion_urlpatterns, "discussion"))),
    path("moderation/", include("comments.moderation.urls")),
    path("", include("pages.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database outage noticed outside a view (a middleware, a template) still gets the 503 page.
handler500 = "newsroom.resilience.server_error"
