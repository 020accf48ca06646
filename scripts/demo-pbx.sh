#!/usr/bin/env bash
# Runs a local test PBX for cvw: Kamailio on 127.0.0.1:<pbx_port> plus simulated desk phones that
# answer every call after 1.5 s and end a cancelled one at once (sipp, tests/pbx/sipp/demo_desk_phone.xml),
# registered for the demo users' extensions and numbers.
# Usage: scripts/demo-pbx.sh <run_dir> <pbx_port> <cvw_sip_port>   (stops everything on SIGTERM/Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
run_dir="$1" pbx_port="$2" cvw_port="$3"
mkdir -p "$run_dir"
run_dir="$(cd "$run_dir" && pwd)"

pids=()
# Every process started here, so a demo killed too hard to stop them can find them next time
# (scripts/stop-demo-leftovers.sh).
echo "$$ demo-pbx.sh" > "$run_dir/processes.pids"
record() { pids+=("$1"); echo "$1 $2" >> "$run_dir/processes.pids"; }
stop() {
  # Ctrl-C or a TERM to the whole group reaches us again through run.sh's own trap: finish anyway.
  trap '' TERM INT
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop EXIT
trap 'exit 0' TERM INT

sed -e "s|@PBX_PORT@|$pbx_port|g" -e "s|@CVW_PORT@|$cvw_port|g" -e "s|@RUN_DIR@|$run_dir|g" \
    tests/pbx/kamailio.cfg.in > "$run_dir/kamailio.cfg"
# The presence modules keep everything in memory but check their tables' versions at start.
mkdir -p "$run_dir/db"
for table in $(cat tests/pbx/db_text_tables); do cp /usr/share/kamailio/dbtext/kamailio/"$table" "$run_dir/db/"; done
setsid kamailio -f "$run_dir/kamailio.cfg" -DD -E -m 64 -M 8 -P "$run_dir/kamailio.pid" \
  > "$run_dir/kamailio.log" 2>&1 &
kamailio_pid=$!
record $kamailio_pid kamailio

# Bob's phone talks: once answered it sends a tone, 2 s on and 2 s off, for as long as the call
# lasts (wherever re-INVITEs point it), so a meeting's roster has someone talking to show. It is
# the plain desk phone plus that stream; sipp reads the stream's file from its working directory.
sox -D -n -r 8000 -c 1 -t ul "$run_dir/talk.ul" synth 2 sine 500 vol 0.3 pad 0 2
sed '0,/<recv request="ACK"\/>/s//<recv request="ACK"\/>\n  <nop><action><exec rtp_stream="talk.ul,-1,0"\/><\/action><\/nop>/' \
  tests/pbx/sipp/demo_desk_phone.xml > "$run_dir/desk_phone_talking.xml"

# One phone per demo user: name, phone port offset, extension, number, scenario.
phones=("alice 1 1001 +14255550101 $root/tests/pbx/sipp/demo_desk_phone.xml"
        "bob 2 1002 +14255550102 $run_dir/desk_phone_talking.xml"
        "carol 3 1003 +14255550103 $root/tests/pbx/sipp/demo_desk_phone.xml")
for spec in "${phones[@]}"; do
  read -r name offset ext number scenario <<< "$spec"
  port=$((pbx_port + offset))
  media=$((pbx_port + 100 + 10 * offset))
  (cd "$run_dir" && exec setsid sipp -sf "$scenario" -i 127.0.0.1 -p "$port" -mp "$media" -s "$name" \
    -nostdin -trace_err -error_file "$run_dir/$name-errors.log" > "$run_dir/$name-phone.log" 2>&1) &
  record $! sipp
  printf 'SEQUENTIAL\n%s;%s;\n%s;%s;\n' "$ext" "$port" "$number" "$port" > "$run_dir/$name-users.csv"
done

# Wait for the PBX, then register every phone under its extension and its number.
for _ in $(seq 100); do
  (exec 3<>/dev/tcp/127.0.0.1/"$pbx_port") 2>/dev/null && break
  sleep 0.1
done
# Another program on the port would take the phones' registrations: say so rather than use it.
kill -0 "$kamailio_pid" 2>/dev/null || { echo "demo-pbx: Kamailio did not start; see $run_dir/kamailio.log" >&2; exit 1; }
for spec in "${phones[@]}"; do
  read -r name _ <<< "$spec"
  sipp -sf tests/pbx/sipp/register.xml -inf "$run_dir/$name-users.csv" "127.0.0.1:$pbx_port" -i 127.0.0.1 \
    -p 0 -m 2 -timeout 10 -timeout_error -nostdin > "$run_dir/$name-register.log" 2>&1 \
    || { echo "demo-pbx: registering $name's phone failed; see $run_dir" >&2; exit 1; }
done
echo "demo-pbx: PBX on 127.0.0.1:$pbx_port with desk phones for alice, bob and carol (answer after 1.5 s; bob's talks)"
wait
