#!/bin/sh
# Development keys for `docker compose up` without edits: the compose file commits no key
# (production, which the image is, refuses the published development defaults).
#   dev-secrets.sh generate        the `dev-secrets` service: writes $DIR/keys.env once (first start)
#   dev-secrets.sh <command ...>   entry point of the services holding keys: exports each key
#                                  the environment does not set already, then runs the command
# A key set in the environment (or a `.env` beside docker-compose.yml) always wins.
set -eu
DIR=${DEV_SECRETS_DIR:-/run/dev-secrets}
FILE="$DIR/keys.env"

if [ "${1:-}" = generate ]; then
  # Each key once: a volume from before a key existed gets only the missing one.
  umask 022
  touch "$FILE"
  added=""
  for name in SECRETS_KEY LINK_SIGNING_KEY GATEWAY_SECRET; do
    grep -q "^$name=" "$FILE" && continue
    echo "$name=$(head -c 32 /dev/urandom | base64 | tr -d '\n')" >>"$FILE"
    added="$added $name"
  done
  echo "dev-secrets: ${added:+generated$added into $FILE (volume dev-secrets); }keeping the others"
  exit 0
fi

if [ -s "$FILE" ]; then
  while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    # Not `IFS='=' read name value`: shells strip the trailing "=" of base64 from the last field.
    name=${line%%=*}
    value=${line#*=}
    eval "current=\${$name:-}"
    # shellcheck disable=SC2154 # set by the eval above
    [ -n "$current" ] || export "$name=$value"
  done <"$FILE"
fi
exec "$@"
