"""A Jobbtorg's cases in one stage, in referral order: Min dag's counts per coach and stage, the
referred with no first meeting (longest waiting first) and the enrolled cases whose deadlines
the manager lists read along it instead of every case of the Jobbtorg."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_api_token_expiry_and_account_bound"),
        ("participants", "0009_participant_name_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["job_centre", "stage", "referred_at"], name="referral_unit_stage"
            ),
        ),
    ]
