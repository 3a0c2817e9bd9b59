"""The matching profile, under /deltagare/<participant_id>/."""

from django.urls import path

from jobbtorg.matching import views_matching

app_name = "matching_profile"

urlpatterns = [
    path("<uuid:participant_id>/matchningsprofil/", views_matching.profile, name="profile"),
]
