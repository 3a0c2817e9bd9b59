"""Every page of matching, with its full path, in the one namespace `matching`."""

from django.urls import path

from jobbtorg.matching.views import employers, fairs, lookups, profiles, proposals, vacancies

app_name = "matching"

urlpatterns = [
    # The person's matching profile, under the person
    path("deltagare/<uuid:participant_id>/matchningsprofil/", profiles.profile, name="profile"),
    # Candidates, proposals and the matcher's list
    path(
        "matchning/lediga/<uuid:vacancy_id>/kandidater/",
        proposals.vacancy_candidates,
        name="candidates",
    ),
    path("matchning/forslag/<uuid:proposal_id>/", proposals.proposal_detail, name="proposal"),
    path(
        "matchning/forslag/<uuid:proposal_id>/profil/",
        proposals.employer_profile,
        name="employer_profile",
    ),
    path("matchning/att-gora/", proposals.todo, name="todo"),
    # Look-ups in the taxonomy for the fields that name occupations, skills and languages
    path("matchning/uppslag/<slug:kind>/", lookups.lookup, name="lookup"),
    # Recruitment fairs
    path("matchning/massor/", fairs.fair_list, name="fairs"),
    path("matchning/massor/<int:fair_id>/", fairs.fair_detail, name="fair"),
    # Employers
    path("matchning/arbetsgivare/", employers.employers, name="employers"),
    path("matchning/arbetsgivare/ny/", employers.employer_edit, name="employer_create"),
    path("matchning/arbetsgivare/<int:pk>/", employers.employer_detail, name="employer"),
    path("matchning/arbetsgivare/<int:pk>/andra/", employers.employer_edit, name="employer_edit"),
    path(
        "matchning/arbetsgivare/<int:pk>/kontakt/",
        employers.employer_contact,
        name="employer_contact",
    ),
    # Vacancies and placements
    path("matchning/lediga/", vacancies.vacancies, name="vacancies"),
    path("matchning/lediga/ny/", vacancies.vacancy_edit, name="vacancy_create"),
    path("matchning/lediga/fritext/", vacancies.free_text_ad, name="free_text_ad"),
    path("matchning/lediga/<uuid:pk>/", vacancies.vacancy_detail, name="vacancy"),
    path("matchning/lediga/<uuid:pk>/andra/", vacancies.vacancy_edit, name="vacancy_edit"),
    path("matchning/lediga/<uuid:pk>/status/", vacancies.vacancy_status, name="vacancy_status"),
    path("matchning/yrken/", vacancies.occupations, name="occupations"),
]
