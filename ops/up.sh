#!/usr/bin/env bash
# `npm run up`: from a fresh clone to a running platform. Installs dependencies, makes sure
# PostgreSQL, Redis, RabbitMQ and the Docker Engine are up, builds the Odoo stand-in image,
# composes the supergraph, builds the console, starts the five subgraphs, the worker and the gateway (each
# applies its migrations at start), waits until all are ready and prints the gateway URL.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "→ installing dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "→ backing services"
bash ops/services/ensure-services.sh
echo "→ Odoo stand-in image (used when the official odoo image is not available locally)"
bash ops/odoo-standin/build.sh >/dev/null
echo "→ supergraph"
node --import tsx ops/schema/compose.ts
echo "→ console (static files the gateway serves at /)"
node --import tsx ops/console/build.ts
echo "→ processes"
node --import tsx ops/stack/up.ts
echo "(npm run up took $(( $(date +%s) - started )) s)"
