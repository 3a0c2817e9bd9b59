"""The applicant's own page (no account): signed in with the personnummer and the confirmation
code, it shows the application, the offer to answer and each round's explanation."""

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.core.web import audit_context
from jobbtorg.summerjobs.forms import LookupForm
from jobbtorg.summerjobs.models import SummerApplication
from jobbtorg.summerjobs.selectors import (
    applicant_application,
    application_for_applicant,
    offer_of_applicant,
)
from jobbtorg.summerjobs.services import TooManyTries, applicant_lookup, offer_answer
from jobbtorg.summerjobs.views.common import (
    is_plain,
    plain_query,
    private,
    render_public,
    too_many_message,
)

SESSION_APPLICANT = "summerjobs_applicant"
APPLICANT_SALT = "jobbtorg.summerjobs.applicant"
# After the code was given, the applicant's page stays open this long without retyping it.
APPLICANT_SESSION_SECONDS = 30 * 60


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
    application = applicant_application(pk, hash_start)
    if application is None:
        request.session.pop(SESSION_APPLICANT, None)
    return application


def _here(request: HttpRequest) -> str:
    return reverse("summerjobs:my_application") + plain_query(request)


@never_cache
@require_http_methods(["GET", "POST"])
def my_application(request: HttpRequest) -> HttpResponse:
    application = _signed_in_applicant(request)
    if application is None:
        return _lookup(request)
    if request.method == "POST":
        return redirect(_here(request))
    context = application_for_applicant(application, context=audit_context(request))
    return private(render_public(request, "summerjobs/my_application.html", context))


def _lookup(request: HttpRequest) -> HttpResponse:
    plain = is_plain(request)
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
            form.add_error(None, too_many_message(plain, error))
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
    return private(render_public(request, "summerjobs/lookup.html", {"form": form}, status=status))


def _neutral(plain: bool) -> str:
    if plain:
        return "Personnumret eller koden stämmer inte. Försök igen."
    return str(
        translation.gettext(
            "The personal identity number and the confirmation code do not match an "
            "application. Check both and try again."
        )
    )


@require_POST
def my_application_answer(request: HttpRequest) -> HttpResponse:
    application = _signed_in_applicant(request)
    if application is None:
        return redirect(_here(request))
    offer = offer_of_applicant(application, request.POST.get("offer", ""))
    if offer is None:
        raise Http404
    try:
        offer_answer(
            application=application,
            offer=offer,
            accept=request.POST.get("answer") == "accept",
            context=audit_context(request),
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
