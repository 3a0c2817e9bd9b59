from django.urls import path

from jobbtorg.providers import views_free_choice

app_name = "free_choice"

# Takes only `participant_id` (the audit walk over person routes finds it); ?aktivitet=<code>.
urlpatterns = [
    path("<uuid:participant_id>/valfrihet/", views_free_choice.free_choice, name="choose"),
]
