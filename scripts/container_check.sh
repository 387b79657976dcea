#!/usr/bin/env bash
# The container image, built and run against the local PostgreSQL (docs/deploy.md, "With the
# container image"): build the image, check its promises from inside (no compiler, not root),
# then follow docs/deploy.md with it: generated keys as secret files, migrate, collectstatic,
# the start-up check, the first application manager, the web server and the worker as
# containers, docker's own health check, /ready/, a login with the code app and a page, the
# invariants and the audit chain. Not part of .ci/run: it needs a docker daemon, and CI has none.
#
#   scripts/container_check.sh
#
# DOCKER_HOST as usual. PYTHON_IMAGE: the base image (default python:3.11-slim-bookworm). Where
# no registry of images can be reached, BASE_STANDIN=1 makes a stand-in of the same Python on
# Debian bookworm with debootstrap (Debian's python3 3.11, the host's CA certificates) and
# builds on that.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$PWD/.venv/bin
PORT=${CONTAINER_CHECK_PORT:-8766}
DB=${CONTAINER_CHECK_DB:-eenloket_container}
IMAGE=${IMAGE:-eenloket:check}
PYTHON_IMAGE=${PYTHON_IMAGE:-python:3.11-slim-bookworm}
export PGPASSWORD=eenloket
WORK=$(mktemp -d)
containers=()
cleanup() {
  for c in "${containers[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

if [ "${BASE_STANDIN:-0}" = 1 ]; then
  PYTHON_IMAGE=eenloket-local/python-standin:3.11-bookworm
  if ! docker image inspect "$PYTHON_IMAGE" >/dev/null 2>&1; then
    step "a stand-in base image: Debian bookworm with python3 (debootstrap)"
    root=$WORK/rootfs
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates bookworm \
      "$root" http://deb.debian.org/debian >"$WORK/debootstrap.log"
    # The host's CA certificates: a TLS-inspecting proxy on the way to the package indexes.
    cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    tar -C "$root" -c . | docker import -c 'CMD ["python3"]' - "$PYTHON_IMAGE" >/dev/null
  fi
fi

step "build the image ($IMAGE on $PYTHON_IMAGE)"
DOCKER_BUILDKIT=0 docker build --network host --build-arg "PYTHON_IMAGE=$PYTHON_IMAGE" \
  -t "$IMAGE" . >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
docker image inspect "$IMAGE" --format 'size: {{.Size}} bytes, user: {{.Config.User}}'

step "its promises, from inside: not root, no compiler or build tool, Pango for WeasyPrint"
docker run --rm --network none --entrypoint sh "$IMAGE" -c '
  test "$(id -u)" != 0 || { echo "runs as root"; exit 1; }
  for tool in gcc cc c++ make ld uv pip3; do
    if command -v "$tool" >/dev/null; then echo "build tool in the image: $tool"; exit 1; fi
  done
  python3 -c "import weasyprint, psycopg; print(\"weasyprint\", weasyprint.__version__, \"psycopg\", psycopg.__version__, psycopg.pq.__impl__)"
'

step "docs/deploy.md steps 1-3: a database of its own, generated keys as secret files"
dropdb -h 127.0.0.1 -U eenloket --if-exists --force "$DB"
createdb -h 127.0.0.1 -U eenloket "$DB"
SECRETS=$WORK/secrets DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/$DB \
  scripts/compose_secrets.sh >/dev/null
run_args=(--network host -v "$WORK/secrets:/run/secrets:ro"
  -e SECRET_KEY_FILE=/run/secrets/secret_key
  -e EENLOKET_FIELD_KEYS_FILE=/run/secrets/field_keys
  -e EENLOKET_PSEUDONYM_KEY_FILE=/run/secrets/pseudonym_key
  -e EENLOKET_LOG_SIGNING_KEY_FILE=/run/secrets/log_signing_key
  -e EENLOKET_BSN_HASH_KEY_FILE=/run/secrets/bsn_hash_key
  -e DATABASE_URL_FILE=/run/secrets/database_url
  -e ALLOWED_HOSTS=127.0.0.1 -e "CSRF_TRUSTED_ORIGINS=https://127.0.0.1:$PORT"
  -e EENLOKET_BEHIND_TLS_PROXY=1 -e "EENLOKET_BIND=127.0.0.1:$PORT" -e WEB_CONCURRENCY=2
  -v "$WORK/var:/var/lib/eenloket")
mkdir -p "$WORK/var" && chown 10001:10001 "$WORK/var"
eenloket() { docker run --rm "${run_args[@]}" "$IMAGE" eenloket "$@"; }

step "steps 4-5 and 7: migrate, collectstatic, the start-up check, the first application manager"
eenloket migrate --noinput >/dev/null
eenloket collectstatic --noinput >/dev/null
eenloket check --deploy --fail-level ERROR
eenloket createmanager beheer --name "Bea Beheer" --email bea@example.nl \
  --organisation "Gemeente Proefstad" >"$WORK/manager.txt"
password=$(sed -n 's/^first password: //p' "$WORK/manager.txt")

step "step 8: the web server (the image's own command) and the worker, as containers"
web=eenloket-check-web-$$ worker=eenloket-check-worker-$$
docker run -d --name "$web" "${run_args[@]}" "$IMAGE" >/dev/null
containers+=("$web")
docker run -d --name "$worker" "${run_args[@]}" "$IMAGE" \
  eenloket worker --interval 5 --heartbeat /tmp/eenloket-worker.alive >/dev/null
containers+=("$worker")
for _ in $(seq 60); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$web")" = healthy ] && break
  sleep 1
done
docker inspect -f 'web container: {{.State.Health.Status}}' "$web"
[ "$(docker inspect -f '{{.State.Health.Status}}' "$web")" = healthy ] || {
  docker logs "$web" | tail -40
  exit 1
}
curl -fsS "http://127.0.0.1:$PORT/ready/"

step "step 10: a login with the code app and a page; the worker alive; invariants; audit chain"
if ! "$BIN/python" scripts/deploy_smoke.py "http://127.0.0.1:$PORT" beheer "$password"; then
  docker logs "$web" | tail -40
  exit 1
fi
docker exec "$worker" python3 -c "import os, time; age = time.time() - os.path.getmtime('/tmp/eenloket-worker.alive'); assert age < 120, age; print(f'worker heartbeat {age:.0f} s old')"
docker exec "$web" eenloket invariants
docker exec "$web" eenloket audit verify
for c in "${containers[@]}"; do docker rm -f "$c" >/dev/null; done
containers=()
dropdb -h 127.0.0.1 -U eenloket --force "$DB"
echo "container check: passed"
