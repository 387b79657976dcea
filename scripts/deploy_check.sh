#!/usr/bin/env bash
# docs/deploy.md, followed step by step on this machine without a container image: a new
# PostgreSQL database, generated keys, production mode, migrate, collectstatic, the start-up
# check, the first application manager, gunicorn and the background worker, a login with the
# code app and a page, the invariants. Used by .ci/run; about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.venv/bin
PORT=${DEPLOY_CHECK_PORT:-8765}
DB=${DEPLOY_CHECK_DB:-eenloket_deploy}
export PGPASSWORD=eenloket
WORK=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# Step 1: PostgreSQL, a database of its own.
dropdb -h 127.0.0.1 -U eenloket --if-exists --force "$DB"
createdb -h 127.0.0.1 -U eenloket "$DB"

# Step 2: keys, one per purpose, generated.
key() { "$BIN/eenloket" generate_field_key; }
export SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(60))')
export EENLOKET_FIELD_KEYS=$(key) EENLOKET_PSEUDONYM_KEY=$(key)
export EENLOKET_LOG_SIGNING_KEY=$(key) EENLOKET_BSN_HASH_KEY=$(key)

# Step 3: mode, hosts, the TLS proxy, the database, where files go.
export EENLOKET_MODE=production ALLOWED_HOSTS=127.0.0.1 EENLOKET_BEHIND_TLS_PROXY=1
export CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$PORT
export DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/$DB EENLOKET_VAR_DIR=$WORK/var
unset EENLOKET_DEMO_LOGIN EENLOKET_DEBUG EENLOKET_CLOCK_SHIFT

# Step 5: schema and static files. Step 6: the start-up check.
"$BIN/eenloket" migrate --noinput >/dev/null
"$BIN/eenloket" collectstatic --noinput >/dev/null
"$BIN/eenloket" check --deploy --fail-level ERROR

# Step 7: the first application manager, the only way in.
"$BIN/eenloket" createmanager beheer --name "Bea Beheer" --email bea@example.nl \
  --organisation "Gemeente Proefstad" >"$WORK/manager.txt"
password=$(sed -n 's/^first password: //p' "$WORK/manager.txt")

# Step 8: the processes.
# The same command as docs/deploy.md and the image (core/tests/test_container.py).
EENLOKET_BIND=127.0.0.1:$PORT WEB_CONCURRENCY=2 \
  "$BIN/gunicorn" --config python:eenloket.gunicorn_config eenloket.wsgi:application \
  >"$WORK/gunicorn.log" 2>&1 &
pids+=($!)
"$BIN/eenloket" worker --interval 5 --heartbeat "$WORK/worker.alive" >"$WORK/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/ready/" && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/health/" "http://127.0.0.1:$PORT/ready/"

# Step 11: check it runs: a login with the code app and a page; the invariants.
if ! "$BIN/python" scripts/deploy_smoke.py "http://127.0.0.1:$PORT" beheer "$password"; then
  tail -40 "$WORK/gunicorn.log"
  exit 1
fi
kill -0 "${pids[1]}" || { echo "the background worker stopped:"; cat "$WORK/worker.log"; exit 1; }
test -e "$WORK/worker.alive" || { echo "the worker never finished a round:"; cat "$WORK/worker.log"; exit 1; }
"$BIN/eenloket" invariants
"$BIN/eenloket" audit verify
# Stop the server and the worker before the database goes (they hold connections to it).
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()
dropdb -h 127.0.0.1 -U eenloket --force "$DB"
echo "deploy check: passed"
