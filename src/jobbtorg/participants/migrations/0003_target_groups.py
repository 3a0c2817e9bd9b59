"""The target groups of R4 (phase 1, a–e) and R5 (phase 2, f–g), plus "Resurs", the group the
committee's indicator names (R31). Codes are fixed; names and the list are editable data."""

from django.db import migrations

TARGET_GROUPS = [
    (
        "unemployed_assistance",
        "a) Försörjningsstöd på grund av arbetslöshet",
        "a) Social assistance because of unemployment",
    ),
    (
        "new_applicant_other",
        "b) Ny sökande av försörjningsstöd av andra skäl, arbetsförmågan prövas",
        "b) New applicant for other reasons, ability to work to be examined",
    ),
    (
        "sfi_student",
        "c) SFI-studerande med försörjningsstöd eller introduktionsersättning",
        "c) SFI student with social assistance or introduction allowance",
    ),
    (
        "refugee",
        "d) Vuxen flykting eller anhöriginvandrare",
        "d) Adult refugee or family-tie immigrant",
    ),
    (
        "youth",
        "e) Ung 16–24 år utan annan sysselsättning",
        "e) Young person aged 16–24 in no other programme",
    ),
    (
        "long_term_other",
        "f) Försörjningsstöd av andra skäl sedan en tid, arbete prövas",
        "f) Assistance for other reasons for some time, work to be tried",
    ),
    (
        "disability",
        "g) Funktionsnedsättning med stöd från stadsdelen",
        "g) Disability with support from the district",
    ),
    ("resurs", "Resurs", "Resurs"),
]


def load(apps, schema_editor):
    TargetGroup = apps.get_model("participants", "TargetGroup")
    for position, (code, name_sv, name_en) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.get_or_create(
            code=code, defaults={"name_sv": name_sv, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_path")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
