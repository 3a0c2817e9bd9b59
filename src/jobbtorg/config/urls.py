from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from jobbtorg.config.api import api
from jobbtorg.core import views as core_views

admin.site.site_header = "Jobbtorg"
admin.site.site_title = "Jobbtorg"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("logga-in/", core_views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("jobbtorg.participants.urls")),
    path("", include("jobbtorg.web.participant_urls")),
    path("deltagare/", include("jobbtorg.providers.urls_participant")),
    path("deltagare/", include("jobbtorg.matching.urls_participant")),
    path("matchning/", include("jobbtorg.matching.urls_people")),
    path("matchning/massor/", include("jobbtorg.matching.urls_fairs")),
    path("sommarjobb/sasonger/", include("jobbtorg.summerjobs.urls_season")),
    path("", include("jobbtorg.providers.urls")),
    path("planer/", include("jobbtorg.plans.urls")),
    path("deltagare/", include("jobbtorg.providers.urls_free_choice")),
    path("jamforelse/", include("jobbtorg.providers.urls_comparison")),
    path("overforing/", include("jobbtorg.transfer.urls")),
    path("nyckeltal/effekt/", include("jobbtorg.followup.urls_effect")),
    path("anordnare/narvaro/", include("jobbtorg.providers.urls_attendance")),
    path("ersattning/", include("jobbtorg.providers.urls_payments")),
    path("nyckeltal/", include("jobbtorg.followup.urls")),
    path("matchning/", include("jobbtorg.matching.urls")),
    path("sommarjobb/", include("jobbtorg.summerjobs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
]

handler403 = "jobbtorg.core.views.permission_denied"
handler404 = "jobbtorg.core.views.page_not_found"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
