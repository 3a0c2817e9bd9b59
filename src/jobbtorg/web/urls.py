from django.contrib.auth import views as auth_views
from django.urls import path

from jobbtorg.web import views
from jobbtorg.web.participant import participant_page
from jobbtorg.web.participant_exit import exit_view

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", views.healthz, name="healthz"),
    # The participant's page and the exit page compose several apps around one person; every
    # route that shows a person takes `participant_id`.
    path("deltagare/<uuid:participant_id>/", participant_page, name="participant"),
    path("deltagare/<uuid:participant_id>/avslut/", exit_view, name="participant_exit"),
]
