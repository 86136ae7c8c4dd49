#!/bin/sh
# Creates the five subgraph roles and databases in the compose PostgreSQL (first start only).
set -e
for name in auth tenant user billing instance; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" <<SQL
CREATE ROLE saas_${name} LOGIN PASSWORD 'saas_${name}_dev';
CREATE DATABASE saas_${name} OWNER saas_${name};
SQL
done
