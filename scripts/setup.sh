#!/usr/bin/env bash
# Once per machine (Debian 12, as root): the system packages the project needs, then the npm
# packages from the lockfile. CI runs exactly this before the tests.
#   softhsm2  virtual smart cards        opensc    pkcs11-tool, used to provision them
#   chromium  the window and the "system browser" for `npm run preview` and the e2e tests
#   pcscd vsmartcard-vpcd opensc-pkcs11  real card middleware: OpenSC over PC/SC with the virtual
#             PIV cards in vpcd's virtual readers (authority/cards/piv, test/pcsc)
#   iproute2  the quickack route the virtual cards use (see below)
# `--if-needed` (run by `npm test` and `npm run preview` before anything else) returns at once when
# this script already ran for the current lockfile and every package is installed, so the README's
# two commands work by themselves on a fresh clone and cost nothing afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
APT_PACKAGES=(softhsm2 opensc chromium fonts-dejavu-core ca-certificates pcscd vsmartcard-vpcd opensc-pkcs11 iproute2)
stamp_file=node_modules/.setup-stamp
stamp=$(sha256sum package-lock.json | cut -d" " -f1)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
npm_current=false
[ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ] && [ -x node_modules/.bin/node ] && npm_current=true
if [ "${1:-}" = "--if-needed" ]; then
  if [ ${#missing[@]} -eq 0 ] && $npm_current; then exit 0; fi
  echo "setup: first run on this machine, or the lockfile changed: installing what is missing …" >&2
fi

if [ "${1:-}" != "--if-needed" ] || [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    if [ ${#missing[@]} -gt 0 ]; then
      echo "setup: missing Debian packages: ${missing[*]}. Run this script as root on Debian 12, or install them." >&2
      exit 1
    fi
  else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${APT_PACKAGES[@]}"
  fi
fi
if [ "${1:-}" != "--if-needed" ] || ! $npm_current; then
  # npm ci also installs Node 24 (the Node Electron 45 bundles) into node_modules from the registry;
  # `npm run …` puts node_modules/.bin first on PATH, so everything runs on it, not the system Node.
  npm ci --no-audit --no-fund
  echo "$stamp" > "$stamp_file"
fi
# vpcd writes a command's length and body separately; on plain loopback Nagle + delayed ACK add
# ~45 ms to every card command. The virtual cards connect via 127.0.0.2, which this route ACKs at
# once (authority/cards/piv/quickack-route.ts; needs root, and is gone after a reboot — the PC/SC
# harness re-adds it when it runs as root).
if [ "$(id -u)" = 0 ] && command -v ip >/dev/null; then
  ip route replace local 127.0.0.2/32 dev lo table local quickack 1 2>/dev/null \
    || echo "setup: could not add the quickack route for 127.0.0.2 (no CAP_NET_ADMIN?): virtual cards will be slower" >&2
fi
