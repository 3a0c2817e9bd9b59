from django.urls import path

from jobbtorg.followup import views_effect

app_name = "effect"

urlpatterns = [
    path("", views_effect.effect_page, name="page"),
]
