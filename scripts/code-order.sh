#!/usr/bin/env bash
# Writes linker/ngrok-bots.order.gz: the functions a run of the program executes, which the release
# build (scripts/build-release.sh) asks the linker to put side by side at the start of the code.
#
# Why: the kernel maps a program's code in 64 KiB runs around each page it touches, and the
# functions one run touches were scattered across 14 MB of code (ours and every library's), so
# half of it was resident for about 3 MB that runs.
#
# How: the release binary runs the usual paths with scripts/code-order/touched-pages.c preloaded,
# which records each page of code that executes (scripts/code-order/code_order.py: the browser on
# a 10,000-bot simulated account, then --demo and the read-only commands). Rerun after large
# changes: names that no longer exist are skipped by the linker, and code not in the order is
# laid out after it as before, so a stale order costs memory, never correctness.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
./scripts/build-release.sh
mkdir -p .build/code-order
gcc -O2 -shared -fPIC -o .build/code-order/touched-pages.so scripts/code-order/touched-pages.c -ldl
previous=.build/code-order/previous.order
rm -f "$previous"
[ -f linker/ngrok-bots.order.gz ] && gzip -dc linker/ngrok-bots.order.gz > "$previous"
python3 scripts/code-order/code_order.py "$PWD/.build/release/ngrok-bots" "$PWD/.build/code-order/touched-pages.so" \
    .build/code-order/ngrok-bots.order "$previous"
gzip -9 -n -c .build/code-order/ngrok-bots.order > linker/ngrok-bots.order.gz
echo "linker/ngrok-bots.order.gz written; ./scripts/build-release.sh links with it" >&2
