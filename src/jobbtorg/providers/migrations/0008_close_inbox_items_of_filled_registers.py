"""The district's inbox items about missing attendance registers whose days have all been
registered since are closed with the reason, as the attendance service does from now on. The
items stay."""

import datetime as dt

from django.db import migrations
from django.utils import timezone


def close_inbox_items_of_filled_registers(apps, schema_editor):
    DistrictEvent = apps.get_model("participants", "DistrictEvent")
    AttendanceRegister = apps.get_model("providers", "AttendanceRegister")
    now = timezone.now()
    for event in DistrictEvent.objects.filter(
        kind="missing_registers", handled_at__isnull=True
    ).only("pk", "data"):
        participation = (event.data or {}).get("participation")
        days = {dt.date.fromisoformat(day) for day in (event.data or {}).get("dates") or []}
        if not participation or not days:
            continue
        registered = AttendanceRegister.objects.filter(
            participation_id=participation, day__in=days
        ).count()
        if registered == len(days):
            DistrictEvent.objects.filter(pk=event.pk).update(
                handled_at=now, handled_reason="registers_filled"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("providers", "0007_payment_runs_move_to_payments"),
        ("participants", "0015_district_event_closed_when_registers_filled"),
    ]

    operations = [
        migrations.RunPython(close_inbox_items_of_filled_registers, migrations.RunPython.noop),
    ]
