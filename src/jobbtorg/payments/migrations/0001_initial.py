"""Payment runs move here from the providers app. Their tables stay as they are
(`providers_paymentrun`, `providers_paymentrunline`): this migration only tells Django's state
that the models now belong to this app; it runs no SQL, so every existing run and line is kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("providers", "0006_choice_system_seed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="PaymentRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("month", models.DateField(verbose_name="month")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("preview", "Preview"),
                                    ("approved", "Approved"),
                                    ("discarded", "Discarded"),
                                ],
                                default="preview",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        ("problems", models.JSONField(blank=True, default=list)),
                        ("approved_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "approved_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "providers_paymentrun",
                        "ordering": ["-month", "-created_at"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(month__day=1),
                                name="payment_run_month_is_first_day",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PaymentRunLine",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("start_fee", "Start fee"),
                                    ("monthly_base_fee", "Monthly base fee"),
                                    ("result_fee", "Result fee"),
                                    ("bonus_3_months", "Bonus: still in work 3 months later"),
                                    ("bonus_6_months", "Bonus: still in work 6 months later"),
                                ],
                                max_length=32,
                            ),
                        ),
                        ("period", models.DateField(blank=True, null=True)),
                        (
                            "level",
                            models.CharField(
                                choices=[
                                    ("A", "A: close to the labour market"),
                                    ("B", "B: some way from the labour market"),
                                    ("C", "C: far from the labour market"),
                                ],
                                max_length=1,
                            ),
                        ),
                        ("amount", models.DecimalField(decimal_places=2, max_digits=12)),
                        ("reason", models.CharField(max_length=500)),
                        (
                            "contract",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="providers.contract",
                            ),
                        ),
                        (
                            "participation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="payment_lines",
                                to="providers.activityparticipation",
                            ),
                        ),
                        (
                            "provider",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="providers.provider",
                            ),
                        ),
                        (
                            "run",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="lines",
                                to="payments.paymentrun",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "providers_paymentrunline",
                        "ordering": ["provider__name", "participation_id", "id"],
                    },
                ),
            ],
        ),
    ]
