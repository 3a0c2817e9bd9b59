#!/usr/bin/env bash
# `make serve` as production runs it: gunicorn and a worker with the production settings against
# the PostgreSQL database in DATABASE_URL. A manager signs in, uploads a transfer file on the page
# Överföring, confirms it, and the run's page must say "Done" once the worker has imported it.
# Fails loudly: any step that does not do what it should stops the script with what it saw.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?smoke_serve.sh needs DATABASE_URL pointing at an empty PostgreSQL database}"
PORT=${SMOKE_SERVE_PORT:-8010}
URL=http://127.0.0.1:$PORT
WORK=$(mktemp -d /tmp/jobbtorg-smoke-serve.XXXXXX)
JAR=$WORK/cookies
LOG=$WORK/serve.log
JOBBTORG=.venv/bin/jobbtorg

# Production settings, on plain http over loopback (no TLS proxy in front here).
export DJANGO_SETTINGS_MODULE=jobbtorg.config.settings.prod
SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(64))')
export SECRET_KEY ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0
export JOBBTORG_DATA_DIR=$WORK/data STATIC_ROOT=$WORK/static

fail() {
  echo "smoke_serve: $*" >&2
  echo "--- make serve's output:" >&2
  tail -n 60 "$LOG" >&2 || true
  exit 1
}

# SMOKE_MAKE_ARGS: e.g. "-o .venv/.installed" where .venv is shared with another checkout.
setsid make ${SMOKE_MAKE_ARGS:-} serve PORT="$PORT" >"$LOG" 2>&1 </dev/null &
SERVE_PID=$!
stop_serve() {
  kill -TERM -- -"$SERVE_PID" 2>/dev/null || true
  wait "$SERVE_PID" 2>/dev/null || true
}
trap stop_serve EXIT

started=$SECONDS
until curl -fsS -o /dev/null "$URL/logga-in/" 2>/dev/null; do
  kill -0 "$SERVE_PID" 2>/dev/null || fail "make serve stopped before it served $URL"
  [ $((SECONDS - started)) -lt 180 ] || fail "make serve did not serve $URL within 180 s"
  sleep 0.5
done
echo "make serve answered after $((SECONDS - started)) s"

# The worker beats within seconds of starting; /healthz says 503 until it has.
until [ "$(curl -s -o "$WORK/health.json" -w '%{http_code}' "$URL/healthz")" = 200 ]; do
  [ $((SECONDS - started)) -lt 240 ] || fail "/healthz never said 200: $(cat "$WORK/health.json")"
  sleep 0.5
done
grep -q '"worker": "ok"' "$WORK/health.json" || fail "/healthz without a live worker: $(cat "$WORK/health.json")"

# A demo-like manager at Jobbtorg Sydost (make serve has migrated the database).
PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
echo "$PASSWORD" | $JOBBTORG create_user smoke-chef --role manager --jobbtorg sydost --password-stdin >/dev/null

csrf() { awk '$6 == "csrftoken" { print $7 }' "$JAR"; }
# English pages (the language button's cookie): the checks below read the run's status in words.
printf '# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tdjango_language\ten\n' >"$JAR"
curl -fsS -b "$JAR" -c "$JAR" -o /dev/null "$URL/logga-in/"
code=$(curl -sS -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrfmiddlewaretoken=$(csrf)" --data-urlencode "username=smoke-chef" \
  --data-urlencode "password=$PASSWORD" "$URL/logga-in/")
[ "$code" = 302 ] || fail "signing in answered $code, not a redirect"

# Two invented people in Farsta (a district Sydost serves), in the transfer format's container.
.venv/bin/python - "$WORK/overforing.zip" <<'PY'
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1], "w") as archive:
    archive.writestr(
        "participants.csv",
        "personnummer,first_name,last_name,home_district,target_group,referred_on,enrolled_on\n"
        "198001011017,Nora,Nyström,farsta,resurs,2026-01-10,\n"
        "198001011025,Bo,Berg,farsta,resurs,2026-01-10,\n",
    )
PY
location=$(curl -sS -b "$JAR" -c "$JAR" -o /dev/null -w '%{redirect_url}' \
  -F "csrfmiddlewaretoken=$(csrf)" -F "file=@$WORK/overforing.zip;type=application/zip" \
  "$URL/overforing/")
[[ "$location" =~ /overforing/([0-9]+)/$ ]] || fail "the upload did not lead to a run's page: '$location'"
RUN=$URL/overforing/${BASH_REMATCH[1]}/

status() {
  curl -fsS -b "$JAR" "$RUN" -o "$WORK/run.html" || fail "the run's page did not answer"
  sed -n 's/.*<span class="chip">\([^<]*\)<\/span>.*/\1/p' "$WORK/run.html" | head -n 1
}
wait_for() {
  local want=$1 deadline=$((SECONDS + 60)) now
  while now=$(status); [ "$now" != "$want" ]; do
    case "$now" in Failed | "The file cannot be used" | Discarded*) fail "the run says '$now'" ;; esac
    [ $SECONDS -lt $deadline ] || fail "the run still says '$now', not '$want'"
    sleep 0.5
  done
}
wait_for "Checked: ready to import"
code=$(curl -sS -b "$JAR" -c "$JAR" -o /dev/null -w '%{http_code}' \
  --data-urlencode "csrfmiddlewaretoken=$(csrf)" "${RUN}importera/")
[ "$code" = 302 ] || fail "confirming the import answered $code"
wait_for "Done"
grep -q "What was imported" "$WORK/run.html" || fail "the done run's page does not say what was imported"
tr -d '\n' <"$WORK/run.html" | grep -Eq '<th scope="row">participants.csv</th><td[^>]*>2</td><td[^>]*>2</td>' \
  || fail "the run's page does not show 2 people read and 2 created"

# The stylesheet the pages link is served hashed and compressed by the application itself.
css=$(grep -o '/static/jobbtorg/jobbtorg\.[0-9a-f]*\.css' "$WORK/run.html" | head -n 1)
[ -n "$css" ] || fail "the page links no hashed stylesheet"
curl -fsS -H 'Accept-Encoding: gzip' -D "$WORK/css.headers" -o /dev/null "$URL$css"
grep -qi '^content-encoding: gzip' "$WORK/css.headers" || fail "$css is not served compressed"

stop_serve
trap - EXIT
if curl -fsS -o /dev/null "$URL/logga-in/" 2>/dev/null; then fail "something still serves $URL"; fi
rm -rf "$WORK"
echo "make serve: signed in, uploaded, checked, confirmed and imported 2 people, static files hashed and gzipped ($((SECONDS - started)) s)"
