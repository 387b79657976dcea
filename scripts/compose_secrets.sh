#!/usr/bin/env bash
# Generate the secrets compose.yaml reads, one per purpose (docs/deploy.md, step 2): SECRET_KEY,
# the field key, the pseudonym, log-signing and BSN-hash keys, the database password and the
# database address made with it. Each is a file in ./secrets (or $SECRETS), readable only by
# the image's user (uid 10001). A file that exists is never replaced: a new BSN-hash or field
# key would make the data already stored unreadable (docs/operations.md, "Keys"). Back the
# folder up apart from the database dumps.
#
#   scripts/compose_secrets.sh
#
# DATABASE_URL, when set, is written as it is (an existing database); else it points at the
# compose file's own PostgreSQL service "db".
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${SECRETS:-secrets}
umask 077
mkdir -p "$DIR"

# Random bytes from the operating system: 32 bytes in url-safe base64 is what
# `eenloket generate_field_key` prints (a Fernet key); SECRET_KEY is 60 random characters.
key() { python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())'; }
text() { python3 -c 'import secrets; print(secrets.token_urlsafe(60))'; }

write() {
  local name=$1 value=$2
  if [ -e "$DIR/$name" ]; then
    echo "kept:    $DIR/$name (exists)"
    return
  fi
  printf '%s\n' "$value" >"$DIR/$name"
  echo "made:    $DIR/$name"
}

write secret_key "$(text)"
write field_keys "$(key)"
write pseudonym_key "$(key)"
write log_signing_key "$(key)"
write bsn_hash_key "$(key)"
write db_password "$(python3 -c 'import secrets; print(secrets.token_hex(24))')"
write database_url "${DATABASE_URL:-postgres://eenloket:$(cat "$DIR/db_password")@db:5432/eenloket}"

# Compose mounts these files as they are on the host: the image's user must be able to read
# them, nobody else.
if [ "$(id -u)" = 0 ]; then
  chown 10001:10001 "$DIR" "$DIR"/*
  chmod 0400 "$DIR"/*
else
  echo "not root: run 'sudo chown 10001:10001 $DIR/*' so the containers can read them" >&2
fi
