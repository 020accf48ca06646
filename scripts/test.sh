#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to every test passing: installs, builds the wasm module
# and the native debug build (ASan + UBSan, warnings as errors), then runs both suites with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh debug

export NODE_PATH=/usr/share/nodejs
echo "cvw: core and bindings as wasm under node"
ctest --preset wasm
echo "cvw: native units, server over sockets, browser end to end"
ctest --preset debug
