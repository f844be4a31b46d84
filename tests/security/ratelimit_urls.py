"""The real URLconf plus one view that is rate limited by a configured scope."""

from django.http import HttpResponse
from django.urls import path

from newsroom.ratelimit import check_rate_for, ip_hash
from newsroom.urls import urlpatterns as site_urlpatterns


def limited(request):
    check_rate_for("test-scope", ip_hash(request))
    return HttpResponse("ok")


urlpatterns = [path("__limited__/", limited), *site_urlpatterns]
