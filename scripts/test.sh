#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to every test passing: installs, checks the C++ is
# formatted as .clang-format says, builds the wasm module and the native debug build (ASan + UBSan,
# warnings as errors), runs the .clang-tidy checks over it, runs both suites with ctest, then
# fuzzes each network parser briefly (CVW_FUZZ_SECONDS per target, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/check-format.sh
scripts/build.sh debug
scripts/check-tidy.sh

export NODE_PATH=/usr/share/nodejs
echo "cvw: core and bindings as wasm under node"
ctest --preset wasm
echo "cvw: native units, server over sockets, browser end to end"
ctest --preset debug
echo "cvw: a short fuzzing run of each parser (scripts/fuzz.sh)"
scripts/fuzz.sh "${CVW_FUZZ_SECONDS:-10}"
