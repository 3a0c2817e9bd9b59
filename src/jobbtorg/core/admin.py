"""What every page of Django's admin has in common: the administrator sees no personal data.

The admin holds reference data and staff accounts only, but deleting one of them touches the
people tied to it (a district's residents, a coach's caseload, a season's applicants). Django's
delete-confirmation page names every related object; here it names only objects of models the
admin itself shows and counts the rest ("Participants: 12"). A delete that protected objects
block is refused as Django refuses it, with the counts instead of the names.
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


def _plural(model: type[models.Model]) -> str:
    return str(capfirst(str(model._meta.verbose_name_plural)))


def _without_the_task_queue_admin() -> None:
    """django-tasks-db registers an admin of the queue that shows each task's arguments and
    traceback; a traceback can quote personal data, so the admin does not show the queue
    (/healthz counts it, and each page that started a task says how it went)."""
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


# django_tasks_db comes before this app in INSTALLED_APPS, so its admin is registered by now.
_without_the_task_queue_admin()
