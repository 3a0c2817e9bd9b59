from django.urls import path

from jobbtorg.payments import views

app_name = "payments"

urlpatterns = [
    path("ersattning/", views.run_list, name="runs"),
    path("ersattning/<int:run_id>/", views.run_detail, name="run"),
    path("ersattning/<int:run_id>/godkann/", views.run_approve, name="approve"),
    path("ersattning/<int:run_id>/kasta/", views.run_discard, name="discard"),
    path("ersattning/<int:run_id>/fakturaunderlag.csv", views.run_export_csv, name="export_csv"),
    path(
        "ersattning/<int:run_id>/fakturaunderlag.xlsx",
        views.run_export_xlsx,
        name="export_xlsx",
    ),
]
