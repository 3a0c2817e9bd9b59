"""Matching pages that show people: candidates, proposals, the matcher's list."""

from django.urls import path

from jobbtorg.matching import views_matching

app_name = "matching_people"

urlpatterns = [
    path(
        "lediga/<uuid:vacancy_id>/kandidater/",
        views_matching.vacancy_candidates,
        name="candidates",
    ),
    path("forslag/<uuid:proposal_id>/", views_matching.proposal_detail, name="proposal"),
    path(
        "forslag/<uuid:proposal_id>/profil/",
        views_matching.employer_profile,
        name="employer_profile",
    ),
    path("att-gora/", views_matching.todo, name="todo"),
]
