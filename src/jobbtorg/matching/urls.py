from django.urls import path

from jobbtorg.matching import views

app_name = "matching"

urlpatterns = [
    path("arbetsgivare/", views.employers, name="employers"),
    path("arbetsgivare/ny/", views.employer_edit, name="employer_create"),
    path("arbetsgivare/<int:pk>/", views.employer_detail, name="employer"),
    path("arbetsgivare/<int:pk>/andra/", views.employer_edit, name="employer_edit"),
    path("arbetsgivare/<int:pk>/kontakt/", views.employer_contact, name="employer_contact"),
    path("lediga/", views.vacancies, name="vacancies"),
    path("lediga/ny/", views.vacancy_edit, name="vacancy_create"),
    path("lediga/fritext/", views.free_text_ad, name="free_text_ad"),
    path("lediga/<uuid:pk>/", views.vacancy_detail, name="vacancy"),
    path("lediga/<uuid:pk>/andra/", views.vacancy_edit, name="vacancy_edit"),
    path("lediga/<uuid:pk>/status/", views.vacancy_status, name="vacancy_status"),
    path("yrken/", views.occupations, name="occupations"),
]
