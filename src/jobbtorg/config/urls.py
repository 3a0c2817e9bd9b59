from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from jobbtorg.config.api import api

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler403 = "jobbtorg.web.views.permission_denied"
handler404 = "jobbtorg.web.views.page_not_found"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
