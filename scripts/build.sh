#!/usr/bin/env bash
# Builds the wasm module and a native preset (default: release). Usage: scripts/build.sh [release|debug]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
export NODE_PATH=/usr/share/nodejs # Debian's emscripten finds acorn there

echo "cvw: building the browser module (wasm)"
cmake --preset wasm >/dev/null
cmake --build --preset wasm
echo "cvw: building the server ($preset)"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
