#!/usr/bin/env bash
# The first command: set up what is missing, build, and open ngrok-bots on the built-in simulator.
# Extra arguments go to ngrok-bots (e.g. --read-only, --ascii).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
echo "Building ngrok-bots (the first build takes a few minutes)…" >&2
mkdir -p .build
if ! swift build --product ngrok-bots > .build/demo-build.log 2>&1; then
    grep -E "error" -A3 .build/demo-build.log | head -40 >&2
    echo "build failed; the whole log is in .build/demo-build.log" >&2
    exit 1
fi
exec .build/debug/ngrok-bots --demo "$@"
