#!/usr/bin/env bash
# Builds one self-contained ngrok-bots binary to copy to a jump box: Swift runtime, ncursesw and
# TLS linked in. At run time it needs only a terminfo database (/usr/share/terminfo or
# /lib/terminfo, present on practically every Linux) and, for Unicode, a UTF-8 locale.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
swift build -c release --scratch-path .build-static --product ngrok-bots -Xswiftc -static-executable
strip -o ngrok-bots.static .build-static/release/ngrok-bots
ls -l ngrok-bots.static
echo "copy ngrok-bots.static to the jump box; run it with NGROK_API_KEY set, or --demo to try it" >&2
