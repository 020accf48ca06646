#!/usr/bin/env bash
# Runs the clang-tidy checks of .clang-tidy over the server, the core and the benchmarks, with the
# compile commands of the debug build (scripts/build.sh debug first). Fails on any finding.
# One file: scripts/check-tidy.sh server/app/hub.cpp
set -euo pipefail
cd "$(dirname "$0")/.."

db=build/debug
if [ ! -f "$db/compile_commands.json" ]; then
  echo "cvw: $db/compile_commands.json is missing; run scripts/build.sh debug first" >&2
  exit 1
fi
if (($#)); then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'server/*.cpp' 'shared/*.cpp' 'bench/*.cpp')
fi
echo "cvw: clang-tidy on ${#files[@]} file(s), $(nproc) at a time"
# GCC's warning flags in the compile commands are unknown to clang: not findings.
run-clang-tidy -quiet -p "$db" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option "${files[@]/#/$PWD/}" \
  > "$db/clang-tidy.log" 2>&1 || {
  grep -E 'error:|warning:' "$db/clang-tidy.log" | sort -u >&2 || tail -20 "$db/clang-tidy.log" >&2
  echo "cvw: clang-tidy found the above (full log: $db/clang-tidy.log)" >&2
  exit 1
}
echo "cvw: clang-tidy is clean"
