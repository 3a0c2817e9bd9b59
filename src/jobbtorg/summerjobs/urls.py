"""Summer jobs under /sommarjobb/: the public pages (the application, the applicant's own page,
the workplace's report and its contact's page), the staff's pages and the seasons."""

from django.urls import path

from jobbtorg.summerjobs.views import applicant, applications, priorities, seasons, workplaces

app_name = "summerjobs"

urlpatterns = [
    path("sommarjobb/", applications.apply, name="apply"),
    path("sommarjobb/skickad/", applications.applied, name="applied"),
    path("sommarjobb/min-ansokan/", applicant.my_application, name="my_application"),
    path(
        "sommarjobb/min-ansokan/svar/",
        applicant.my_application_answer,
        name="my_application_answer",
    ),
    path(
        "sommarjobb/min-ansokan/lamna/",
        applicant.my_application_leave,
        name="my_application_leave",
    ),
    path("sommarjobb/arbetsplats/", workplaces.workplace_report_page, name="workplace_report"),
    path(
        "sommarjobb/arbetsplats/anmald/",
        workplaces.workplace_reported,
        name="workplace_reported",
    ),
    path("sommarjobb/arbetsplats/<str:token>/", workplaces.workplace_page, name="workplace_page"),
    path("sommarjobb/personal/", workplaces.home, name="staff_home"),
    path(
        "sommarjobb/personal/arbetsplatser/<int:pk>/beslut/",
        workplaces.workplace_decision,
        name="staff_workplace_decision",
    ),
    path("sommarjobb/personal/ansokningar/", applications.applications, name="staff_applications"),
    path(
        "sommarjobb/personal/ansokningar/<uuid:pk>/",
        applications.application_detail,
        name="staff_application",
    ),
    path(
        "sommarjobb/personal/ansokningar/<uuid:pk>/senare/",
        applications.later_submission,
        name="staff_later_submission",
    ),
    path(
        "sommarjobb/personal/ansokningar/<uuid:pk>/prioritet/",
        priorities.priority_add,
        name="staff_priority_add",
    ),
    path(
        "sommarjobb/personal/ansokningar/<uuid:pk>/prioritet/<int:priority_pk>/ta-bort/",
        priorities.priority_delete,
        name="staff_priority_delete",
    ),
    path("sommarjobb/sasonger/", seasons.season_list, name="seasons"),
    path("sommarjobb/sasonger/<int:season_id>/", seasons.season_detail, name="season"),
]
