"""What every page of Django's admin has in common: the administrator sees no personal data.

The admin holds reference data and staff accounts only, but deleting one of them touches the
people tied to it (a district's residents, a coach's caseload, a season's applicants). Django's
delete-confirmation page names every related object; here it names only objects of models the
admin itself shows and counts the rest ("Participants: 12"). A delete that protected objects
block is refused as Django refuses it, with the counts instead of the names.

And what every page of it has in common with the rest of Jobbtorg: it reads in Swedish. Rows are
named, never shown by code; a reference table's code, which the administrator keeps, has a
column of its own marked as no language, an English name is marked as English, and what a
browser sent with a sign-in (django-axes' logs) is shown as data
(tests/web/test_no_codes_on_screen.py walks the admin with the other pages).
"""

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import models, router
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class NoPersonalDataAdmin(admin.ModelAdmin):
    """Base of every ModelAdmin of the project (tests/core/test_admin_no_personal_data.py checks
    that each registered one is)."""

    def get_deleted_objects(
        self, objs: Sequence[models.Model] | models.QuerySet[Any], request: HttpRequest
    ) -> tuple[list[Any], dict[str, int], set[str], list[str]]:
        objs = list(objs)
        if not objs:
            return [], {}, set(), []
        collector = NestedObjects(using=router.db_for_write(type(objs[0])), origin=objs)
        collector.collect(objs)
        registry = self.admin_site._registry
        perms_needed: set[str] = set()
        for model, found in collector.model_objs.items():
            model_admin = registry.get(model)
            if model_admin is not None and any(
                not model_admin.has_delete_permission(request, obj) for obj in found
            ):
                perms_needed.add(str(model._meta.verbose_name))
        selected = {(type(obj), obj.pk) for obj in objs}
        named: list[str] = []
        counted: Counter[str] = Counter()
        for model, found in collector.model_objs.items():
            for obj in found:
                if (model, obj.pk) in selected:
                    continue
                if model in registry:
                    named.append(self._named(obj))
                else:
                    counted[_plural(model)] += 1
        to_delete: list[Any] = [self._named(obj) for obj in objs]
        related = sorted(named) + [f"{name}: {n}" for name, n in sorted(counted.items())]
        if related:
            to_delete.append(related)
        model_count = {
            _plural(model): len(found) for model, found in collector.model_objs.items() if found
        }
        protected_named = sorted(
            self._named(obj) for obj in collector.protected if type(obj) in registry
        )
        protected_counted = Counter(
            _plural(type(obj)) for obj in collector.protected if type(obj) not in registry
        )
        protected = protected_named + [
            f"{name}: {n}" for name, n in sorted(protected_counted.items())
        ]
        return to_delete, model_count, perms_needed, protected

    def _named(self, obj: models.Model) -> str:
        opts = obj._meta
        label = capfirst(str(opts.verbose_name))
        try:
            url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
            )
        except NoReverseMatch:
            return format_html("{}: {}", label, obj)
        return format_html('{}: <a href="{}">{}</a>', label, url, obj)


class CodedReferenceAdmin(NoPersonalDataAdmin):
    """Reference rows named in Swedish and English and keyed by a code that is fixed once made
    (a contract with districts' and providers' systems, the API and the transfer format): listed
    by their Swedish name, the code in a column of its own, the English name marked as English.
    """

    @admin.display(description=_("code"), ordering="code")
    def code_shown(self, obj: Any) -> str:
        return code_cell(obj.code)

    @admin.display(description=_("name in English"), ordering="name_en")
    def name_en_shown(self, obj: Any) -> str:
        return english_cell(obj.name_en)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code_shown"] if obj is not None else []

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["code"] if obj is not None else []


def code_cell(code: str) -> str:
    """A reference row's code as a cell of its own column ("Kod"): the key districts' systems,
    the transfer format and the API use, which the administrator keeps. Marked as no language
    (`zxx`): it is not a word of the Swedish page, and a screen reader reads it as it is."""
    return format_html('<code lang="zxx">{}</code>', code)


def english_cell(text: str) -> str:
    """A reference row's English name (shown on English pages), marked as English."""
    return format_html('<span lang="en">{}</span>', text)


def _plural(model: type[models.Model]) -> str:
    return str(capfirst(str(model._meta.verbose_name_plural)))


def _without_the_task_queue_admin() -> None:
    """django-tasks-db registers an admin of the queue that shows each task's arguments and
    traceback; a traceback can quote personal data, so the admin does not show the queue
    (/healthz counts it, and each page that started a task says how it went)."""
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


# What a browser sent with a sign-in, as django-axes stores it: shown as data, not words of the
# page ("Mozilla/5.0 (X11; Linux x86_64)…"); axes writes "<unknown>" when nothing was sent.
SENT_BY_THE_BROWSER = ("user_agent", "http_accept", "path_info")
NOT_SENT = "<unknown>"


def _sent_shown(model: type[models.Model], name: str) -> Any:
    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def shown(self: admin.ModelAdmin, obj: models.Model) -> str:
        value = getattr(obj, name)
        return code_cell(value) if value and value != NOT_SENT else "–"

    return shown


class _AddressFilter(admin.SimpleListFilter):
    title = _("address")
    parameter_name = "path_info"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        paths = model_admin.get_queryset(request).values_list("path_info", flat=True)
        return [(p, code_cell(p) if p != NOT_SENT else "–") for p in sorted(set(paths))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        return queryset.filter(path_info=self.value()) if self.value() else queryset


def _sign_in_logs_with_browser_data_as_data() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    def swap(names: Any) -> list[str]:
        return [f"{n}_sent" if n in SENT_BY_THE_BROWSER else n for n in names]

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        if not admin.site.is_registered(model):
            continue
        base = type(admin.site._registry[model])
        attrs: dict[str, Any] = {f"{n}_sent": _sent_shown(model, n) for n in SENT_BY_THE_BROWSER}
        attrs["list_display"] = swap(base.list_display)
        attrs["readonly_fields"] = swap(base.readonly_fields)
        attrs["list_filter"] = [
            _AddressFilter if f == "path_info" else f for f in base.list_filter or ()
        ]
        attrs["fieldsets"] = tuple(
            (title, {**options, "fields": swap(options["fields"])})
            for title, options in base.fieldsets or ()
        )
        admin.site.unregister(model)
        admin.site.register(model, type(base.__name__, (base,), attrs))


# django_tasks_db and axes come before this app in INSTALLED_APPS: their admins are registered.
_without_the_task_queue_admin()
_sign_in_logs_with_browser_data_as_data()
