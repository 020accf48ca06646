#!/usr/bin/env bash
# Runs the meeting mixer for cvw: Janus with only its AudioBridge plugin and its WebSocket API,
# both on 127.0.0.1, in a config written here. Plain-RTP participants can join only rooms that are
# created with the admin key, which only cvw has.
# Usage: scripts/janus.sh <run_dir> <api_port> <rtp_ports, e.g. 42000-42999>
# Secrets: <run_dir>/api_secret and <run_dir>/admin_key, made on first use (cvw reads them). Janus
# runs in the foreground; it logs to <run_dir>/janus.log.
set -euo pipefail
run_dir="$1" api_port="$2" rtp_ports="$3"
[[ "$api_port" =~ ^[0-9]+$ ]] || { echo "janus.sh: api port must be a number, not '$api_port'" >&2; exit 2; }
[[ "$rtp_ports" =~ ^[0-9]+-[0-9]+$ ]] || { echo "janus.sh: rtp ports must look like 42000-42999" >&2; exit 2; }
command -v janus >/dev/null || { echo "janus.sh: janus is not installed (scripts/install-deps.sh)" >&2; exit 1; }
mkdir -p "$run_dir/conf"
conf="$run_dir/conf"
lib=/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)/janus

for secret in api_secret admin_key; do
  [ -s "$run_dir/$secret" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=\n' > "$run_dir/$secret")
done

# Everything but AudioBridge and the WebSocket transport stays unloaded.
others() { (cd "$lib/$1" && ls lib*.so) | grep -v -x "$2" | paste -sd, -; }

cat > "$conf/janus.jcfg" <<EOF
general: {
  configs_folder = "$conf"
  plugins_folder = "$lib/plugins"
  transports_folder = "$lib/transports"
  events_folder = "$lib/events"
  loggers_folder = "$lib/loggers"
  debug_level = 4
  api_secret = "$(cat "$run_dir/api_secret")"
  session_timeout = 60
  hide_dependencies = true
}
nat: { ice_enforce_list = "lo" }
plugins: { disable = "$(others plugins libjanus_audiobridge.so)" }
transports: { disable = "$(others transports libjanus_websockets.so)" }
loggers: { disable = "$(others loggers NONE)" }
events: { broadcast = false }
EOF
cat > "$conf/janus.transport.websockets.jcfg" <<EOF
general: { json = "compact" ws = true ws_ip = "127.0.0.1" ws_port = $api_port ws_acl = "127." wss = false }
admin: { admin_ws = false admin_wss = false }
EOF
# Plain RTP goes to the ports cvw writes into the phones' SDP: the same range, on loopback here.
cat > "$conf/janus.plugin.audiobridge.jcfg" <<EOF
general: {
  admin_key = "$(cat "$run_dir/admin_key")"
  lock_rtp_forward = true
  lock_play_file = true
  rtp_port_range = "$rtp_ports"
  local_ip = "127.0.0.1"
  events = false
}
EOF
exec janus -F "$conf" -C "$conf/janus.jcfg" -o -N --log-file="$run_dir/janus.log"
