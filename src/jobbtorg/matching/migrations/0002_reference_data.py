"""Loads the JobTech Taxonomy tables and the district centroids from `matching/reference/`
(sources and licences in its README). Re-running updates labels; nothing is deleted, since
vacancies and profiles refer to these rows."""

import csv
from pathlib import Path

from django.db import migrations

REFERENCE = Path(__file__).resolve().parent.parent / "reference"


def _rows(name):
    with open(REFERENCE / name, encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def load(apps, schema_editor):
    SsykGroup = apps.get_model("matching", "SsykGroup")
    Occupation = apps.get_model("matching", "Occupation")
    Skill = apps.get_model("matching", "Skill")
    Language = apps.get_model("matching", "Language")
    District = apps.get_model("organisation", "District")
    DistrictCentroid = apps.get_model("matching", "DistrictCentroid")

    SsykGroup.objects.bulk_create(
        [
            SsykGroup(
                code=r["code"],
                level=int(r["level"]),
                parent_code=r["parent_code"],
                concept_id=r["jobtech_concept_id"],
                label_sv=r["label_sv"][:300],
            )
            for r in _rows("ssyk2012.csv")
        ],
        ignore_conflicts=True,
    )
    Occupation.objects.bulk_create(
        [
            Occupation(
                concept_id=r["concept_id"],
                label_sv=r["label_sv"][:300],
                ssyk_code=r["ssyk2012_code"],
                no_educational_requirement=r["in_collection_no_educational_requirement"] == "true",
            )
            for r in _rows("jobtech_occupation_names.csv")
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    Skill.objects.bulk_create(
        [Skill(concept_id=r["concept_id"], label_sv=r["label_sv"][:300]) for r in _rows("jobtech_skills.csv")],
        ignore_conflicts=True,
        batch_size=1000,
    )
    Language.objects.bulk_create(
        [
            Language(
                concept_id=r["concept_id"],
                label_sv=r["label_sv"][:200],
                iso_639_1=(r.get("iso_639_1") or "")[:3],
            )
            for r in _rows("jobtech_languages.csv")
        ],
        ignore_conflicts=True,
    )
    districts = {d.slug: d for d in District.objects.all()}
    for r in _rows("district_centroids.csv"):
        district = districts.get(r["district_slug"])
        if district is not None:
            DistrictCentroid.objects.update_or_create(
                district=district,
                defaults={"latitude": float(r["latitude"]), "longitude": float(r["longitude"])},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("organisation", "0002_reference_data_2008"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
