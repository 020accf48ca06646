#!/usr/bin/env bash
# Builds the libFuzzer targets (preset fuzz: clang, ASan + UBSan) and runs each one for a while on a
# scratch copy of its seed corpus. Fails when any target crashes, leaks, times out or breaks a
# property; the input that did it is kept in build/fuzz/crashes/. Prints executions and coverage.
# Usage: scripts/fuzz.sh [seconds-per-target] [target...]   (default 10 s; targets: tests/fuzz/*_fuzz.cpp)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
shift || true

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in tests/fuzz/*_fuzz.cpp; do
    name="$(basename "$f")"
    targets+=("${name%_fuzz.cpp}")
  done
fi

launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
echo "cvw: building the fuzz targets (clang, libFuzzer, ASan + UBSan)"
cmake --preset fuzz "${launcher[@]}" >/dev/null
cmake --build --preset fuzz --target "${targets[@]/%/_fuzz}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
crashes=build/fuzz/crashes
mkdir -p "$crashes"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

failed=()
printf '%-18s %12s %8s %8s %8s  %s\n' target executions cov ft corpus result
for t in "${targets[@]}"; do
  mkdir -p "$scratch/$t/corpus" "$scratch/$t/found"
  cp -R "tests/fuzz/corpus/$t/." "$scratch/$t/corpus/"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  log="$scratch/$t/log"
  status=ok
  # Seeds first (read-only), new inputs go to the scratch corpus; -timeout is per input.
  if ! "build/fuzz/tests/fuzz/${t}_fuzz" "$scratch/$t/corpus" "${dict[@]}" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$scratch/$t/found/" -print_final_stats=1 >"$log" 2>&1; then
    status=FAILED
    failed+=("$t")
  fi
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  last="$(grep -E '^#[0-9]+' "$log" | tail -1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  corp="$(sed -n 's/.* corp: \([0-9]*\)\/.*/\1/p' <<<"$last")"
  printf '%-18s %12s %8s %8s %8s  %s\n' "$t" "${execs:--}" "${cov:--}" "${ft:--}" "${corp:--}" "$status"
  if [ "$status" != ok ]; then
    grep -E 'ERROR|SUMMARY|property broken|runtime error' "$log" | head -20 || true
    for a in "$scratch/$t/found/"*; do
      [ -e "$a" ] || continue
      cp "$a" "$crashes/${t}-$(basename "$a")"
      echo "  input kept: $crashes/${t}-$(basename "$a") (replay: build/fuzz/tests/fuzz/${t}_fuzz <file>)"
    done
    cp "$log" "$crashes/${t}.log"
    echo "  full log: $crashes/${t}.log"
  fi
done

if ((${#failed[@]})); then
  echo "cvw: fuzzing found problems in: ${failed[*]}"
  exit 1
fi
echo "cvw: no crash in ${#targets[@]} targets, ${seconds} s each"
