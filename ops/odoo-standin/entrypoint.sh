#!/bin/sh
# /entrypoint.sh of the saas-odoo-standin image: the same dispatch as the official odoo
# image's entrypoint. `odoo ...`, `-- ...` or options alone run the (stand-in) Odoo server,
# anything else is executed as a command (e.g. `docker run --rm IMAGE sh`).
#
# The official entrypoint turns HOST/PORT/USER/PASSWORD (and PASSWORD_FILE) into
# --db_host/--db_port/--db_user/--db_password; /usr/bin/odoo here reads them itself, so they
# also apply to `docker exec CONTAINER odoo ...`, and no password appears in the process list.
set -e

if [ -n "${PASSWORD_FILE:-}" ]; then
  PASSWORD=$(cat "$PASSWORD_FILE")
  export PASSWORD
fi

case "${1:-odoo}" in
  -- | odoo)
    [ $# -eq 0 ] || shift
    exec odoo "$@"
    ;;
  -*)
    exec odoo "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
