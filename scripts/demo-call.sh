#!/usr/bin/env bash
# Calls a demo user from a simulated outside phone, through the demo's PBX (scripts/run.sh must be
# running): their page rings, and their desk phone too when simultaneous ring is on.
# Usage: scripts/demo-call.sh <username> [--from <number>] [--give-up <seconds>]
#   --from     the caller's number (default +14255550102, Bob's: the page names him)
#   --give-up  hang up after ringing that long, unanswered: a missed call
set -euo pipefail
cd "$(dirname "$0")/.."
user="${1:-}"
[[ "$user" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "usage: scripts/demo-call.sh <username> [--from <number>] [--give-up <seconds>]" >&2; exit 2; }
shift
from="+14255550102" give_up=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) from="${2:?--from needs a number}"; shift 2 ;;
    --give-up) give_up="${2:?--give-up needs seconds}"; shift 2 ;;
    *) echo "demo-call: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ "$from" =~ ^\+?[0-9]{2,15}$ ]] || { echo "demo-call: --from must be a phone number" >&2; exit 2; }
[[ -z "$give_up" || "$give_up" =~ ^[0-9]{1,3}$ ]] || { echo "demo-call: --give-up takes whole seconds" >&2; exit 2; }
(exec 3<>/dev/tcp/127.0.0.1/5090) 2>/dev/null || { echo "demo-call: no demo PBX on 127.0.0.1:5090; start scripts/run.sh first" >&2; exit 1; }

if [ -n "$give_up" ]; then scenario=caller_gives_up.xml ms=$((give_up * 1000)); else scenario=caller.xml ms=10000; fi
log="$(mktemp -d)/demo-call.log"
echo "demo-call: $from calls $user${give_up:+, giving up after $give_up s}"
if sipp -sf "tests/pbx/sipp/$scenario" 127.0.0.1:5090 -i 127.0.0.1 -p 0 -mp $((20000 + RANDOM % 20000)) -s "cvw-$user" -key caller "$from" \
    -d "$ms" -m 1 -timeout 60 -timeout_error -trace_msg -message_file "$log" -nostdin > /dev/null 2>&1; then
  echo "demo-call: the call ended; its SIP messages are in $log"
elif refused="$(grep -aoE '^SIP/2\.0 [3-6][0-9]{2} [^'$'\r'']*' "$log" | tail -1)" && [ -n "$refused" ]; then
  # Turned away before anyone could answer (no page open and no desk phone to ring, Do not disturb).
  echo "demo-call: the call was refused with ${refused#SIP/2.0 }; its SIP messages are in $log"
else
  echo "demo-call: the call did not go as planned; SIP messages in $log" >&2
  exit 1
fi
