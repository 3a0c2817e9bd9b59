"""The database itself refuses to change audit entries, so that no bug or raw query can
rewrite history. PostgreSQL refuses row deletes too. On SQLite (the embedded development
database) deletes are refused by the application only, because Django's test flush on SQLite
empties tables with DELETE."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION core_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'The audit log is append-only: entries cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditentry_append_only
    BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION core_auditentry_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS core_auditentry_append_only ON core_auditentry;
DROP FUNCTION IF EXISTS core_auditentry_refuse_change();
"""
SQLITE_UP = """
CREATE TRIGGER core_auditentry_append_only
BEFORE UPDATE ON core_auditentry
BEGIN
    SELECT RAISE(ABORT, 'The audit log is append-only: entries cannot be changed');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS core_auditentry_append_only;"


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        sql = statements_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_initial")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
