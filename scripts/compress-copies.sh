#!/usr/bin/env bash
# Writes a gzip and a Brotli copy beside each file (<file>.gz, <file>.br), with the file's own time
# stamp to the nanosecond: the server serves a copy only while it is no older than its file, and
# brotli alone keeps whole seconds.
# Usage: scripts/compress-copies.sh <file>...
set -euo pipefail
for file in "$@"; do
  gzip -9 --keep --force --no-name "$file"
  brotli --best --keep --force "$file"
  touch --reference="$file" "$file.gz" "$file.br"
done
