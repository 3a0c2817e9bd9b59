from django.urls import path

from jobbtorg.providers import views

app_name = "providers"

urlpatterns = [
    path("aktiviteter/<uuid:participation_id>/", views.participation_detail, name="participation"),
    path("erbjudanden/", views.offerings, name="offerings"),
    path("erbjudanden/<int:offering_id>/", views.offering_detail, name="offering"),
]
