from django.db import migrations

# Job-search support is the activity the 2019 decision's choice-system inquiry names as the
# first candidate for free choice; administrators can mark others in the admin.
CHOICE_SYSTEM_CODES = ["job_search"]


def mark(apps, schema_editor):
    ActivityType = apps.get_model("providers", "ActivityType")
    ActivityType.objects.filter(code__in=CHOICE_SYSTEM_CODES).update(choice_system=True)


def unmark(apps, schema_editor):
    ActivityType = apps.get_model("providers", "ActivityType")
    ActivityType.objects.filter(code__in=CHOICE_SYSTEM_CODES).update(choice_system=False)


class Migration(migrations.Migration):
    dependencies = [("providers", "0005_participations_attendance_payments")]
    operations = [migrations.RunPython(mark, unmark)]
