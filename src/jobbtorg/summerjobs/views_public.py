"""Public summer-job pages (no staff login; in production the city's e-ID sits in front): the
application form, the applicant's own page, the workplace's report form and its contact's page.

Thin: forms parse, the services in applications.py and workplaces.py decide and write. Three
versions of the texts: Swedish and English through Django's i18n, and plain Swedish
(lättläst) with `?lattlast=1`, always in Swedish.
"""

import dataclasses
from typing import Any

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import ValidationFailed
from jobbtorg.core.web import add_service_errors
from jobbtorg.organisation.models import District
from jobbtorg.summerjobs.applications import (
    age_on,
    applicant_lookup,
    application_submit,
    code_display,
    current_offer,
    may_answer,
    offer_answer,
    open_season,
    upcoming_season,
)
from jobbtorg.summerjobs.code_tries import TooManyTries
from jobbtorg.summerjobs.explanations import explanations_for
from jobbtorg.summerjobs.forms import ApplicationForm, LookupForm, WorkplaceReportForm
from jobbtorg.summerjobs.models import Offer, SummerApplication
from jobbtorg.summerjobs.workplaces import (
    allocation_has_happened,
    placed_at,
    season_for_reports,
    workplace_by_token,
    workplace_report,
)

SESSION_APPLICANT = "summerjobs_applicant"
SESSION_NEW_CODE = "summerjobs_new_code"
SESSION_NEW_LINK = "summerjobs_new_link"
APPLICANT_SALT = "jobbtorg.summerjobs.applicant"
# After the code was given, the applicant's page stays open this long without retyping it.
APPLICANT_SESSION_SECONDS = 30 * 60


def _plain(request: HttpRequest) -> bool:
    return request.GET.get("lattlast") == "1"


def _render(request: HttpRequest, template: str, context: dict[str, Any], **kwargs: Any) -> Any:
    """Plain Swedish is Swedish whatever language the visitor chose."""
    plain = _plain(request)
    context = {"plain": plain, "plain_query": "?lattlast=1" if plain else "", **context}
    if plain:
        with translation.override("sv"):
            response = render(request, template, context, **kwargs)
            response.headers["Content-Language"] = "sv"
            return response
    return render(request, template, context, **kwargs)


def _private(response: HttpResponse) -> HttpResponse:
    """Pages with personal data or a secret: no cache keeps them, no link to another site
    learns their address (the workplace link holds a secret)."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


# The application


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    season = open_season()
    if season is None:
        return _render(
            request,
            "summerjobs/apply_closed.html",
            {"upcoming": upcoming_season()},
        )
    plain = _plain(request)
    form = ApplicationForm(request.POST or None, season=season, plain=plain)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            saved = application_submit(
                season=season,
                data=form.data_for_service(),
                confirmation_code=form.cleaned_data.get("confirmation_code") or "",
                context=audit.AuditContext.from_request(request),
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except ValidationFailed as error:
            add_service_errors(form, error, {"choices": "choice_1"})
        except TooManyTries as error:
            form.add_error("confirmation_code", _too_many(plain, error))
            status = 429
        else:
            request.session[SESSION_NEW_CODE] = {
                "code": code_display(saved.code) if saved.code else "",
                "replaced": saved.replaced,
                "version": saved.application.version,
                "season": season.name,
            }
            return redirect(reverse("summerjobs:applied") + ("?lattlast=1" if plain else ""))
    return _private(
        _render(
            request,
            "summerjobs/apply.html",
            {"season": season, "form": form},
            status=400 if form.errors and status == 200 else status,
        )
    )


@never_cache
def applied(request: HttpRequest) -> HttpResponse:
    """The receipt, with the confirmation code shown this once."""
    receipt = request.session.pop(SESSION_NEW_CODE, None)
    if receipt is None:
        return redirect(reverse("summerjobs:my_application"))
    return _private(_render(request, "summerjobs/applied.html", {"receipt": receipt}))


# The applicant's own page


def _signed_in_applicant(request: HttpRequest) -> SummerApplication | None:
    value = request.session.get(SESSION_APPLICANT)
    if not value:
        return None
    try:
        pk, hash_start = signing.loads(
            value, salt=APPLICANT_SALT, max_age=APPLICANT_SESSION_SECONDS
        )
    except signing.BadSignature:
        request.session.pop(SESSION_APPLICANT, None)
        return None
    application = (
        SummerApplication.objects.filter(pk=pk).select_related("season", "home_district").first()
    )
    if application is None or not application.confirmation_code_hash.startswith(hash_start):
        request.session.pop(SESSION_APPLICANT, None)
        return None
    return application


def _here(request: HttpRequest) -> str:
    return reverse("summerjobs:my_application") + ("?lattlast=1" if _plain(request) else "")


@never_cache
@require_http_methods(["GET", "POST"])
def my_application(request: HttpRequest) -> HttpResponse:
    application = _signed_in_applicant(request)
    if application is None:
        return _lookup(request)
    if request.method == "POST":
        return redirect(_here(request))
    audit.summer_application_viewed(audit.AuditContext.from_request(request), application)
    offer = current_offer(application)
    context = {
        "application": application,
        "choices": list(application.choices.select_related("workplace__district").order_by("rank")),
        "periods": list(application.periods.order_by("starts_on")),
        "offer": offer,
        "may_answer": may_answer(offer),
        "explanations": explanations_for(application),
        "area_names": _district_names(),
    }
    return _private(_render(request, "summerjobs/my_application.html", context))


def _district_names() -> dict[str, str]:
    return dict(District.objects.values_list("slug", "name"))


def _lookup(request: HttpRequest) -> HttpResponse:
    plain = _plain(request)
    form = LookupForm(request.POST or None, plain=plain)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            application = applicant_lookup(
                personal_identity_number=form.cleaned_data["personal_identity_number"],
                code=form.cleaned_data["confirmation_code"],
                ip_address=request.META.get("REMOTE_ADDR"),
            )
        except TooManyTries as error:
            form.add_error(None, _too_many(plain, error))
            status = 429
        else:
            if application is not None:
                request.session.cycle_key()
                request.session[SESSION_APPLICANT] = signing.dumps(
                    [str(application.pk), application.confirmation_code_hash[:16]],
                    salt=APPLICANT_SALT,
                )
                return redirect(_here(request))
            form.add_error(None, _neutral(plain))
            status = 400
    elif form.errors:
        status = 400
    return _private(_render(request, "summerjobs/lookup.html", {"form": form}, status=status))


def _neutral(plain: bool) -> str:
    if plain:
        return "Personnumret eller koden stämmer inte. Försök igen."
    return str(
        translation.gettext(
            "The personal identity number and the confirmation code do not match an "
            "application. Check both and try again."
        )
    )


def _too_many(plain: bool, error: TooManyTries) -> str:
    """How long to wait: minutes when this address made too many wrong tries, seconds when the
    personnummer is in its short back-off (docs/summerjobs.md, "Wrong codes")."""
    seconds = max(1, int(error.wait.total_seconds()))
    if error.address:
        minutes = max(1, -(-seconds // 60))
        if plain:
            return f"Du har försökt för många gånger. Vänta {minutes} minuter och försök igen."
        return str(
            translation.gettext(
                "Too many tries from this connection. Wait %(minutes)d minutes and try again."
            )
            % {"minutes": minutes}
        )
    if plain:
        return f"Du har försökt för många gånger. Vänta {seconds} sekunder och försök igen."
    return str(
        translation.gettext(
            "Too many tries for this personal identity number. Wait %(seconds)d seconds and "
            "try again."
        )
        % {"seconds": seconds}
    )


@require_POST
def my_application_answer(request: HttpRequest) -> HttpResponse:
    application = _signed_in_applicant(request)
    if application is None:
        return redirect(_here(request))
    offer_id = request.POST.get("offer", "")
    offer = (
        Offer.objects.filter(pk=offer_id, application=application).first()
        if offer_id.isdigit()
        else None
    )
    if offer is None:
        raise Http404
    try:
        offer_answer(
            application=application,
            offer=offer,
            accept=request.POST.get("answer") == "accept",
            context=audit.AuditContext.from_request(request),
        )
    except ValidationFailed as error:
        for texts in error.errors.values():
            for text in texts:
                messages.error(request, text)
    return redirect(_here(request))


@require_POST
def my_application_leave(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_APPLICANT, None)
    return redirect(_here(request))


# Workplaces


@never_cache
@require_http_methods(["GET", "POST"])
def workplace_report_page(request: HttpRequest) -> HttpResponse:
    season = season_for_reports()
    if season is None:
        return _render(request, "summerjobs/workplace_closed.html", {})
    form = WorkplaceReportForm(request.POST or None, season=season)
    if request.method == "POST" and form.is_valid():
        try:
            reported = workplace_report(season=season, data=form.data_for_service())
        except ValidationFailed as error:
            add_service_errors(form, error)
        else:
            request.session[SESSION_NEW_LINK] = {
                "link": request.build_absolute_uri(
                    reverse("summerjobs:workplace_page", args=[reported.token])
                ),
                "name": reported.workplace.name,
                "code": reported.workplace.code,
            }
            return redirect("summerjobs:workplace_reported")
    return _private(
        _render(
            request,
            "summerjobs/workplace_report.html",
            {"season": season, "form": form},
            status=400 if form.errors else 200,
        )
    )


@never_cache
def workplace_reported(request: HttpRequest) -> HttpResponse:
    receipt = request.session.pop(SESSION_NEW_LINK, None)
    if receipt is None:
        return redirect("summerjobs:workplace_report")
    return _private(_render(request, "summerjobs/workplace_reported.html", {"receipt": receipt}))


@never_cache
def workplace_page(request: HttpRequest, token: str) -> HttpResponse:
    workplace = workplace_by_token(token)
    if workplace is None:
        raise Http404
    allocated = allocation_has_happened(workplace)
    # The token is in the path: keep it out of the audit log, which names the workplace anyway.
    context = dataclasses.replace(
        audit.AuditContext.from_request(request), path="/sommarjobb/arbetsplats/<token>/"
    )
    placed = placed_at(workplace, context) if allocated else []
    reference = workplace.season.reference_date
    rows = [
        {
            "application": offer.application,
            "minor": age_on(offer.application.birth_date, reference) < 18,
        }
        for offer in placed
    ]
    return _private(
        _render(
            request,
            "summerjobs/workplace_page.html",
            {
                "workplace": workplace,
                "allocated": allocated,
                "rows": rows,
                "today": timezone.localdate(),
            },
        )
    )
