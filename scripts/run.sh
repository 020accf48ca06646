#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a running cvw: installs, builds, creates a demo
# directory on first run, and serves http://127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

scripts/install-deps.sh
scripts/build.sh release

demo="$root/demo"
mkdir -p "$demo"
if [ ! -f "$demo/cvw.toml" ]; then
  # CVW_LISTEN_ADDRESS=0.0.0.0 serves beyond this machine (the Docker image does); loopback by default.
  sed -e "s|@ROOT@|$root|g" \
      -e "s|^listen_address = .*|listen_address = \"${CVW_LISTEN_ADDRESS:-127.0.0.1}\"|" \
      docs/cvw.example.toml > "$demo/cvw.toml"
fi
admin=(build/release/server/cvw-admin -c "$demo/cvw.toml")
if [ ! -f "$demo/credentials.txt" ]; then
  "${admin[@]}" demo > "$demo/credentials.txt.new"
  mv "$demo/credentials.txt.new" "$demo/credentials.txt"
fi

echo
echo "cvw demo users (username, password):"
sed 's/^/  /' "$demo/credentials.txt"
echo
echo "Open http://127.0.0.1:8080 and sign in. Ctrl-C stops the server."
exec build/release/server/cvw-server -c "$demo/cvw.toml"
