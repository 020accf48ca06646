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
  sed -e "s|@ROOT@|$root|g" docs/cvw.example.toml > "$demo/cvw.toml"
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
