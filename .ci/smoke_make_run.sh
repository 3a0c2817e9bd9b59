#!/usr/bin/env bash
# `make run` as a newcomer would: it must serve the login page with the demo accounts on
# http://127.0.0.1:8000 with a worker beside it (/healthz: its heartbeat is fresh), stop both
# when stopped, and a second `make run` must not add the demo data again.
set -euo pipefail
cd "$(dirname "$0")/.."
URL=http://127.0.0.1:8000
LOG=$(mktemp /tmp/jobbtorg-make-run.XXXXXX)

run_once() {
  # SMOKE_MAKE_ARGS: e.g. "-o .venv/.installed" where .venv is shared with another checkout.
  setsid make ${SMOKE_MAKE_ARGS:-} run >"$LOG" 2>&1 < /dev/null &
  local pid=$!
  local ok=""
  for _ in $(seq 1 600); do
    if curl -fsS "$URL/logga-in/" -o "$LOG.html" 2>/dev/null; then ok=1; break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 1
  done
  if [ -z "$ok" ]; then
    kill -- -"$pid" 2>/dev/null || true
    echo "make run did not serve $URL:"; cat "$LOG"; exit 1
  fi
  # The worker writes its heartbeat when it starts: /healthz answers 200 once it has.
  local healthy=""
  for _ in $(seq 1 120); do
    if curl -fsS "$URL/healthz" -o "$LOG.health" 2>/dev/null; then healthy=1; break; fi
    sleep 0.5
  done
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -z "$healthy" ] || ! grep -q '"worker": "ok"' "$LOG.health"; then
    echo "make run's worker is not running (/healthz: $(cat "$LOG.health" 2>/dev/null))"; cat "$LOG"; exit 1
  fi
  # Stopping make run stops the web server and the worker with it.
  for _ in $(seq 1 60); do
    curl -fsS "$URL/healthz" -o /dev/null 2>/dev/null || break
    sleep 0.5
  done
  if curl -fsS "$URL/healthz" -o /dev/null 2>/dev/null; then echo "make run's server outlived it"; exit 1; fi
  local worker
  worker=$(sed -n 's/.*worker started (pid \([0-9]*\)).*/\1/p' "$LOG" | tail -n 1)
  [ -n "$worker" ] || { echo "make run did not say it started a worker:"; cat "$LOG"; exit 1; }
  for _ in $(seq 1 60); do kill -0 "$worker" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$worker" 2>/dev/null; then echo "make run's worker (pid $worker) outlived it"; exit 1; fi
  grep -q "jobbtorg-demo" "$LOG.html" || { echo "The login page does not list the demo accounts"; exit 1; }
  grep -q "<code>handlaggare</code>" "$LOG.html" || { echo "The demo district officer is missing"; exit 1; }
}

run_once
grep "Demo data:" "$LOG"
run_once
grep "Demo data:" "$LOG"
grep -q "Demo data: 0 accounts and 0 people added" "$LOG" || { echo "A second make run added demo data again"; exit 1; }
echo "make run: served $URL with demo accounts and a live worker, stopped both, twice, without duplicates"
