#!/usr/bin/env bash
# Builds a release product (ngrok-bots unless named; further arguments go to `swift build`) in
# .build/release: for your own account, and for the benchmarks. Build every release product with this command (other flags rebuild
# everything). What the flags are for, all about memory (a process's resident code):
# - the Swift runtime and Foundation are linked in, and every function is its own section, so the
#   linker (lld) can put the functions a run uses side by side, in the order
#   linker/ngrok-bots.order.gz gives (scripts/code-order.sh makes it). The kernel maps code in
#   64 KiB runs around each page touched; scattered through 14 MB of code (ours and the
#   libraries'), the 3 MB a run uses made 26 MB resident.
# - symbols are not exported (the static runtime's link options export 40,000 of them, and the
#   loader reads their tables at every start), and relocations are packed (needs glibc 2.36).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
product="${1:-ngrok-bots}"
shift || true
flags=(--static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections -Xswiftc -use-ld=lld
       -Xlinker --no-export-dynamic -Xlinker -z -Xlinker pack-relative-relocs)
if [ -f linker/ngrok-bots.order.gz ]; then
    mkdir -p .build
    gzip -dc linker/ngrok-bots.order.gz > .build/ngrok-bots.order
    flags+=(-Xlinker "--symbol-ordering-file=$PWD/.build/ngrok-bots.order" -Xlinker --no-warn-symbol-ordering)
fi
swift build -c release --product "$product" "${flags[@]}" "$@"
