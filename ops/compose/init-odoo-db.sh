#!/bin/sh
# The Odoo database server: an admin role that can create roles and databases, not superuser.
# Its password is the one dev-secrets generated (ODOO_DB_ADMIN_PASSWORD, exported by ops/compose/dev-secrets.sh).
set -e
: "${ODOO_DB_ADMIN_PASSWORD:?not set: the odoo-db service starts through ops/compose/dev-secrets.sh}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -c "CREATE ROLE odoo_admin LOGIN CREATEDB CREATEROLE PASSWORD '${ODOO_DB_ADMIN_PASSWORD}'"
