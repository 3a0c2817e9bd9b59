from django.urls import path

from jobbtorg.providers import views_payments as views

app_name = "payments"

urlpatterns = [
    path("", views.run_list, name="runs"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/godkann/", views.run_approve, name="approve"),
    path("<int:run_id>/kasta/", views.run_discard, name="discard"),
    path("<int:run_id>/fakturaunderlag.csv", views.run_export_csv, name="export_csv"),
    path("<int:run_id>/fakturaunderlag.xlsx", views.run_export_xlsx, name="export_xlsx"),
]
