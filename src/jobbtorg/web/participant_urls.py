"""The pages that compose several apps around one participant, under the `web` namespace."""

from django.urls import path

from jobbtorg.web.participant import participant_page
from jobbtorg.web.participant_exit import exit_view

app_name = "web"

# Every route that shows a person takes `participant_id`: the audit test walks them by that name.
urlpatterns = [
    path("deltagare/<uuid:participant_id>/", participant_page, name="participant"),
    path("deltagare/<uuid:participant_id>/avslut/", exit_view, name="participant_exit"),
]
