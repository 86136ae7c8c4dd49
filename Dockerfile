# One image for every process of the platform; docker-compose.yml picks the command.
# Build: docker build -t odoo-saas .   (the build context is the repository root)
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx nx run-many -t build --projects='*-subgraph,gateway,provisioning-worker' \
 && node --import tsx ops/console/build.ts

FROM node:20-bookworm-slim
# pg_dump/pg_restore for backups taken by the worker.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client ca-certificates && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production LISTEN_HOST=0.0.0.0
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/libs ./libs
COPY --from=build /app/subgraphs ./subgraphs
COPY --from=build /app/gateway ./gateway
COPY --from=build /app/provisioning-worker ./provisioning-worker
COPY --from=build /app/tests/package.json ./tests/package.json
# The console and the offline explorer: static files the gateway serves (its packages are all build-time).
COPY --from=build /app/console/package.json ./console/package.json
COPY --from=build /app/console/dist ./console/dist
COPY --from=build /app/schema ./schema
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts=false
USER node
