"""A district belongs to one Jobbtorg at a time; a change keeps history (R1)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from jobbtorg.core.errors import ValidationFailed
from jobbtorg.organisation.models import DistrictAssignment
from jobbtorg.organisation.services import district_assign
from tests.factories import district, job_centre

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MOVE = dt.date(2015, 7, 1)


def test_a_move_closes_the_old_belonging_the_day_before_and_keeps_it():
    farsta = district("farsta")
    district_assign(district=farsta, job_centre=job_centre("jarva"), valid_from=MOVE)
    history = list(farsta.assignments.order_by("valid_from"))
    assert [(a.job_centre.slug, a.valid_from, a.valid_until) for a in history] == [
        ("sydost", dt.date(2008, 1, 1), dt.date(2015, 6, 30)),
        ("jarva", MOVE, None),
    ]
    assert farsta.job_centre_on(dt.date(2015, 6, 30)).slug == "sydost"
    assert farsta.job_centre_on(MOVE).slug == "jarva"


def test_a_move_to_the_jobbtorg_it_already_belongs_to_is_refused():
    with pytest.raises(ValidationFailed) as raised:
        district_assign(
            district=district("farsta"), job_centre=job_centre("sydost"), valid_from=MOVE
        )
    assert "already belongs" in raised.value.errors["job_centre"][0]
    assert district("farsta").assignments.count() == 1


@pytest.mark.parametrize("start", [dt.date(2008, 1, 1), dt.date(2005, 1, 1)])
def test_history_cannot_be_rewritten_by_a_move_dated_before_the_current_belonging(start):
    with pytest.raises(ValidationFailed) as raised:
        district_assign(
            district=district("farsta"), job_centre=job_centre("jarva"), valid_from=start
        )
    assert "2008-01-01" in raised.value.errors["valid_from"][0]
    assert district("farsta").assignments.get().valid_until is None


def test_the_database_refuses_two_open_belongings_for_one_district():
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictAssignment.objects.create(
            district=district("farsta"), job_centre=job_centre("jarva"), valid_from=MOVE
        )


def test_the_database_refuses_a_belonging_that_ends_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictAssignment.objects.create(
            district=district("farsta"),
            job_centre=job_centre("jarva"),
            valid_from=MOVE,
            valid_until=MOVE - dt.timedelta(days=1),
        )


# Staff accounts


def test_a_provider_staff_account_finds_its_provider_without_organisation_importing_it():
    from jobbtorg.organisation.services import user_create
    from tests.factories import ProviderFactory

    provider = ProviderFactory(slug="stadsmissionen")
    user = user_create(username="p", role="provider_staff", provider="stadsmissionen")
    assert user.provider == provider


def test_an_unknown_provider_is_refused_by_name():
    from jobbtorg.organisation.services import user_create

    with pytest.raises(ValidationFailed) as refused:
        user_create(username="p", role="provider_staff", provider="nobody")
    assert refused.value.errors["provider"] == ["There is no provider “nobody”."]


@pytest.mark.parametrize("username", ["coach_sydost", "manager_sydost", "analyst"])
def test_only_an_administrator_creates_an_account_or_moves_a_district(staff, username):
    from jobbtorg.core.errors import NotAllowed
    from jobbtorg.organisation.models import User
    from jobbtorg.organisation.services import user_create

    actor = getattr(staff, username)
    with pytest.raises(NotAllowed):
        user_create(username="new", role="analyst", actor=actor)
    with pytest.raises(NotAllowed):
        district_assign(
            district=district("farsta"),
            job_centre=job_centre("jarva"),
            valid_from=MOVE,
            actor=actor,
        )
    assert not User.objects.filter(username="new").exists()
    user_create(username="new", role="analyst", actor=staff.administrator)
    district_assign(
        district=district("farsta"),
        job_centre=job_centre("jarva"),
        valid_from=MOVE,
        actor=staff.administrator,
    )


def test_organisation_imports_no_app_above_it():
    import ast
    from pathlib import Path

    import jobbtorg.organisation as app

    allowed = ("jobbtorg.organisation", "jobbtorg.core", "jobbtorg.engines")
    for path in Path(app.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("jobbtorg."):
                assert node.module.startswith(allowed), (path, node.module)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("jobbtorg."):
                        assert alias.name.startswith(allowed), (path, alias.name)
