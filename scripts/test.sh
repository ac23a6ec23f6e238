#!/usr/bin/env bash
# The second command: set up what is missing, then run every test:
# Swift unit and screen tests, the contract test with ngrok's official Python SDK, and the
# end-to-end tests of the real binary in tmux. Nothing leaves 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test
export LANG=C.UTF-8

echo "== build" >&2
mkdir -p .build
swift build --build-tests > .build/build.log 2>&1 || { grep -E "error" -A3 .build/build.log | head -60 >&2; exit 1; }

echo "== swift test" >&2
if ! swift test --skip-build > .build/swift-test.log 2>&1; then
    grep -E "✘|error|failed|Fatal" .build/swift-test.log | head -80 >&2
    exit 1
fi
grep -E "Test run with|Executed" .build/swift-test.log >&2

echo "== contract test with ngrok-api (the official Python SDK)" >&2
if [ ! -x .venv-contract/bin/python ]; then
    python3 -m venv .venv-contract
fi
.venv-contract/bin/python -c 'import ngrok' 2>/dev/null || .venv-contract/bin/pip install -q ngrok-api==0.19.0
.venv-contract/bin/python tests/contract/test_sdk_contract.py .build/debug/ngrok-bots

echo "== the runbook commands, as scripts use them" >&2
python3 tests/cli/test_cli.py .build/debug/ngrok-bots
python3 tests/cli/test_cli_untrusted.py .build/debug/ngrok-bots
python3 tests/cli/test_cli_profiles.py .build/debug/ngrok-bots
python3 tests/cli/test_cli_verify.py .build/debug/ngrok-bots

echo "== end-to-end in tmux" >&2
python3 tests/e2e/test_e2e.py .build/debug/ngrok-bots

echo "all tests passed" >&2
