"""Pages of the individual's path that are not about one person: intake times, the referral
form, the district's inbox, and the manager's decisions on exceptions to the 18-month limit."""

from django.urls import path

from jobbtorg.participants import views_path

app_name = "path"

urlpatterns = [
    path("tider/", views_path.intake_slots, name="intake_slots"),
    path("remisser/ny/", views_path.referral_create_view, name="referral_create"),
    path("inkorg/", views_path.inbox, name="inbox"),
    path("inkorg/<int:event_id>/hanterad/", views_path.inbox_handle, name="inbox_handle"),
    path(
        "undantag/<int:exception_id>/beslut/",
        views_path.limit_exception_decide_view,
        name="exception_decide",
    ),
]
