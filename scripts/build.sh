#!/usr/bin/env bash
# Builds the wasm module and a native preset (default: release): all of it, or only the named
# targets (the demo needs only cvw-server and cvw-admin).
# Usage: scripts/build.sh [release|debug] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift $(( $# > 0 ? 1 : 0 ))
targets=()
for target in "$@"; do targets+=(--target "$target"); done
export NODE_PATH=/usr/share/nodejs # Debian's emscripten finds acorn there

echo "cvw: building the browser module (wasm)"
cmake --preset wasm >/dev/null
cmake --build --preset wasm
echo "cvw: building the server ($preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" "${targets[@]}"
