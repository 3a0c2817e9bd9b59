"""The vacancy pages under /matchning/: vacancies and placements, the occupation picker and the
free-text ad. Forms parse; the vacancy services decide and write. The only people shown are
those proposed for a vacancy, read (and logged) by the selector."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.web import audit_context, call_service
from jobbtorg.matching import taxonomy
from jobbtorg.matching.forms import FreeTextAdForm, VacancyForm
from jobbtorg.matching.models import Vacancy, VacancyKind, VacancySource, VacancyStatus
from jobbtorg.matching.permissions import can_propose_candidates, can_write_employers
from jobbtorg.matching.selectors.proposals import vacancy_proposals_shown
from jobbtorg.matching.selectors.vacancies import vacancies_search, vacancies_visible_to
from jobbtorg.matching.services.vacancies import VACANCY_FIELDS, vacancy_close, vacancy_save_named
from jobbtorg.matching.views.employers import require_reader, require_writer
from jobbtorg.organisation.models import District


@login_required
@require_GET
def vacancies(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    filters = {
        "status": request.GET.get("status", VacancyStatus.OPEN),
        "kind": request.GET.get("kind", ""),
        "ssyk_code": request.GET.get("ssyk", ""),
        "occupation": request.GET.get("occupation", ""),
        "district": request.GET.get("district", ""),
    }
    rows = vacancies_search(request.user, **filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/vacancies.html",
        {
            "page": page,
            "filters": filters,
            "statuses": VacancyStatus.choices,
            "kinds": VacancyKind.choices,
            "districts": District.objects.filter(is_active=True),
            "may_write": can_write_employers(request.user),
        },
    )


def _vacancy(request: HttpRequest, pk: Any) -> Vacancy:
    return get_object_or_404(vacancies_visible_to(request.user), pk=pk)


@login_required
@require_GET
def vacancy_detail(request: HttpRequest, pk: Any) -> HttpResponse:
    require_reader(request)
    vacancy = _vacancy(request, pk)
    skills = list(vacancy.skills.select_related("skill").order_by("-required", "skill__label_sv"))
    languages = list(
        vacancy.languages.select_related("language").order_by("-required", "language__label_sv")
    )
    proposals = vacancy_proposals_shown(audit_context(request), vacancy)
    return render(
        request,
        "matching/vacancy_detail.html",
        {
            "candidates": {
                "proposals": proposals,
                "may_search": can_propose_candidates(request.user),
            },
            "vacancy": vacancy,
            "skills": skills,
            "languages": languages,
            "statuses": VacancyStatus.choices,
            "may_write": can_write_employers(request.user),
        },
    )


@login_required
@require_POST
def vacancy_status(request: HttpRequest, pk: Any) -> HttpResponse:
    require_writer(request)
    vacancy = _vacancy(request, pk)
    status = request.POST.get("status", "")
    if status not in VacancyStatus.values:
        raise Http404
    vacancy_close(actor=request.user, vacancy=vacancy, status=status)
    messages.success(
        request, _("The status is now: %(status)s.") % {"status": VacancyStatus(status).label}
    )
    return redirect("matching:vacancy", vacancy.pk)


def _vacancy_initial(vacancy: Vacancy) -> dict[str, Any]:
    initial: dict[str, Any] = {field: getattr(vacancy, field) for field in VACANCY_FIELDS}
    initial["occupation"] = vacancy.occupation.concept_id
    for key, rows, attr in (
        ("required_skills", vacancy.skills.filter(required=True), "skill"),
        ("desired_skills", vacancy.skills.filter(required=False), "skill"),
        ("required_languages", vacancy.languages.filter(required=True), "language"),
        ("desired_languages", vacancy.languages.filter(required=False), "language"),
    ):
        initial[key] = "\n".join(getattr(row, attr).label_sv for row in rows.select_related(attr))
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: HttpRequest, pk: Any = None) -> HttpResponse:
    require_writer(request)
    vacancy = _vacancy(request, pk) if pk is not None else None
    initial = _vacancy_initial(vacancy) if vacancy else {"openings": 1}
    if request.GET.get("employer", "").isdigit():
        initial["employer"] = int(request.GET["employer"])
    if request.GET.get("occupation"):
        initial["occupation"] = request.GET["occupation"]
    form = VacancyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        values = arguments["values"]
        occupation = values.pop("occupation")
        saved = call_service(
            form,
            vacancy_save_named,
            actor=request.user,
            vacancy=vacancy,
            occupation=occupation,
            names=arguments["names"],
            **values,
        )
        if saved is not None:
            messages.success(request, _("The vacancy is saved."))
            return redirect("matching:vacancy", saved.pk)
    query = request.GET.get("yrke", "").strip()
    keep = {k: v for k, v in request.GET.items() if k == "employer" and v.isdigit()}
    chosen = (
        taxonomy.occupation_for(concept_id=str(form["occupation"].value() or ""))
        if form["occupation"].value()
        else None
    )
    return render(
        request,
        "matching/vacancy_form.html",
        {
            "form": form,
            "vacancy": vacancy,
            "query": query,
            "found": taxonomy.with_group_names(taxonomy.occupations_search(query)) if query else [],
            "chosen": chosen,
            "keep": keep,
            "pick_url": request.path + "?" + "".join(f"{k}={v}&" for k, v in keep.items()),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def free_text_ad(request: HttpRequest) -> HttpResponse:
    """Paste an ad: the occupations found in it are suggested; the matcher confirms one (or
    gives another concept id) and the vacancy is made with source free_text."""
    require_writer(request)
    form = FreeTextAdForm(request.POST or None)
    suggestions: list[taxonomy.Suggestion] = []
    problem = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        suggestions = taxonomy.suggest_occupations(data["text"], limit=8, headline=data["headline"])
        chosen = (
            request.POST.get("other_occupation") or request.POST.get("occupation") or ""
        ).strip()
        if request.POST.get("confirm"):
            if not chosen:
                problem = _("Choose one of the suggested occupations, or give another.")
            else:
                saved = call_service(
                    form,
                    vacancy_save_named,
                    actor=request.user,
                    occupation=chosen,
                    names={},
                    source=VacancySource.FREE_TEXT,
                    kind=data["kind"],
                    employer=data["employer"],
                    headline=data["headline"],
                    description=data["text"],
                )
                if saved is not None:
                    messages.success(
                        request,
                        _(
                            "The vacancy is made. Add what the ad asks for: "
                            "skills, languages, place."
                        ),
                    )
                    return redirect("matching:vacancy_edit", saved.pk)
    return render(
        request,
        "matching/free_text_ad.html",
        {
            "form": form,
            "suggestions": suggestions,
            "occupation_suggestions": [s for s in suggestions if s.kind == "occupation"],
            "group_suggestions": [s for s in suggestions if s.kind == "group"],
            "problem": problem,
            "asked": request.method == "POST" and form.is_valid(),
        },
        status=400 if form.errors or problem else 200,
    )


@login_required
@require_GET
def occupations(request: HttpRequest) -> HttpResponse:
    """The occupation search: a page, or JSON with ?format=json (for scripts and htmx)."""
    require_reader(request)
    query = request.GET.get("q", "").strip()
    found = taxonomy.occupations_search(query, limit=50) if query else []
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "occupations": [
                    {"concept_id": o.concept_id, "label": o.label_sv, "ssyk_code": o.ssyk_code}
                    for o in found
                ]
            }
        )
    # The page shows names (the occupation's and its group's), never the taxonomy's ids.
    return render(
        request,
        "matching/occupations.html",
        {"query": query, "found": taxonomy.with_group_names(found)},
    )
