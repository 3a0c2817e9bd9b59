"""Offering pages about one person, under /deltagare/<participant_id>/."""

from django.urls import path

from jobbtorg.providers import views

app_name = "provider_pages"

urlpatterns = [
    path("<uuid:participant_id>/aktivitet/ny/", views.place, name="place"),
    path("<uuid:participant_id>/vecka/", views.week, name="week"),
]
