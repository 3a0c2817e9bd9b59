"""Every table and field the project shows in Django's admin is named through the catalogue, so
that the administrator reads Swedish labels ("Anordnare", not "Provider"); without a
verbose_name Django makes an English one from the code's name. tests/core/test_i18n.py checks
that every text of the catalogue has its Swedish; the walk over the demo
(tests/web/test_no_codes_on_screen.py) reads the admin's pages as shown."""

from pathlib import Path

from django.apps import apps
from django.contrib import admin
from django.utils import translation
from django.utils.functional import Promise

from tests.conftest import client_for

# Other packages' admin pages (staff accounts, sign-in attempts): named by those packages.
THIRD_PARTY = {"auth", "axes"}


def _shown_models():
    models = set()
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in THIRD_PARTY:
            continue
        models.add((model, model_admin))
        models.update((inline.model, inline) for inline in model_admin.inlines)
    return sorted(models, key=lambda pair: pair[0]._meta.label)


def _shown_fields(model, model_admin):
    named = {
        name
        for name in (
            *getattr(model_admin, "list_display", ()),
            *getattr(model_admin, "readonly_fields", ()),
            *(getattr(model_admin, "fields", None) or ()),
        )
        if isinstance(name, str)
    }
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and (field.editable or field.name in named)
    ]


def test_every_table_of_the_project_is_named_in_the_catalogue():
    """Every one, not only those the admin lists: the permissions on a group's or an account's
    page name every table ("Aktivitetsplaner | aktivitet i plan | får se")."""
    unnamed = [
        model._meta.label
        for model in apps.get_models()
        if model.__module__.startswith("jobbtorg.")
        for key in ("verbose_name", "verbose_name_plural")
        if not isinstance(model._meta.original_attrs.get(key), Promise)
    ]
    assert unnamed == []


def test_every_field_the_admin_shows_is_named_in_the_catalogue():
    unnamed = [
        f"{model._meta.label}.{field.name}"
        for model, model_admin in _shown_models()
        for field in _shown_fields(model, model_admin)
        if not isinstance(field._verbose_name, Promise)
    ]
    assert unnamed == []


def test_the_admin_shows_the_tables_that_were_named_in_english():
    with translation.override("sv"):
        names = {str(model._meta.verbose_name_plural) for model, _ in _shown_models()}
    assert {"sommarjobbsperioder", "förtursgrunder", "sommarjobbssäsonger"} <= names


def test_the_permissions_on_a_groups_page_read_in_swedish(staff):
    html = client_for(staff.administrator).get("/admin/auth/group/add/").content.decode()
    assert "Aktivitetsplaner | aktivitet i plan | får se" in html
    assert "Can view" not in html and "Can add" not in html


def test_the_password_page_warns_in_swedish(staff):
    url = f"/admin/organisation/user/{staff.coach_sydost.pk}/password/"
    html = client_for(staff.administrator).get(url).content.decode()
    assert "nuvarande lösenord förlorat" in html
    assert "If disabled" not in html


def _package_texts(*paths):
    """The texts a package marks for translation in the given modules of its own."""
    import importlib.util
    import re

    found = set()
    for module in paths:
        source = Path(importlib.util.find_spec(module).origin).read_text(encoding="utf-8")
        found.update(re.findall(r'_\(\s*"([^"]+)"', source))
    return found


SAME_IN_SWEDISH = {"status"}


def test_the_sign_in_logs_and_task_results_of_installed_packages_read_swedish():
    """django-axes and django-tasks-db ship no Swedish: the project's catalogue has every text
    their models and admin mark, and it is what the administrator reads."""
    from jobbtorg.core import third_party_labels

    axes = _package_texts("axes.models", "axes.admin") - {"Yes", "No"}
    tasks = _package_texts("django_tasks_db.models")
    assert axes <= set(third_party_labels.AXES), sorted(axes - set(third_party_labels.AXES))
    missing = tasks - set(third_party_labels.TASKS_DB)
    assert not missing, sorted(missing)
    with translation.override("sv"):
        untranslated = [
            text
            for text in (*third_party_labels.AXES, *third_party_labels.TASKS_DB)
            if translation.gettext(text) == text and text not in SAME_IN_SWEDISH
        ]
    assert untranslated == []


def test_the_administrators_sign_in_log_list_is_swedish(staff):
    html = client_for(staff.administrator).get("/admin/axes/accesslog/").content.decode()
    for english in ("Access logs", "Attempt Time", "User Agent", "IP Address", "Logout Time"):
        assert english not in html
    assert "Inloggningar" in html
