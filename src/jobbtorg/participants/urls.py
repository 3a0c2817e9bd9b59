from django.urls import path

from jobbtorg.participants import views, views_path, views_sharing

app_name = "participants"

# Every route that shows a person takes `participant_id`: the audit test walks them by that name.
# They take no other parameter (an activity is chosen in the form or with ?aktivitet=).
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("ny/", views.participant_create_view, name="create"),
    path("<uuid:participant_id>/", views.participant_detail, name="detail"),
    path("<uuid:participant_id>/logg/", views.audit_extract, name="audit_extract"),
    path("<uuid:participant_id>/logg.csv", views.audit_extract_csv, name="audit_extract_csv"),
    path("<uuid:participant_id>/forsta-motet/", views_path.first_meeting, name="first_meeting"),
    path("<uuid:participant_id>/kartlaggning/", views_path.assessment, name="assessment"),
    path("<uuid:participant_id>/avbrott/", views_path.interruption, name="interruption"),
    path("<uuid:participant_id>/avslut/", views_path.exit_view, name="exit"),
    path("<uuid:participant_id>/rapport/", views_path.district_report_view, name="report"),
    path("<uuid:participant_id>/coach/", views_path.coach_change_view, name="coach_change"),
    path(
        "<uuid:participant_id>/boka-forsta-mote/",
        views_path.first_meeting_book_view,
        name="first_meeting_book",
    ),
    path("<uuid:participant_id>/delning/", views_sharing.case_sharing, name="case_sharing"),
    path(
        "<uuid:participant_id>/undantag/", views_path.limit_exception_view, name="limit_exception"
    ),
]
