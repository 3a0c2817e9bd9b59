"""Summer jobs (issue 8) under /sommarjobb/: the public pages, then the staff pages."""

from django.urls import path

from jobbtorg.summerjobs import views_public, views_staff

app_name = "summerjobs"

urlpatterns = [
    path("", views_public.apply, name="apply"),
    path("skickad/", views_public.applied, name="applied"),
    path("min-ansokan/", views_public.my_application, name="my_application"),
    path("min-ansokan/svar/", views_public.my_application_answer, name="my_application_answer"),
    path("min-ansokan/lamna/", views_public.my_application_leave, name="my_application_leave"),
    path("arbetsplats/", views_public.workplace_report_page, name="workplace_report"),
    path("arbetsplats/anmald/", views_public.workplace_reported, name="workplace_reported"),
    path("arbetsplats/<str:token>/", views_public.workplace_page, name="workplace_page"),
    path("personal/", views_staff.home, name="staff_home"),
    path(
        "personal/arbetsplatser/<int:pk>/beslut/",
        views_staff.workplace_decision,
        name="staff_workplace_decision",
    ),
    path("personal/ansokningar/", views_staff.applications, name="staff_applications"),
    path(
        "personal/ansokningar/<uuid:pk>/",
        views_staff.application_detail,
        name="staff_application",
    ),
    path(
        "personal/ansokningar/<uuid:pk>/senare/",
        views_staff.later_submission,
        name="staff_later_submission",
    ),
    path(
        "personal/ansokningar/<uuid:pk>/prioritet/",
        views_staff.priority_add,
        name="staff_priority_add",
    ),
    path(
        "personal/ansokningar/<uuid:pk>/prioritet/<int:priority_pk>/ta-bort/",
        views_staff.priority_delete,
        name="staff_priority_delete",
    ),
]
