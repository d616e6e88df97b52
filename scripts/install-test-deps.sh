#!/usr/bin/env bash
# Installs the Debian packages the integration and e2e tests run for real
# (PostgreSQL 15, Redis, RabbitMQ, Celery on /usr/bin/python3, nginx, Chromium).
#
# Idempotent: asks dpkg which packages are missing and only then touches apt,
# so a warm CI cache or a developer machine pays ~50 ms instead of an
# `apt-get update`. Needs root (or sudo) on Debian 12; works without systemd.
#
# The test rig (e2e/rig/) starts every server itself on free loopback ports with
# its own data folders, so a service that apt happens to auto-start on a
# systemd host does no harm, and we deliberately do not start or enable any.
#
# Usage: scripts/install-test-deps.sh [--check]
#   --check  only report missing packages (exit 1 if any), install nothing.
set -euo pipefail

CHECK_ONLY=0
case "${1:-}" in
  --check) CHECK_ONLY=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

PACKAGES=(
  postgresql
  redis-server
  rabbitmq-server
  python3-celery
  python3-redis
  python3-amqp
  python3-kombu
  nginx
  openssl
  curl
  chromium
  systemd   # systemd-analyze verify checks deploy/systemd/*.service (works without systemd running)
)

started=$(date +%s)

missing=()
for pkg in "${PACKAGES[@]}"; do
  # `dpkg -s` exits 0 for half-removed packages too; the status field is the truth.
  status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != ii* ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-test-deps: all ${#PACKAGES[@]} packages already installed ($(($(date +%s) - started)) s)"
  exit 0
fi

if [[ $CHECK_ONLY -eq 1 ]]; then
  echo "install-test-deps: missing ${missing[*]} (run $0 to install)" >&2
  exit 1
fi

echo "install-test-deps: installing ${missing[*]}"

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-test-deps: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

# Without systemd, invoke-rc.d may still try to start services from package
# scripts; policy-rc.d answering 101 ("action forbidden") keeps apt from
# starting anything, and we restore whatever was there before.
policy=/usr/sbin/policy-rc.d
restore_policy() { :; }
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
  "${SUDO[@]}" chmod 755 "$policy"
  restore_policy() { "${SUDO[@]}" rm -f "$policy"; }
fi
trap restore_policy EXIT

"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"

echo "install-test-deps: installed ${#missing[@]} package(s) in $(($(date +%s) - started)) s"
