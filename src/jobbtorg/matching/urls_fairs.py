from django.urls import path

from jobbtorg.matching import views_fairs

app_name = "fairs"

urlpatterns = [
    path("", views_fairs.fair_list, name="list"),
    path("<int:fair_id>/", views_fairs.fair_detail, name="detail"),
]
