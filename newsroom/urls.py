from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from accounts.urls import auth_urlpatterns
from comments.moderation.urls import public_urlpatterns as discussion_urlpatterns

admin.site.site_header = _("Newsroom editorial office")
admin.site.site_title = _("Newsroom admin")
admin.site.index_title = _("Publishing and moderation")

urlpatterns = [
    path("admin/", admin.site.urls),
    # CSRF-exempt: it only sets the language cookie (a forged switch changes nothing but
    # the interface language), and a token would make every anonymous page uncacheable.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include(auth_urlpatterns)),
    path("comments/", include("comments.urls")),
    path("comments/", include((discussion_urlpatterns, "discussion"))),
    path("moderation/", include("comments.moderation.urls")),
    path("", include("articles.pages.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database outage noticed outside a view (a middleware, a template) still gets the 503 page.
handler500 = "newsroom.resilience.server_error"
