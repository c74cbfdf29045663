#!/usr/bin/env bash
# Start the machine's PostgreSQL cluster for the @ddex/adapter-postgres live tests, unless 127.0.0.1:5432 already
# answers. Idempotent. Writes "$DDEX_CI_DIR/env-postgres" (one `export DDEX_TEST_PG_URL=...` line) and prints it;
# `.ci/run` sources it. The tests connect as the superuser `postgres` only to create a throwaway plain role and
# database per run; the store itself runs as that plain role, so row-level security applies to it.
# Installs postgresql when missing. If 127.0.0.1 does not trust `postgres` (a stock pg_hba.conf asks for a password),
# gives it a random password over the local socket and puts that in the URL.
# Env: DDEX_CI_DIR (/tmp/ddex-ci), DDEX_CI_PG_PORT (5432).
set -euo pipefail

D="${DDEX_CI_DIR:-/tmp/ddex-ci}"
PORT="${DDEX_CI_PG_PORT:-5432}"
mkdir -p "$D"
log() { printf '[ddex-ci] %s\n' "$*" >&2; }
ready() { pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; }

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  log "apt-get install postgresql"
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
fi

if ready; then
  log "postgres already running on 127.0.0.1:$PORT"
else
  VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
  log "starting cluster $VERSION/main"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" main start || true
  for _ in $(seq 1 100); do ready && break; sleep 0.1; done
  ready || { log "postgres did not answer on 127.0.0.1:$PORT"; exit 1; }
  log "postgres up on 127.0.0.1:$PORT"
fi

URL="postgres://postgres@127.0.0.1:$PORT/postgres"
if ! PGCONNECT_TIMEOUT=5 psql "$URL" -w -tAc 'SELECT 1' >/dev/null 2>&1; then
  PW_FILE="$D/postgres.pw"
  [ -f "$PW_FILE" ] || head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$PW_FILE"
  PW="$(cat "$PW_FILE")"
  runuser -u postgres -- psql -p "$PORT" -qc "ALTER ROLE postgres PASSWORD '$PW'" >/dev/null
  URL="postgres://postgres:$PW@127.0.0.1:$PORT/postgres"
  PGCONNECT_TIMEOUT=5 psql "$URL" -w -tAc 'SELECT 1' >/dev/null || { log "cannot connect as postgres"; exit 1; }
  log "postgres: password authentication on 127.0.0.1"
fi

LINE="export DDEX_TEST_PG_URL=$URL"
printf '%s\n' "$LINE" >"$D/env-postgres"
printf '%s\n' "$LINE"
