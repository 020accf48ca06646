#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running cvw: installs, builds, creates a demo
# directory on first run, and serves http://127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

scripts/install-deps.sh
scripts/build.sh release cvw-server cvw-admin # the test command builds the tests and benchmarks

demo="$root/demo"
mkdir -p "$demo"
if [ ! -f "$demo/cvw.toml" ]; then
  # CVW_LISTEN_ADDRESS=0.0.0.0 serves beyond this machine (the Docker image does); loopback by default.
  sed -e "s|@ROOT@|$root|g" \
      -e "s|^listen_address = .*|listen_address = \"${CVW_LISTEN_ADDRESS:-127.0.0.1}\"|" \
      docs/cvw.example.toml > "$demo/cvw.toml"
  cat >> "$demo/cvw.toml" <<'TOML'

# local test PBX started by scripts/run.sh (Kamailio + simulated desk phones). Point [pbx] at your
# own PBX and delete this comment to use that instead.
[pbx]
proxy = "sip:127.0.0.1:5090"
listen = "127.0.0.1:5070"
keepalive_seconds = 10

# local meeting mixer (Janus AudioBridge) started by scripts/run.sh; its secrets are made in demo/janus.
[meetings]
mixer_api = "127.0.0.1:8188"
mixer_secrets = "janus"
bridge_number = "+14255550199"
TOML
fi
# A demo portal on an origin of its own (another loopback address), embedding the widget; its key
# is made once. Demos made before the widget get it added too.
portal_address=${CVW_PORTAL_ADDRESS:-127.0.0.2:8091}
if [ ! -s "$demo/portal.key" ]; then
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$demo/portal.key"
fi
if ! grep -q "^# demo portal started by scripts/run.sh" "$demo/cvw.toml"; then
  cat >> "$demo/cvw.toml" <<TOML

# demo portal started by scripts/run.sh (scripts/demo-portal.mjs); to stop it, delete the table
# below but keep this line.
[[portals]]
id = "demo"
origins = ["http://$portal_address"]
key_file = "portal.key"
TOML
fi
admin=(build/release/server/cvw-admin -c "$demo/cvw.toml")
if [ ! -f "$demo/credentials.txt" ]; then
  "${admin[@]}" demo > "$demo/credentials.txt.new"
  mv "$demo/credentials.txt.new" "$demo/credentials.txt"
fi

# A demo killed too hard to stop its helpers left them running: stop them first, by the pids
# recorded below, rather than talk to stale ones.
scripts/stop-demo-leftovers.sh "$demo"
helpers=()
start_helper() { # name log command...: runs it in the background (output to log, if one) and records its pid
  local name="$1" log="$2"
  shift 2
  if [ -n "$log" ]; then "$@" > "$log" 2>&1 & else "$@" & fi
  helpers+=($!)
  echo "$! $name" >> "$demo/run.pids"
}
trap 'for pid in "${helpers[@]}"; do kill -TERM "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -f "$demo/run.pids"' EXIT
trap 'exit 130' INT TERM
if grep -q "^# local test PBX started by scripts/run.sh" "$demo/cvw.toml"; then
  start_helper demo-pbx "" scripts/demo-pbx.sh "$demo/pbx" 5090 5070
  sleep 1
fi
if grep -q "^# local meeting mixer (Janus AudioBridge) started by scripts/run.sh" "$demo/cvw.toml"; then
  start_helper janus "$demo/janus-stdout.log" scripts/janus.sh "$demo/janus" 8188 42000-42999
  # cvw reads the secrets Janus's script makes, and finds Janus whenever it is up.
  for _ in $(seq 100); do [ -s "$demo/janus/admin_key" ] && break; sleep 0.1; done
fi

if grep -q '^id = "demo"' "$demo/cvw.toml"; then
  start_helper demo-portal "$demo/portal.log" node scripts/demo-portal.mjs --listen "$portal_address" \
    --cvw http://127.0.0.1:8080 --portal demo --key-file "$demo/portal.key"
fi

echo
echo "cvw demo users (username, password):"
sed 's/^/  /' "$demo/credentials.txt"
echo
echo "Open http://127.0.0.1:8080 and sign in. Click the phone next to a person to call them: the"
echo "simulated desk phones answer after 1.5 s (logs in demo/pbx/). The widget, embedded in a demo"
echo "portal on another origin: http://$portal_address (its tel: links call through cvw)."
echo "Ctrl-C stops everything."
start_helper cvw-server "" build/release/server/cvw-server -c "$demo/cvw.toml"
wait "${helpers[-1]}"
