"""The stored results hold the effect estimate too: a question is a kind and its parameters.
The stored rows are derived from the records (the worker computes them again when a page asks),
so the old table is replaced rather than converted."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0003_stored_figures_and_report_files"),
    ]

    operations = [
        migrations.DeleteModel(name="KeyFigureResult"),
        migrations.CreateModel(
            name="KeyFigureResult",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("key_figures", "key figures of a tertial"),
                            ("effect", "effect estimate of a period"),
                        ],
                        max_length=16,
                    ),
                ),
                ("question", models.CharField(max_length=255)),
                ("result", models.JSONField(blank=True, null=True)),
                ("data_version", models.CharField(blank=True, max_length=64)),
                ("computed_at", models.DateTimeField(blank=True, null=True)),
                ("checked_at", models.DateTimeField(blank=True, null=True)),
                ("asked_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "question"), name="one_key_figure_result_per_question"
                    )
                ],
            },
        ),
    ]
