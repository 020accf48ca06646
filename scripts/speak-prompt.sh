#!/usr/bin/env bash
# Speaks one dial-in prompt into the form cvw plays: 8 kHz mono 16-bit signed little-endian raw PCM
# (the server encodes it to the G.711 law each phone chose). Run by the build for every prompt.* text
# of every catalog (server/prompts.cmake).
# usage: speak-prompt.sh <espeak-ng voice> <text> <output file>
set -euo pipefail
voice=$1 text=$2 out=$3
mkdir -p "$(dirname "$out")"
espeak-ng -v "$voice" -s 160 --stdout "$text" |
  sox -q -t wav - -r 8000 -c 1 -b 16 -e signed-integer -L -t raw "$out.tmp"
mv "$out.tmp" "$out"
