#!/bin/sh
# Creates the five subgraph roles and databases in the compose PostgreSQL (first start only),
# with the password dev-secrets generated (DATABASE_PASSWORD, exported by ops/compose/dev-secrets.sh).
set -e
: "${DATABASE_PASSWORD:?not set: the postgres service starts through ops/compose/dev-secrets.sh}"
for name in auth tenant user billing instance; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE saas_${name} LOGIN PASSWORD '${DATABASE_PASSWORD}';
CREATE DATABASE saas_${name} OWNER saas_${name};
SQL
done
