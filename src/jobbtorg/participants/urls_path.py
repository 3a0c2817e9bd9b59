"""Pages of the individual's path that are not about one person: intake times, the referral
form and the district's inbox."""

from django.urls import path

from jobbtorg.participants import views_path

app_name = "path"

urlpatterns = [
    path("tider/", views_path.intake_slots, name="intake_slots"),
    path("remisser/ny/", views_path.referral_create_view, name="referral_create"),
    path("inkorg/", views_path.inbox, name="inbox"),
]
