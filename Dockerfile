# NixFleet dashboard: one Node process (server.ts: Next.js pages, Socket.IO gateway, Prisma store)
# with its SQLite database in the /data volume. Migrations are applied by the server at start.
#
#   docker build -t nixfleet-dashboard .
#   docker compose up -d            # reads .env: NIXFLEET_PASSWORD_HASH, _SESSION_SECRET, _AGENT_TOKEN

# --- build: dependencies, then the Next.js app and dist/server.mjs ----------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /app

# better-sqlite3 is compiled from source when its prebuilt binary cannot be downloaded; the node
# headers come with the base image (/usr/local/include/node).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
ENV NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    npm_config_nodedir=/usr/local \
    npm_config_update_notifier=false

# Dependencies first, so that a source change does not reinstall them. `npm ci` runs
# `prisma generate` (postinstall), which needs the schema.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

# /runtime: the build output and only the files of node_modules the server loads (traced), which
# leaves the build tools, the development dependencies and the compiler behind in this stage.
COPY . .
RUN node scripts/build.mjs \
 && node scripts/runtime-files.mjs /runtime

# --- runtime: Node and what the server loads, as a non-root user ----------------------------------
# Debian slim plus the build stage's Node binary: node:24-bookworm-slim alone is about 290 MB, most
# of it Node's headers and npm, which the dashboard does not run.
FROM debian:bookworm-slim AS runtime
COPY --from=build /usr/local/bin/node /usr/local/bin/node
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    NIXFLEET_DATA_DIR=/data \
    PORT=8000

RUN groupadd --system --gid 10001 nixfleet \
 && useradd --system --uid 10001 --gid nixfleet --home-dir /data --no-create-home --shell /usr/sbin/nologin nixfleet \
 && mkdir -p /data \
 && chown nixfleet:nixfleet /data \
 && chmod 0700 /data

WORKDIR /app
COPY --from=build /runtime ./

USER nixfleet
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=32", "dist/server.mjs"]
