#!/usr/bin/env bash
# Once per machine (Debian 12, as root): the system packages the project needs, then the npm
# packages from the lockfile. CI runs exactly this before the tests.
#   softhsm2  virtual smart cards        opensc    pkcs11-tool, used to provision them
#   chromium  the window and the "system browser" for `npm run preview` and the e2e tests
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends softhsm2 opensc chromium fonts-dejavu-core ca-certificates
# npm ci also installs Node 24 (the Node Electron 45 bundles) into node_modules from the registry;
# `npm run …` puts node_modules/.bin first on PATH, so everything runs on it, not the system Node.
npm ci --no-audit --no-fund
