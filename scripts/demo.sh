#!/usr/bin/env bash
# The first command: set up what is missing, build, and open ngrok-bots on the built-in simulator.
# Extra arguments go to ngrok-bots (e.g. --read-only, --ascii).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
echo "Building ngrok-bots (the first build takes a few minutes)…" >&2
swift build --product ngrok-bots 2>&1 | grep -E "error|warning: unre|Compiling ngrok|Build complete" >&2 || true
[ -x .build/debug/ngrok-bots ] || { echo "build failed; run: swift build" >&2; exit 1; }
case "${LANG:-}${LC_ALL:-}" in *UTF-8*|*utf8*|*UTF8*|*utf-8*) ;; *) export LANG=C.UTF-8 ;; esac
exec .build/debug/ngrok-bots --demo "$@"
