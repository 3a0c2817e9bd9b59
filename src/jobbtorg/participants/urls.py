from django.urls import path

from jobbtorg.participants import views

app_name = "participants"

# Every route that shows a person takes `participant_id`: the audit test walks them by that name.
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("ny/", views.participant_create_view, name="create"),
    path("<uuid:participant_id>/", views.participant_detail, name="detail"),
    path("<uuid:participant_id>/logg/", views.audit_extract, name="audit_extract"),
    path("<uuid:participant_id>/logg.csv", views.audit_extract_csv, name="audit_extract_csv"),
]
