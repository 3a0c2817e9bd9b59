"""The 2008 set-up of R1: five Jobbtorg and the 14 districts they served from 1 January 2008
(City council proposal 2007, shared/seeds/002_a674354d3847f451.txt; district take-over,
shared/seeds/000_b498dd6030fe6f85.txt). The slugs are fixed: the command line, the API and
the transfer format use them."""

import datetime as dt

from django.db import migrations

START = dt.date(2008, 1, 1)

# (slug, name, location, [(district slug, district name), ...])
SETUP_2008 = [
    (
        "sydost",
        "Sydost",
        "Vantör",
        [
            ("enskede-arsta-vantor", "Enskede-Årsta-Vantör"),
            ("farsta", "Farsta"),
            ("skarpnack", "Skarpnäck"),
        ],
    ),
    (
        "sydvast",
        "Sydväst",
        "Skärholmen",
        [
            ("skarholmen", "Skärholmen"),
            ("hagersten-liljeholmen", "Hägersten-Liljeholmen"),
            ("alvsjo", "Älvsjö"),
        ],
    ),
    (
        "innerstaden",
        "Innerstaden",
        "Kungsholmen",
        [
            ("kungsholmen", "Kungsholmen"),
            ("norrmalm", "Norrmalm"),
            ("ostermalm", "Östermalm"),
            ("sodermalm", "Södermalm"),
        ],
    ),
    (
        "vasterort",
        "Västerort",
        "Vällingby",
        [
            ("hasselby-vallingby", "Hässelby-Vällingby"),
            ("bromma", "Bromma"),
        ],
    ),
    (
        "jarva",
        "Järva",
        "Kista",
        [
            ("spanga-tensta", "Spånga-Tensta"),
            ("rinkeby-kista", "Rinkeby-Kista"),
        ],
    ),
]


def load(apps, schema_editor):
    JobCentre = apps.get_model("organisation", "JobCentre")
    District = apps.get_model("organisation", "District")
    DistrictAssignment = apps.get_model("organisation", "DistrictAssignment")
    for slug, name, location, districts in SETUP_2008:
        centre, _ = JobCentre.objects.get_or_create(
            slug=slug, defaults={"name": name, "location": location}
        )
        for district_slug, district_name in districts:
            district, _ = District.objects.get_or_create(
                slug=district_slug, defaults={"name": district_name}
            )
            if not DistrictAssignment.objects.filter(district=district).exists():
                DistrictAssignment.objects.create(
                    district=district, job_centre=centre, valid_from=START
                )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
