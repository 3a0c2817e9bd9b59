"""Payment runs now belong to the payments app (its 0001 takes them over in Django's state). The
tables stay: this removes the models from this app's state only and runs no SQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0006_choice_system_seed"),
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="PaymentRunLine"),
                migrations.DeleteModel(name="PaymentRun"),
            ],
        ),
    ]
