#!/usr/bin/env bash
# `make run` as a newcomer would: it must serve the login page with the demo accounts on
# http://127.0.0.1:8000, and a second `make run` must not add the demo data again.
set -euo pipefail
cd "$(dirname "$0")/.."
URL=http://127.0.0.1:8000
LOG=$(mktemp /tmp/jobbtorg-make-run.XXXXXX)

run_once() {
  setsid make run >"$LOG" 2>&1 < /dev/null &
  local pid=$!
  local ok=""
  for _ in $(seq 1 600); do
    if curl -fsS "$URL/logga-in/" -o "$LOG.html" 2>/dev/null; then ok=1; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 1
  done
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$ok" ]; then echo "make run did not serve $URL:"; cat "$LOG"; exit 1; fi
  grep -q "jobbtorg-demo" "$LOG.html" || { echo "The login page does not list the demo accounts"; exit 1; }
  grep -q "<code>handlaggare</code>" "$LOG.html" || { echo "The demo district officer is missing"; exit 1; }
}

run_once
grep "Demo data:" "$LOG"
run_once
grep "Demo data:" "$LOG"
grep -q "Demo data: 0 accounts and 0 people added" "$LOG" || { echo "A second make run added demo data again"; exit 1; }
echo "make run: served $URL with demo accounts, twice, without duplicates"
