"""What every page needs to call the layers below: the audit context of a request, a user's
display name, and running a service for a form or a button so that its refusals land on the
form, in the page's messages or as a 403 page with the reason."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from jobbtorg.core.audit import events as audit
from jobbtorg.core.errors import NotAllowed, ValidationFailed


def audit_context(request: HttpRequest) -> audit.AuditContext:
    return audit.AuditContext.from_request(request)


def name_of(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def add_service_errors(
    form: forms.BaseForm, error: ValidationFailed, field_map: dict[str, str] | None = None
) -> None:
    """Put each message of a refused save on the field it names; the rest above the form."""
    field_map = field_map or {}
    for key, field_messages in error.errors.items():
        name = field_map.get(key, key)
        for message in field_messages:
            form.add_error(name if name in form.fields else None, message)


def call_service(
    form: forms.BaseForm,
    service: Callable[..., Any],
    /,
    *,
    field_map: dict[str, str] | None = None,
    **arguments: Any,
) -> Any:
    """Run a service for a submitted form and return what it returns. Its refusals land on the
    form (ValidationFailed: then None is returned) or become a 403 page with the reason
    (NotAllowed). Only for services that never return None."""
    try:
        return service(**arguments)
    except ValidationFailed as error:
        add_service_errors(form, error, field_map)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    return None


def call_for_button(
    request: HttpRequest, service: Callable[..., Any], /, *args: Any, **kwargs: Any
) -> Any:
    """Run a service for a button (no form) and return what it returns. Each message of a
    refusal (ValidationFailed) goes to the page's messages and None is returned; NotAllowed
    becomes a 403 page with the reason. Only for services that never return None."""
    try:
        return service(*args, **kwargs)
    except ValidationFailed as error:
        for problems in error.errors.values():
            for problem in problems:
                messages.error(request, problem)
    except NotAllowed as error:
        raise PermissionDenied(str(error)) from None
    return None


def next_or(request: HttpRequest, default: str) -> str:
    """Back to the page a button was pressed on (Min dag, the inbox, the person), when it is
    one of ours (the form's `next`); `default` otherwise."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
