#!/bin/sh
# Development keys and passwords for `docker compose up` without edits: the compose file
# commits none (production, which the image is, refuses the published development defaults).
#   dev-secrets.sh generate        the `dev-secrets` service: writes $DIR/keys.env once (first start)
#   dev-secrets.sh <command ...>   entry point of the services holding keys (and of PostgreSQL,
#                                  the Odoo database server and RabbitMQ, whose first start
#                                  creates the logins): exports each key the environment does not
#                                  set already, puts the generated password into DATABASE_URL,
#                                  ODOO_DB_ADMIN_URL and AMQP_URL when they name a user without
#                                  one, then runs the command
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
  # Passwords go into URLs: hex only, nothing to escape.
  for name in DATABASE_PASSWORD ODOO_DB_ADMIN_PASSWORD AMQP_PASSWORD; do
    grep -q "^$name=" "$FILE" && continue
    echo "$name=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')" >>"$FILE"
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

# scheme://user@host... (a user, no password) gets <NAME without _URL>_PASSWORD: DATABASE_URL
# DATABASE_PASSWORD, ODOO_DB_ADMIN_URL ODOO_DB_ADMIN_PASSWORD, AMQP_URL AMQP_PASSWORD.
for name in DATABASE_URL ODOO_DB_ADMIN_URL AMQP_URL; do
  eval "url=\${$name:-}"
  eval "password=\${${name%_URL}_PASSWORD:-}"
  # shellcheck disable=SC2154 # set by the evals above
  case "$url" in
    *://*:*@* | '') ;;
    *://*@*) [ -n "$password" ] && export "$name=$(printf '%s' "$url" | sed "s#^\([a-z0-9+.-]*://[^@/:]*\)@#\1:$password@#")" ;;
  esac
done
# RabbitMQ's image creates its first user from these (compose sets the user).
if [ -n "${RABBITMQ_DEFAULT_USER:-}" ] && [ -z "${RABBITMQ_DEFAULT_PASS:-}" ] && [ -n "${AMQP_PASSWORD:-}" ]; then
  export RABBITMQ_DEFAULT_PASS="$AMQP_PASSWORD"
fi
exec "$@"
