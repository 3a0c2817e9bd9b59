from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from jobbtorg.config.api import api
from jobbtorg.portal import errors as portal_errors
from jobbtorg.web import views as web_views

admin.site.site_header = "Jobbtorg"
admin.site.site_title = "Jobbtorg"

urlpatterns = [
    path("", include("jobbtorg.web.urls")),
    path("", include("jobbtorg.portal.urls")),
    path("", include("jobbtorg.participants.urls")),
    path("", include("jobbtorg.plans.urls")),
    path("", include("jobbtorg.providers.urls")),
    path("", include("jobbtorg.payments.urls")),
    path("", include("jobbtorg.matching.urls")),
    path("", include("jobbtorg.summerjobs.urls")),
    path("", include("jobbtorg.transfer.urls")),
    path("", include("jobbtorg.followup.urls")),
    path("", include("jobbtorg.lex_sarah.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler403 = "jobbtorg.web.views.permission_denied"


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The portal's pages (and a participant anywhere) get the portal's own, in the person's
    language; staff get theirs. Here, since web and portal do not know each other."""
    if portal_errors.is_the_portals(request):
        return portal_errors.page_not_found(request, exception)
    return web_views.page_not_found(request, exception)


handler404 = page_not_found

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
