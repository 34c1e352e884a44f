#!/usr/bin/env bash
# Everything the tests need on a fresh Debian machine: apt packages (waiting up to 10 min for another
# apt/dpkg to release its lock instead of failing at once), npm dependencies,
# a running Docker engine with the local test image, and the cached VS Code server for E2E.
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=()
# iproute2, util-linux (nsenter, unshare): the local swarm cluster of test/swarm (scripts/swarm-cluster.sh).
for p in docker.io docker-compose busybox-static debootstrap chromium libkrb5-dev stress-ng iproute2 util-linux; do
  dpkg -s "$p" >/dev/null 2>&1 || pkgs+=("$p")
done
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "installing apt packages: ${pkgs[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${pkgs[@]}" >/dev/null
fi
npm ci --no-audit --no-fund
bash scripts/docker-env.sh
if [ -f scripts/e2e-setup.sh ]; then bash scripts/e2e-setup.sh; fi
