from django.urls import path
from django.views.decorators.http import require_GET

from jobbtorg.web import sign_in, views
from jobbtorg.web.participant import participant_page
from jobbtorg.web.participant_exit import exit_view

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("logga-in/", sign_in.LoginView.as_view(), name="login"),
    # The city's identity provider: the start sends the browser there, the provider sends it
    # back to the return address (the redirect URI registered for Jobbtorg's client).
    path(
        "logga-in/stadens-inloggning/",
        require_GET(sign_in.ProviderSignInStartView.as_view()),
        name="oidc_start",
    ),
    path(
        "logga-in/retur/",
        require_GET(sign_in.ProviderCallbackView.as_view()),
        name="oidc_callback",
    ),
    path("logga-ut/", sign_in.SignOutView.as_view(), name="logout"),
    # Participants sign in with e-ID in the portal (jobbtorg.portal, /e-legitimation/).
    path("healthz", views.healthz, name="healthz"),
    # The participant's page and the exit page compose several apps around one person; every
    # route that shows a person takes `participant_id`.
    path("deltagare/<uuid:participant_id>/", participant_page, name="participant"),
    path("deltagare/<uuid:participant_id>/avslut/", exit_view, name="participant_exit"),
]
