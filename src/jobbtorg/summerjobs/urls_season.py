from django.urls import path

from jobbtorg.summerjobs import views_season

app_name = "summer_seasons"

urlpatterns = [
    path("", views_season.season_list, name="list"),
    path("<int:season_id>/", views_season.season_detail, name="detail"),
]
