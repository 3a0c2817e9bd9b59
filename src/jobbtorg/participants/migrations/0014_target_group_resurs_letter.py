"""Resurs gets its letter, h), like every other target group (a–e of R4, f–g of R5), so that
lists and reports name it the same way. A name an administrator has changed is left alone."""

from django.db import migrations

BEFORE = ("Resurs", "Resurs")
AFTER = ("h) Resurs", "h) Resurs")


def _rename(apps, old, new):
    TargetGroup = apps.get_model("participants", "TargetGroup")
    TargetGroup.objects.filter(code="resurs", name_sv=old[0]).update(name_sv=new[0])
    TargetGroup.objects.filter(code="resurs", name_en=old[1]).update(name_en=new[1])


def forwards(apps, schema_editor):
    _rename(apps, BEFORE, AFTER)


def backwards(apps, schema_editor):
    _rename(apps, AFTER, BEFORE)


class Migration(migrations.Migration):
    dependencies = [("participants", "0013_imported_other_reason_may_be_undescribed")]
    operations = [migrations.RunPython(forwards, backwards)]
