"""The audit log's hash chain (core/audit/chain.py): two columns on every entry, the chain
head, the record of checks; and the chain computed for the entries already there, in id order.
"""

import importlib

import django.utils.timezone
from django.db import migrations, models

# The append-only triggers of migration 0003.
append_only = importlib.import_module("jobbtorg.core.migrations.0003_audit_log_append_only")


def chain_existing_entries(apps, schema_editor):
    from jobbtorg.core.audit.chain import GENESIS, HASHED_FIELDS, HEAD_ID, entry_hash

    entries = apps.get_model("core", "AuditEntry")
    vendor = schema_editor.connection.vendor
    # Storing the hashes is an UPDATE, which the append-only trigger refuses: it is lifted for
    # this migration's transaction only. (On SQLite, adding the columns has rebuilt the table,
    # which drops its triggers: it is made again below either way.)
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only"
        )
    elif vendor == "sqlite":
        schema_editor.execute(append_only.SQLITE_DOWN)
    previous, last_id, chained = GENESIS, None, 0
    while True:
        rows = entries.objects.order_by("id")
        batch = list(rows.filter(id__gt=last_id)[:2000] if last_id else rows[:2000])
        if not batch:
            break
        for entry in batch:
            values = tuple(getattr(entry, name) for name in HASHED_FIELDS)
            entry.previous_hash = previous
            entry.entry_hash = previous = entry_hash(previous, values)
        entries.objects.bulk_update(batch, ["previous_hash", "entry_hash"])
        last_id = batch[-1].id
        chained += len(batch)
    apps.get_model("core", "AuditChainHead").objects.create(
        pk=HEAD_ID, entry_id=last_id, entry_hash=previous
    )
    if last_id is not None:
        # The hashes were made from the entries as they stand now: where a loggutdrag's check
        # of the chain starts from until `jobbtorg audit verify` has walked it.
        apps.get_model("core", "AuditChainCheck").objects.create(
            from_start=True,
            up_to_entry_id=last_id,
            up_to_hash=previous,
            entries_checked=chained,
            seconds=0,
        )
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only"
        )
    elif vendor == "sqlite":
        schema_editor.execute(append_only.SQLITE_UP)


def append_only_again_on_sqlite(apps, schema_editor):
    # Undoing this migration drops the columns, which on SQLite rebuilds the table without its
    # triggers: this runs last when undoing, and puts the trigger back.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(append_only.SQLITE_DOWN)
        schema_editor.execute(append_only.SQLITE_UP)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0013_worker_heartbeat_and_schedule'),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, append_only_again_on_sqlite),
        migrations.CreateModel(
            name='AuditChainCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('from_start', models.BooleanField()),
                ('up_to_entry_id', models.BigIntegerField(null=True)),
                ('up_to_hash', models.CharField(max_length=64)),
                ('entries_checked', models.BigIntegerField()),
                ('broken_entry_id', models.BigIntegerField(null=True)),
                ('broken_entry_at', models.DateTimeField(null=True)),
                ('problem', models.CharField(blank=True, max_length=32)),
                ('seconds', models.FloatField()),
            ],
            options={
                'ordering': ['-id'],
            },
        ),
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('entry_id', models.BigIntegerField(null=True)),
                ('entry_hash', models.CharField(max_length=64)),
            ],
        ),
        migrations.AddField(
            model_name='auditentry',
            name='entry_hash',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditentry',
            name='previous_hash',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_entries, migrations.RunPython.noop),
    ]
