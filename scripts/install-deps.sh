#!/usr/bin/env bash
# Installs everything cvw needs to build, run and test on Debian 12 (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libboost1.81-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libsodium-dev zlib1g-dev libbrotli-dev brotli
  libtomlplusplus-dev libcli11-dev libcpp-jwt-dev libsofia-sip-ua-dev libspandsp-dev libpugixml-dev libical-dev
  googletest libgtest-dev
  emscripten node-acorn binaryen esbuild
  nodejs chromium fonts-wqy-microhei
  kamailio kamailio-tls-modules kamailio-presence-modules openssl sip-tester baresip-core
  janus espeak-ng sox
  clang libclang-rt-14-dev llvm clang-format clang-tidy
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
# A machine may already carry a newer Node.js with npm built in; Debian's nodejs needs the npm package.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  echo "cvw: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Browser tests drive Debian's Chromium through playwright-core; never download a browser.
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "cvw: installing playwright-core"
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
