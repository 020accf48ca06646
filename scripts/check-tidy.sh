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
# The compile commands carry GCC's warning flags and -Werror: compiler warnings are GCC's to report
# (the build does), so here they stay warnings and only the checks of .clang-tidy fail the run.
run-clang-tidy -quiet -p "$db" -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option -extra-arg=-Wno-error \
  "${files[@]/#/$PWD/}" \
  > "$db/clang-tidy.log" 2>&1 || {
  sed 's/\x1b\[[0-9;]*m//g' "$db/clang-tidy.log" | grep -E 'error:' | sort -u >&2 || tail -20 "$db/clang-tidy.log" >&2
  echo "cvw: clang-tidy found the above (full log: $db/clang-tidy.log)" >&2
  exit 1
}
echo "cvw: clang-tidy is clean"
