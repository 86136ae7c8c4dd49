#!/bin/sh
# The Odoo database server: an admin role that can create roles and databases, not superuser.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" -c "CREATE ROLE odoo_admin LOGIN CREATEDB CREATEROLE PASSWORD 'odoo_admin_dev'"
