"""The employer pages under /matchning/arbetsgivare/: the register shared by all Jobbtorg and
each employer's contact log. Forms parse; the employer services decide and write. No
participant is shown on these pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobbtorg.core.web import call_service
from jobbtorg.matching.forms import EmployerContactForm, EmployerForm
from jobbtorg.matching.models import Employer, EmployerKind
from jobbtorg.matching.permissions import can_read_employers, can_write_employers
from jobbtorg.matching.selectors.employers import (
    RECENT_CONTACT_DAYS,
    employers_search,
    employers_visible_to,
    recent_contacts,
)
from jobbtorg.matching.services.employers import (
    employer_contact_record,
    employer_create,
    employer_update,
)


def require_reader(request: HttpRequest) -> None:
    if not can_read_employers(request.user):
        raise PermissionDenied(
            _("Employers and vacancies are for the matchers, coaches and managers of a Jobbtorg.")
        )


def require_writer(request: HttpRequest) -> None:
    require_reader(request)
    if not can_write_employers(request.user):
        raise PermissionDenied(_("This is done by a matcher or a manager of a Jobbtorg."))


@login_required
@require_GET
def employers(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    rows = employers_search(request.user, text=text, kind=kind)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "matching/employers.html",
        {
            "page": page,
            "q": text,
            "kind": kind,
            "kinds": EmployerKind.choices,
            "may_write": can_write_employers(request.user),
        },
    )


def _employer(request: HttpRequest, pk: int) -> Employer:
    return get_object_or_404(employers_visible_to(request.user), pk=pk)


def _employer_page(
    request: HttpRequest, employer: Employer, contact_form: EmployerContactForm | None = None
) -> HttpResponse:
    today = timezone.localdate()
    contacts = list(
        employer.contacts.select_related("contacted_by").order_by("-contacted_on", "-created_at")
    )
    return render(
        request,
        "matching/employer_detail.html",
        {
            "employer": employer,
            "contacts": contacts,
            "recent": recent_contacts(employer, today),
            "recent_days": RECENT_CONTACT_DAYS,
            "vacancies": employer.vacancies.select_related("occupation").order_by("-created_at"),
            "contact_form": contact_form or EmployerContactForm(initial={"contacted_on": today}),
            "may_write": can_write_employers(request.user),
        },
        status=400 if contact_form is not None and contact_form.errors else 200,
    )


@login_required
@require_GET
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_reader(request)
    return _employer_page(request, _employer(request, pk))


@login_required
@require_POST
def employer_contact(request: HttpRequest, pk: int) -> HttpResponse:
    require_writer(request)
    employer = _employer(request, pk)
    form = EmployerContactForm(request.POST)
    if form.is_valid():
        contact = call_service(
            form,
            employer_contact_record,
            actor=request.user,
            employer=employer,
            **form.cleaned_data,
        )
        if contact is not None:
            messages.success(request, _("The contact is logged."))
            return redirect(reverse("matching:employer", args=[employer.pk]) + "#contacts")
    return _employer_page(request, employer, form)


@login_required
@require_http_methods(["GET", "POST"])
def employer_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_writer(request)
    employer = _employer(request, pk) if pk is not None else None
    initial = (
        {field: getattr(employer, field) for field in EmployerForm.base_fields}
        if employer
        else {"kind": EmployerKind.COMPANY}
    )
    form = EmployerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if employer is None:
            saved = call_service(form, employer_create, actor=request.user, **form.cleaned_data)
        else:
            saved = call_service(
                form, employer_update, actor=request.user, employer=employer, **form.cleaned_data
            )
        if saved is not None:
            messages.success(request, _("The employer is saved."))
            return redirect("matching:employer", saved.pk)
    return render(
        request,
        "matching/employer_form.html",
        {"form": form, "employer": employer},
        status=400 if form.errors else 200,
    )
