"""The district's inbox items that ask for a decision on a plan version no longer awaiting one
(approved, rejected or replaced by a newer version), or of a case that exited, are closed with
the reason, as the services do from now on. The items stay."""

from django.db import migrations
from django.utils import timezone


def close_inbox_items_no_longer_actionable(apps, schema_editor):
    DistrictEvent = apps.get_model("participants", "DistrictEvent")
    PlanVersion = apps.get_model("plans", "PlanVersion")
    status_of = {str(pk): status for pk, status in PlanVersion.objects.values_list("pk", "status")}
    now = timezone.now()
    for event in DistrictEvent.objects.filter(
        kind="plan_awaiting_approval", handled_at__isnull=True
    ).select_related("referral"):
        if event.referral is not None and event.referral.stage == "exited":
            reason = "case_exited"
        else:
            status = status_of.get(str(event.data.get("plan")))
            if status == "superseded":
                reason = "plan_superseded"
            elif status in ("approved", "rejected"):
                reason = "plan_decided"
            else:
                continue
        event.handled_at = now
        event.handled_reason = reason
        event.save(update_fields=["handled_at", "handled_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_case_deadline_columns"),
        ("participants", "0012_district_event_handled_reason"),
    ]

    operations = [
        migrations.RunPython(close_inbox_items_no_longer_actionable, migrations.RunPython.noop),
    ]
