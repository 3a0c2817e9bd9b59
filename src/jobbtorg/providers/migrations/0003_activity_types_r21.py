"""The activity catalog of R21 (City council proposal 2007, shared/seeds/002_a674354d3847f451.txt).
Codes are fixed; names, lengths and flags are editable by administrators afterwards.
Default maximum lengths: own job search with the coach is followed up after 4 weeks (R14);
the others are starting points for the city to set."""

from django.db import migrations

# code, Swedish name, English name, category, daily attendance, max length (days), full day
ACTIVITY_TYPES = [
    ("assessment", "Kartläggning", "Assessment", "guidance", False, None, False),
    (
        "guidance",
        "Studie- och yrkesvägledning",
        "Study and career guidance",
        "guidance",
        False,
        None,
        False,
    ),
    ("coaching", "Individuell coachning", "Individual coaching", "guidance", False, None, False),
    (
        "job_search",
        "Eget jobbsökande med stöd av coach",
        "Own job search supported by the coach",
        "preparatory",
        True,
        28,
        False,
    ),
    (
        "preparatory",
        "Förberedande aktiviteter (motivation, CV, intervjuträning)",
        "Preparatory activities (motivation, CV, interview training)",
        "preparatory",
        True,
        56,
        False,
    ),
    ("sfi_test", "SFI-test", "SFI placement test", "language", False, None, False),
    ("sfi", "SFI kopplat till praktik", "SFI linked to a placement", "language", True, None, True),
    ("work_training", "Arbetsträning", "Work training", "work_practice", True, 90, True),
    (
        "intro_placement",
        "Språk- och introduktionspraktik",
        "Language and introduction placement",
        "work_practice",
        True,
        90,
        True,
    ),
    ("placement", "Praktik", "Work placement", "work_practice", True, 90, True),
    (
        "vocational_course",
        "Kort förberedande yrkesutbildning",
        "Short preparatory vocational course",
        "education",
        True,
        None,
        True,
    ),
    (
        "validation",
        "Validering av tidigare kunskaper och betyg",
        "Validation of earlier skills and grades",
        "education",
        False,
        None,
        False,
    ),
    (
        "adapted_vocational_training",
        "Längre anpassad yrkesutbildning",
        "Longer adapted vocational training",
        "education",
        True,
        None,
        True,
    ),
    (
        "af_programme",
        "Arbetsförmedlingens program",
        "Arbetsförmedlingen's programmes",
        "other",
        False,
        None,
        False,
    ),
    ("matching", "Matchning mot jobb", "Matching against jobs", "matching", False, None, False),
    (
        "recruitment_activity",
        "Rekryteringsaktivitet",
        "Recruitment activity",
        "matching",
        False,
        None,
        False,
    ),
    (
        "start_business_advice",
        "Rådgivning för att starta eget",
        "Start-your-own-business advice",
        "other",
        False,
        None,
        False,
    ),
]


def load(apps, schema_editor):
    ActivityType = apps.get_model("providers", "ActivityType")
    for code, name_sv, name_en, category, daily, max_days, full_day in ACTIVITY_TYPES:
        ActivityType.objects.get_or_create(
            code=code,
            defaults={
                "name_sv": name_sv,
                "name_en": name_en,
                "category": category,
                "daily_attendance": daily,
                "max_length_days": max_days,
                "full_day": full_day,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("providers", "0002_activity_type")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
