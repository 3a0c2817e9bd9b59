"""API tokens expire, and end when the account's password changes or it is deactivated.
Tokens that exist already expire 90 days from this migration."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone


def _expire_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("organisation", "ApiToken")
    ApiToken.objects.filter(expires_at__isnull=True).update(
        expires_at=timezone.now() + dt.timedelta(days=90)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0002_reference_data_2008"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="api_tokens_valid_after",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.RunPython(_expire_existing_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
