"""The participant list is ordered by name: an index in that order lets a page be read along it
instead of sorting everyone in the user's scope for each page."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0008_inbox_order_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="participant",
            index=models.Index(
                fields=["last_name", "first_name", "id"], name="participant_name_order"
            ),
        ),
    ]
