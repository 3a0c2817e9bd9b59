"""A Jobbtorg's cases by the day they were enrolled: the manager's plans on time this month read
this month's enrolments instead of every case of the Jobbtorg."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0010_referral_unit_stage_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(fields=["job_centre", "enrolled_on"], name="referral_unit_enrolled"),
        ),
    ]
