# syntax=docker/dockerfile:1
# Bloom's image: one image for the web console, the ingest worker and `bloom migrate`;
# docker-compose.yml picks the command. Three stages: the npm packages, the build (Prisma
# client + Next.js production build), and a slim runtime that runs as an unprivileged user
# and cannot change its own code.
#
# Not built on Bloom's CI machines (no Docker engine there): deploy/dockerfile.test.ts
# checks its structure. Build: docker build -t bloom:0.1.0 .   (or: docker compose build)

ARG NODE_IMAGE=node:20.19-bookworm-slim

# --- npm packages (all of them: the build needs the dev tools) --------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1 npm_config_update_notifier=false
COPY package.json package-lock.json ./
# `npm install` installs exactly what package-lock.json pins, as `npm ci` would; `npm ci`
# itself refuses this lock file, which lacks other platforms' optional packages
# (@next/swc-darwin-*, ...) because the registry the lock was made from does not carry them.
RUN npm install --no-audit --no-fund --loglevel=error

# --- build -------------------------------------------------------------------------------------
FROM deps AS build
# Next.js bakes the URL prefix into the build (basePath), so the image serves the prefix it was
# built for: `docker compose build` passes BLOOM_URL_PREFIX from .env. `npm run build` is
# Bloom's build (worker/launcher/build.ts): it normalises the prefix as the web server does and
# names the build folder after it (.next, or .next-<prefix> with its tsconfig), which then
# moves to web-build/ so the runtime stage can copy it without knowing its name. A container
# started with another prefix stops at once and says to rebuild.
ARG BLOOM_URL_PREFIX=""
ENV BLOOM_URL_PREFIX=${BLOOM_URL_PREFIX}
COPY . .
RUN npx --no-install prisma generate \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund --loglevel=error \
 && mkdir web-build \
 && mv .next* web-build/

# --- runtime -----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ARG BLOOM_URL_PREFIX=""
ENV NODE_ENV=production \
    BLOOM_ENV=production \
    BLOOM_ADDRESS=0.0.0.0 \
    BLOOM_PORT=5555 \
    BLOOM_URL_PREFIX=${BLOOM_URL_PREFIX} \
    BLOOM_DATA_DIR=/var/lib/bloom \
    LOG_FORMAT=json \
    CHECKPOINT_DISABLE=1 \
    NEXT_TELEMETRY_DISABLED=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
WORKDIR /app
# A fixed uid/gid, so volume permissions and Kubernetes' runAsNonRoot can name it.
RUN groupadd --system --gid 10001 bloom \
 && useradd --system --uid 10001 --gid bloom --home-dir /var/lib/bloom --shell /usr/sbin/nologin bloom \
 && install -d -o bloom -g bloom -m 0750 /var/lib/bloom
# The code belongs to root and is only readable by Bloom; only Next's build folder is its own (for its cache).
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json /app/tsconfig.json /app/next.config.mjs /app/prisma.config.ts ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/lib ./lib
COPY --from=build --chown=root:root /app/app ./app
COPY --from=build --chown=root:root /app/components ./components
COPY --from=build --chown=root:root /app/worker ./worker
COPY --from=build --chown=root:root /app/prisma ./prisma
COPY --from=build --chown=root:root /app/scripts ./scripts
COPY --from=build --chown=root:root /app/proxy.ts ./proxy.ts
COPY --from=build --chown=bloom:bloom /app/web-build/ ./
# Web and ingest run from their bundles (npm run build made them; worker/launcher/process-bundles.ts).
COPY --from=build --chown=root:root /app/.bloom/build ./.bloom/build
RUN ln -s /app/bin/bloom.mjs /usr/local/bin/bloom
USER 10001:10001
EXPOSE 5555
# Web containers answer /healthcheck; docker-compose.yml gives ingest containers their own probe.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.mjs", "web"]
CMD ["node", ".bloom/build/web-server.mjs"]
