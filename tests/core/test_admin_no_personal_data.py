"""The administrator works in Django's admin with reference data and staff accounts, and sees no
participant's or summer applicant's name or personnummer anywhere there: not in lists, forms,
histories, nor on the delete-confirmation pages that list related objects.

The demo is loaded once for the module (in a transaction rolled back after its last test; each
test runs in a savepoint of its own), and each page is searched for a secret's plain text before
its pattern is tried: a few hundred patterns over a few hundred pages were most of the time."""

import re

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from jobbtorg.core.admin import NoPersonalDataAdmin
from jobbtorg.organisation.models import District, User
from jobbtorg.participants.models import Participant
from jobbtorg.summerjobs.models import SummerApplication
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

# Every object of a model with at most this many rows is walked; of larger tables a sample.
WALK_ALL_BELOW = 40
SAMPLE = 8


def _number_forms(number: str) -> list[str]:
    """A personnummer as it may be written: 12 digits, 10 digits, each with the dash."""
    short = number[2:]
    return [number, short, f"{number[:8]}-{number[8:]}", f"{short[:6]}-{short[6:]}"]


def _secrets() -> list[re.Pattern[str]]:
    staff_names = set(User.objects.values_list("last_name", flat=True)) | set(
        User.objects.values_list("first_name", flat=True)
    )
    people = list(
        Participant.objects.values_list("first_name", "last_name", "personal_identity_number")
    ) + list(
        SummerApplication.objects.values_list("first_name", "last_name", "personal_identity_number")
    )
    assert people, "the demo has people"
    patterns = set()
    for first, last, number in people:
        patterns.add(re.escape(f"{first} {last}"))
        patterns.add(re.escape(f"{last}, {first}"))
        if last not in staff_names:
            patterns.add(rf"\b{re.escape(last)}\b")
        patterns.update(rf"(?<![0-9]){re.escape(form)}(?![0-9])" for form in _number_forms(number))
    return [re.compile(p) for p in sorted(patterns)]


# The user page shows a password's salt and hash masked, their first characters then asterisks:
# random base64 that can spell a short surname between word boundaries ("Ek/Qs…"), so it is no
# leak and is left out before the search.
MASKED_HASH = re.compile(r"[A-Za-z0-9+/=]{1,6}\*{4,}")


# The lookarounds of a secret's pattern; what is left is the text it matches.
_BOUNDARIES = re.compile(r"\\b|\(\?<?[!=][^)]*\)")


def _plain(pattern: re.Pattern[str]) -> str:
    """The text every match of a secret's pattern holds (its escapes undone)."""
    return re.sub(r"\\(.)", r"\1", _BOUNDARIES.sub("", pattern.pattern))


def _leaks(where: str, html: str, secrets: list[re.Pattern[str]]) -> list[tuple[str, str]]:
    shown = MASKED_HASH.sub("", html)
    return [(where, p.pattern) for p in secrets if _plain(p) in shown and p.search(shown)]


def _sample(model):
    rows = model._default_manager.order_by("pk")
    if rows.count() <= WALK_ALL_BELOW:
        return list(rows)
    return list(rows[:SAMPLE]) + list(rows.order_by("-pk")[:SAMPLE])


def _admin_urls():
    """Every page of every registered model: the list, the add page, and each sampled object's
    change, delete, history (and password) pages."""
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        urls.append(reverse("admin:app_list", args=[model._meta.app_label]))
        for pattern in model_admin.get_urls():
            name = getattr(pattern, "name", None)
            if not name:
                continue
            try:
                urls.append(reverse(f"admin:{name}"))
                continue
            except NoReverseMatch:
                pass
            for obj in _sample(model):
                for key in ("object_id", "id"):
                    try:
                        urls.append(reverse(f"admin:{name}", kwargs={key: obj.pk}))
                        break
                    except NoReverseMatch:
                        continue
    return sorted(set(urls))


@pytest.fixture
def demo(loaded_demo, db):
    """The demo (loaded once for the module, tests/conftest.py) and its administrator."""
    return User.objects.get(role="administrator")


@pytest.mark.every_page
def test_no_page_of_the_admin_shows_a_participants_or_applicants_name_or_number(demo):
    client = client_for(demo)
    secrets = _secrets()
    urls = _admin_urls()
    assert any("/delete/" in url for url in urls) and any("/history/" in url for url in urls)
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        leaks += _leaks(url, response.content.decode(), secrets)
    # The "delete selected" action's confirmation page, for every model at once.
    for model, _model_admin in admin.site._registry.items():
        pks = [obj.pk for obj in _sample(model)]
        if not pks:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        html = client.post(
            url, {"action": "delete_selected", "_selected_action": pks}
        ).content.decode()
        leaks += _leaks(url + " delete_selected", html, secrets)
    assert leaks == []


# Other packages' admin pages, about staff accounts only (login attempts, groups).
THIRD_PARTY = {"axes", "auth"}


def test_every_admin_page_of_the_project_hides_personal_data_on_delete_pages():
    project = [m for m in admin.site._registry if m._meta.app_label not in THIRD_PARTY]
    assert len(project) >= 10
    for model in project:
        assert isinstance(admin.site._registry[model], NoPersonalDataAdmin), model


def test_the_delete_page_of_a_district_with_people_counts_them_and_refuses(demo, english):
    district = District.objects.filter(residents__isnull=False).distinct().first()
    person = Participant.objects.filter(home_district=district).first()
    client = client_for(demo, "en")
    url = reverse("admin:organisation_district_delete", args=[district.pk])
    html = client.get(url).content.decode()
    assert person.last_name not in html
    assert re.search(r"[Pp]articipants: \d+", html), html
    client.post(url, {"post": "yes"})
    assert District.objects.filter(pk=district.pk).exists()


def test_the_delete_page_of_a_coach_counts_their_caseload_without_names(demo, english):
    coach = User.objects.get(username="coach")
    client = client_for(demo, "en")
    html = client.get(reverse("admin:organisation_user_delete", args=[coach.pk])).content.decode()
    assert "Demosson" not in html
    for person in Participant.objects.all():
        assert person.full_name not in html
    assert "Cecilia Coach" in html or "coach" in html


@pytest.mark.parametrize(
    ("pattern", "plain"),
    [
        (r"\bEk\b", "Ek"),
        (re.escape("Anna-Karin Ek"), "Anna-Karin Ek"),
        (re.escape("Ek, Anna-Karin"), "Ek, Anna-Karin"),
        (rf"(?<![0-9]){re.escape('19900101-1234')}(?![0-9])", "19900101-1234"),
    ],
)
def test_a_secret_is_looked_for_by_the_text_its_pattern_matches(pattern, plain):
    assert _plain(re.compile(pattern)) == plain


def test_a_masked_password_hash_is_no_leak_but_a_surname_beside_it_is():
    secrets = [re.compile(r"\bEk\b")]
    masked = "<strong>hash</strong>: <bdi>Ek/Qs0**************************************</bdi>"
    assert _leaks("user page", masked, secrets) == []
    assert _leaks("user page", masked + "<td>Ek</td>", secrets) == [("user page", r"\bEk\b")]
