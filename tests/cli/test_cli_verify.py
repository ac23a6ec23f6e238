"""Issue 20, item 3 from the command line: contain, then verify. `--verify` asks the server again
a few seconds after the change and says whether the bot is contained (exit 6 when it is not).

Usage: python3 test_cli_verify.py PATH/TO/ngrok-bots
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import CLI, Simulator, a_bot_with_live_sessions, ok  # noqa: E402


def main(binary):
    simulator = Simulator(binary, "service")
    try:
        with tempfile.TemporaryDirectory() as home:
            cli = CLI(binary, simulator, home)
            bot, sessions = a_bot_with_live_sessions(simulator)
            assert sessions, "the bot has live sessions"

            # The simulator keeps agents running after a deactivate, as the API may: not contained.
            run = cli.run("deactivate", bot["id"], "--verify")
            assert run.returncode == 6, (run.returncode, run.stdout, run.stderr)
            assert "NOT contained (checked " in run.stdout and "live session" in run.stdout, run.stdout
            assert "live endpoint" in run.stdout, run.stdout
            ok("deactivate --verify says NOT contained while its agents run, exit 6")

            run = cli.run("stop-sessions", bot["id"], "--yes", "--verify")
            assert run.returncode == 0, (run.returncode, run.stdout, run.stderr)
            line = next(l for l in run.stdout.splitlines() if l.startswith("Contained: "))
            assert "is inactive, 0 live sessions on its credentials, 0 endpoints (checked " in line, line
            ok("stop-sessions --verify then says Contained: inactive, 0 live sessions, 0 endpoints")

            # With --json the document stays one document; the check goes to stderr.
            run = cli.run("deactivate", bot["id"], "--verify", "--json")
            assert run.returncode == 0, (run.returncode, run.stderr)
            json.loads(run.stdout)
            assert "Contained: " in run.stderr, run.stderr
            ok("--json keeps stdout one JSON document and reports the check on stderr")

            run = cli.run("deactivate", bot["id"])
            assert "Contained" not in run.stdout + run.stderr
            ok("without --verify nothing is asked again")
    finally:
        simulator.stop()
    print("verify tests passed")


if __name__ == "__main__":
    main(sys.argv[1])
