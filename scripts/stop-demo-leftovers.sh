#!/usr/bin/env bash
# Stops what an earlier demo left running when it was killed hard (kill -9, a closed terminal):
# every process recorded in <demo_dir>/*.pids and <demo_dir>/*/*.pids that is still alive and is
# still one of the demo's own programs (a recycled pid is left alone). Exits 1, saying which, if any
# of them will not stop.
# Usage: scripts/stop-demo-leftovers.sh <demo_dir>
set -euo pipefail
demo="$1"
ours='^(kamailio|sipp|janus|cvw-server)$'

alive_and_ours() {
  local pid="$1" name
  name="$(cat "/proc/$pid/comm" 2>/dev/null)" || return 1
  [[ "$name" =~ $ours ]] && return 0
  # A node or a shell is ours only when it runs the demo portal or one of the demo's scripts.
  case "$name" in
    node) tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'demo-portal\.mjs' ;;
    bash | demo-pbx.sh | janus.sh) tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'scripts/\(demo-pbx\|janus\)\.sh' ;;
    *) return 1 ;;
  esac
}

shopt -s nullglob
left=()
files=("$demo"/*.pids "$demo"/*/*.pids)
[ ${#files[@]} -eq 0 ] && exit 0
while read -r pid; do
  [[ "$pid" =~ ^[0-9]+$ ]] && alive_and_ours "$pid" && left+=("$pid")
done < <(cut -d' ' -f1 "${files[@]}" | sort -u)
[ ${#left[@]} -eq 0 ] && { rm -f "$demo"/*.pids "$demo"/*/*.pids; exit 0; }

echo "cvw: stopping what the last demo left running (pids ${left[*]})"
for pid in "${left[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for _ in $(seq 50); do
  still=()
  for pid in "${left[@]}"; do alive_and_ours "$pid" && still+=("$pid"); done
  [ ${#still[@]} -eq 0 ] && { rm -f "$demo"/*.pids "$demo"/*/*.pids; exit 0; }
  sleep 0.1
done
for pid in "${still[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
sleep 0.2
for pid in "${still[@]}"; do
  if alive_and_ours "$pid"; then
    echo "cvw: the last demo's $(cat "/proc/$pid/comm") (pid $pid) will not stop; stop it yourself, then start again" >&2
    exit 1
  fi
done
rm -f "$demo"/*.pids "$demo"/*/*.pids
