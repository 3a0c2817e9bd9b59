from django.urls import path

from jobbtorg.transfer import views

app_name = "transfer"

urlpatterns = [
    path("overforing/", views.upload, name="upload"),
    path("overforing/<int:run_id>/", views.run_detail, name="run"),
    path("overforing/<int:run_id>/importera/", views.run_confirm, name="confirm"),
    path("overforing/<int:run_id>/slang/", views.run_discard, name="discard"),
    path("overforing/<int:run_id>/avvisade.csv", views.run_rejects, name="rejects"),
]
