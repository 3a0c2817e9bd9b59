from django.urls import path

from jobbtorg.followup import views

app_name = "followup"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("rapport/", views.report, name="report"),
]
