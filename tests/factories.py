"""factory_boy factories. Users come with a trait per role; participants with valid numbers."""

import datetime as dt
from functools import cache

import factory
from django.contrib.auth.hashers import make_password
from personnummer import personnummer

from jobbtorg.core.roles import Role
from jobbtorg.organisation.models import District, JobCentre, User
from jobbtorg.participants.models import Participant
from jobbtorg.providers.models import Provider

PASSWORD = "a-long-test-password"


def valid_personal_identity_number(n: int, born: dt.date = dt.date(1980, 1, 1)) -> str:
    """The n-th invented personnummer (12 digits) whose control digit is right."""
    birth = born + dt.timedelta(days=n // 900)
    stem = f"{birth:%Y%m%d}{100 + n % 900:03d}"
    for digit in "0123456789":
        if personnummer.valid(stem + digit):
            return stem + digit
    raise AssertionError(stem)


@cache
def _password_hash() -> str:
    return make_password(PASSWORD)


def district(slug: str) -> District:
    return District.objects.get(slug=slug)


def job_centre(slug: str) -> JobCentre:
    return JobCentre.objects.get(slug=slug)


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"provider-{n}")
    name = factory.Sequence(lambda n: f"Anordnare {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.ANALYST
    # Hashed once and written with the account: setting it after a first save would save the
    # account twice, and a changed password ends the account's API tokens (a query or three).
    password = factory.LazyFunction(_password_hash)

    class Params:
        coach = factory.Trait(
            role=Role.COACH, job_centre=factory.LazyFunction(lambda: job_centre("sydost"))
        )
        matcher = factory.Trait(
            role=Role.MATCHER, job_centre=factory.LazyFunction(lambda: job_centre("sydost"))
        )
        manager = factory.Trait(
            role=Role.MANAGER, job_centre=factory.LazyFunction(lambda: job_centre("sydost"))
        )
        officer = factory.Trait(
            role=Role.DISTRICT_OFFICER, district=factory.LazyFunction(lambda: district("farsta"))
        )
        provider_staff = factory.Trait(
            role=Role.PROVIDER_STAFF, provider=factory.SubFactory(ProviderFactory)
        )
        analyst = factory.Trait(role=Role.ANALYST)
        administrator = factory.Trait(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    personal_identity_number = factory.Sequence(valid_personal_identity_number)
    birth_date = factory.LazyAttribute(
        lambda o: dt.date(
            int(o.personal_identity_number[:4]),
            int(o.personal_identity_number[4:6]),
            int(o.personal_identity_number[6:8]),
        )
    )
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    home_district = factory.LazyFunction(lambda: district("farsta"))
