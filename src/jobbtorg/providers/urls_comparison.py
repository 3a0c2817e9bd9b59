from django.urls import path

from jobbtorg.providers import views_comparison

app_name = "comparison"

urlpatterns = [
    path("", views_comparison.comparison, name="page"),
    path("export.csv", views_comparison.comparison_csv, name="csv"),
    path("export.xlsx", views_comparison.comparison_xlsx, name="xlsx"),
]
