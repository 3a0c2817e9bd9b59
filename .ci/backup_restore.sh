#!/usr/bin/env bash
# Backups that restore (docs/operations.md, "Backup and restore"): load a real database
# (migrations, the demo data, audit entries from commands), back it up with pg_dump in the
# custom format, restore it with pg_restore into a new database, and show that every table has
# the same number of rows in both and that the restored audit log's chain is intact.
#
# Needs a running PostgreSQL: PG_BIN (its bin directory), PG_HOST, PG_PORT, PG_USER; called by
# .ci/run after `make test`. Drops and makes the databases jobbtorg_backup and
# jobbtorg_restored.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${PG_BIN:?PG_BIN: the bin directory of PostgreSQL}" "${PG_PORT:?PG_PORT}"
PG_HOST=${PG_HOST:-127.0.0.1}
PG_USER=${PG_USER:-postgres}
SOURCE=jobbtorg_backup
RESTORED=jobbtorg_restored
WORK=$(mktemp -d /tmp/jobbtorg-backup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
pg() { local tool=$1; shift; "$PG_BIN/$tool" -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$@"; }
jobbtorg_on() {
  local database=$1; shift
  DATABASE_URL="postgres://$PG_USER@$PG_HOST:$PG_PORT/$database" JOBBTORG_DEMO_MODE=true \
    JOBBTORG_DATA_DIR="$WORK/data" .venv/bin/jobbtorg "$@"
}
started=$SECONDS

for database in "$SOURCE" "$RESTORED"; do pg dropdb --if-exists "$database"; done
pg createdb "$SOURCE"
jobbtorg_on "$SOURCE" migrate --no-input -v 0
echo "migrated ($((SECONDS - started)) s)"
jobbtorg_on "$SOURCE" load_demo
echo "demo loaded ($((SECONDS - started)) s)"
# More audit entries, from commands: a transfer export and a key-figure computation.
jobbtorg_on "$SOURCE" transfer export "$WORK/export" >/dev/null
jobbtorg_on "$SOURCE" followup indicators --from 2020-01-01 --to 2030-12-31 --out "$WORK/k.json"
jobbtorg_on "$SOURCE" audit verify

echo "== pg_dump -Fc $SOURCE, pg_restore into $RESTORED"
pg pg_dump -Fc --file "$WORK/jobbtorg.dump" "$SOURCE"
pg createdb "$RESTORED"
pg pg_restore --exit-on-error --no-owner --dbname "$RESTORED" "$WORK/jobbtorg.dump"
echo "dump: $(du -h "$WORK/jobbtorg.dump" | cut -f1)"

# The exact number of rows of every table, one "table count" line each, sorted by table.
row_counts() {
  pg psql -d "$1" -X -A -t -F ' ' -v ON_ERROR_STOP=1 -c "
    SELECT table_name,
           (xpath('/row/n/text()',
                  query_to_xml(format('SELECT count(*) AS n FROM %I.%I', table_schema, table_name),
                               false, true, '')))[1]::text::bigint
    FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
    ORDER BY table_name"
}
row_counts "$SOURCE" > "$WORK/source.txt"
row_counts "$RESTORED" > "$WORK/restored.txt"
echo "== rows per table: $SOURCE, $RESTORED"
join -a 1 -a 2 -e missing -o 0,1.2,2.2 "$WORK/source.txt" "$WORK/restored.txt" \
  | awk '{ mark = ($2 == $3) ? "" : "   <- differs"; printf "%-45s %10s %10s%s\n", $1, $2, $3, mark }'
tables=$(wc -l < "$WORK/source.txt")
entries=$(awk '$1 == "core_auditentry" { print $2 }' "$WORK/source.txt")
if ! cmp -s "$WORK/source.txt" "$WORK/restored.txt"; then
  echo "The restored database differs from the one backed up (above)" >&2
  exit 1
fi
if [ "$tables" -lt 20 ] || [ "${entries:-0}" -eq 0 ]; then
  echo "Too little to compare: $tables tables, ${entries:-0} audit entries" >&2
  exit 1
fi

echo "== jobbtorg audit verify on $RESTORED"
jobbtorg_on "$RESTORED" audit verify
for database in "$SOURCE" "$RESTORED"; do pg dropdb "$database"; done
echo "backup and restore: $tables tables with the same row counts, $entries audit entries in an intact chain ($((SECONDS - started)) s)"
