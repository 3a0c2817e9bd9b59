"""The 2008 set-up (R1) is there from the first migration, with its fixed slugs."""

import datetime as dt

import pytest
from django.utils import timezone

from jobbtorg.organisation.models import District, DistrictAssignment, JobCentre

SETUP_2008 = {
    "sydost": ("Vantör", {"enskede-arsta-vantor", "farsta", "skarpnack"}),
    "sydvast": ("Skärholmen", {"skarholmen", "hagersten-liljeholmen", "alvsjo"}),
    "innerstaden": ("Kungsholmen", {"kungsholmen", "norrmalm", "ostermalm", "sodermalm"}),
    "vasterort": ("Vällingby", {"hasselby-vallingby", "bromma"}),
    "jarva": ("Kista", {"spanga-tensta", "rinkeby-kista"}),
}


@pytest.mark.django_db
def test_five_jobbtorg_and_fourteen_districts_with_fixed_slugs():
    assert set(JobCentre.objects.values_list("slug", flat=True)) == set(SETUP_2008)
    all_districts = set().union(*(districts for _, districts in SETUP_2008.values()))
    assert set(District.objects.values_list("slug", flat=True)) == all_districts
    assert len(all_districts) == 14


@pytest.mark.django_db
@pytest.mark.parametrize(("centre_slug", "expected"), SETUP_2008.items())
def test_each_district_belongs_to_its_2008_jobbtorg(centre_slug, expected):
    location, districts = expected
    centre = JobCentre.objects.get(slug=centre_slug)
    assert centre.location == location
    assert set(centre.districts_on(dt.date(2008, 1, 1)).values_list("slug", flat=True)) == districts
    today = timezone.localdate()
    assert set(centre.districts_on(today).values_list("slug", flat=True)) == districts
    assert not centre.districts_on(dt.date(2007, 12, 31)).exists()


@pytest.mark.django_db
def test_names_are_written_in_swedish():
    assert District.objects.get(slug="enskede-arsta-vantor").name == "Enskede-Årsta-Vantör"
    assert JobCentre.objects.get(slug="sydvast").name == "Sydväst"


@pytest.mark.django_db
def test_every_district_has_exactly_one_open_belonging():
    for district in District.objects.all():
        assert DistrictAssignment.objects.filter(district=district, valid_until=None).count() == 1
