#!/usr/bin/env bash
# Builds one self-contained ngrok-bots binary to copy to a jump box: Swift runtime, ncursesw,
# libyaml and TLS linked in. At run time it needs only a terminfo database (/usr/share/terminfo or
# /lib/terminfo, present on practically every Linux) and, for Unicode, a UTF-8 locale.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
scratch=.build-static
# The binary stays small only while nothing it links imports all of Foundation (its ICU data alone
# is 34 MB); past this, look with `nm --size-sort -S $scratch/release/ngrok-bots` before raising it.
budget_mb=50

# Everything linked in: the Swift runtime, and the C libraries (ncursesw, libyaml) from their .a files.
if ! swift build -c release --product ngrok-bots --static-swift-stdlib -Xswiftc -static-executable \
        --scratch-path "$scratch"; then
    echo "build-static: FAILED: the static build did not complete (see above); ngrok-bots.static was not written" >&2
    exit 1
fi
rm -f ngrok-bots.static
strip -o ngrok-bots.static "$scratch/release/ngrok-bots"
./ngrok-bots.static --version >/dev/null || { echo "build-static: FAILED: ngrok-bots.static does not run" >&2; exit 1; }

bytes=$(stat -c %s ngrok-bots.static)
size_mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1000000 }')
echo "ngrok-bots.static: ${size_mb} MB stripped (${bytes} bytes), budget ${budget_mb} MB"
if (( bytes > budget_mb * 1000000 )); then
    echo "build-static: warning: over the ${budget_mb} MB budget; something linked in imports all of Foundation?" >&2
fi
echo "copy ngrok-bots.static to the jump box; run it with NGROK_API_KEY set, or --demo to try it" >&2
