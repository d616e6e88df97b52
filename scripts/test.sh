#!/usr/bin/env bash
# `npm test`: the whole test suite on a fresh machine. Installs what it needs (Debian
# packages when missing, npm packages, the Prisma client), then runs lint, typecheck, schema
# drift check, unit, integration (real Postgres/Redis/RabbitMQ/Celery) and end-to-end
# (Chromium) layers, and prints a timing summary. Every layer runs even when one fails.
set -uo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1 NEXT_TELEMETRY_DISABLED=1 PRISMA_HIDE_UPDATE_MESSAGE=1 CI="${CI:-true}"
results_dir=$(mktemp -d -t bloom-test-results.XXXXXX)
summary=()
failed_layers=0
total_passed=0
total_failed=0

layer() { # layer <name> <command...>
  local name=$1; shift
  local started=$(date +%s)
  echo
  echo "=== $name ==="
  "$@"
  local code=$?
  local took=$(( $(date +%s) - started ))
  if [ $code -eq 0 ]; then summary+=("$(printf '%-12s ok      %4ss' "$name" "$took")")
  else summary+=("$(printf '%-12s FAILED  %4ss' "$name" "$took")"); failed_layers=$((failed_layers + 1)); fi
  return $code
}

# counts passed/failed tests from a vitest or playwright JSON report
count_report() { # count_report <file>
  [ -f "$1" ] || return 0
  local counts
  counts=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    let p = 0, f = 0;
    if (r.stats && r.stats.expected !== undefined) { p = r.stats.expected + (r.stats.flaky || 0); f = r.stats.unexpected; }
    else { p = r.numPassedTests || 0; f = (r.numFailedTests || 0); }
    console.log(p + " " + f);' "$1") || return 0
  total_passed=$((total_passed + ${counts% *}))
  total_failed=$((total_failed + ${counts#* }))
}

layer install bash -c '
  set -e
  bash scripts/install-test-deps.sh
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then for try in 1 2 3; do npm install --no-audit --no-fund --loglevel=error && break; [ $try -eq 3 ] && exit 1; echo "npm install failed (registry hiccup?); retrying"; sleep 5; done; fi  # see start.sh on npm ci
  npx --no-install prisma generate >/dev/null
  echo "prisma client generated"' || { echo "install failed; cannot run the tests"; exit 1; }

layer lint npx --no-install eslint .
layer typecheck npx --no-install tsc --noEmit
layer unit npx --no-install vitest run --project unit --reporter=default --reporter=json --outputFile.json="$results_dir/unit.json"
count_report "$results_dir/unit.json"
layer integration npx --no-install vitest run --project integration --reporter=default --reporter=json --outputFile.json="$results_dir/integration.json"
count_report "$results_dir/integration.json"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results_dir/e2e.json" layer e2e npx --no-install playwright test --reporter=list,json
count_report "$results_dir/e2e.json"

echo
echo "=== summary ==="
printf '%s\n' "${summary[@]}"
rm -rf "$results_dir"
# the plain closing line CI reads
echo "tests: $total_passed passed, $total_failed failed"
[ $failed_layers -eq 0 ]
