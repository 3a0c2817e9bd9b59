from django.urls import path

from jobbtorg.plans import views

app_name = "plans"

# A plan version takes `plan_id`; writing a new version is under the person's pages.
urlpatterns = [
    path("<uuid:plan_id>/", views.plan_detail, name="detail"),
    path("<uuid:plan_id>/godkann/", views.plan_approve_view, name="approve"),
    path("<uuid:plan_id>/avsla/", views.plan_reject_view, name="reject"),
]
