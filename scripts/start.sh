#!/usr/bin/env bash
# `npm start`: installs Bloom's npm packages on first run (or when package-lock.json changed),
# generates the Prisma client, then runs Bloom (web + ingest, embedded Postgres by default).
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bloom: installing npm packages (first run)…"
  # `npm install` honours package-lock.json like `npm ci`; `npm ci` refuses this lock because the
  # registry here lacks the other platforms' optional packages (e.g. @next/swc-darwin-*).
  npm install --no-audit --no-fund --loglevel=error
fi
if [ ! -f lib/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt lib/generated/prisma/client.ts ]; then
  npx --no-install prisma generate >/dev/null
fi
exec node --import tsx worker/start.ts "$@"
