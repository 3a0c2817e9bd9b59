from django.urls import path

from jobbtorg.transfer import views

app_name = "transfer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/importera/", views.run_confirm, name="confirm"),
    path("<int:run_id>/slang/", views.run_discard, name="discard"),
    path("<int:run_id>/avvisade.csv", views.run_rejects, name="rejects"),
]
