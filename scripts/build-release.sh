#!/usr/bin/env bash
# Builds a release product in .build/release: ngrok-bots unless named (ngrok-bots-bench,
# ngrok-bots-incident); further arguments go to `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
product="${1:-ngrok-bots}"
shift || true
swift build -c release --product "$product" "$@"
