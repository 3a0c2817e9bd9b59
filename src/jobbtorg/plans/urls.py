from django.urls import path

from jobbtorg.plans import views
from jobbtorg.plans.views import week

app_name = "plans"

# Full paths: included once at the root. A plan version takes `plan_id`; writing a version and
# following one up are under the person's pages and take `participant_id` only (an activity is
# chosen in the form or with ?aktivitet=).
urlpatterns = [
    path("deltagare/<uuid:participant_id>/plan/ny/", views.plan_create, name="create"),
    path("deltagare/<uuid:participant_id>/uppfoljning/", views.follow_up, name="follow_up"),
    path("deltagare/<uuid:participant_id>/vecka/", week.week, name="week"),
    path("planer/<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("planer/<uuid:plan_id>/godkann/", views.plan_approve_view, name="approve"),
    path("planer/<uuid:plan_id>/avsla/", views.plan_reject_view, name="reject"),
]
