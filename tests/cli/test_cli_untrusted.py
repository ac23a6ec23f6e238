"""Issue 19 from the command line: the new token of a rotation is never lost (item 3), and text
output never lets the server's text reach the terminal as control sequences (item 12).

Usage: python3 test_cli_untrusted.py PATH/TO/ngrok-bots
"""
import json
import os
import pty
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import CLI, KEY, a_bot_with_an_api_key, ok  # noqa: E402


class Simulator:
    """`ngrok-bots simulator` with extra switches, and a way to change what it holds."""

    def __init__(self, binary, *extra):
        self.proc = subprocess.Popen([binary, "simulator", "--port", "0", "--api-key", KEY, "--bots", "30",
                                      "--creds-per-bot", "3", "--owner-spelling", "bot", *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.proc.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), self.url

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, method=method, data=data,
                                         headers={"Authorization": f"Bearer {KEY}", "Ngrok-Version": "2",
                                                  "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None

    def get(self, path):
        return self.request("GET", path)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def check_an_interrupted_rotation_keeps_the_token(binary, json_mode):
    """The token is printed as soon as the create answers; a SIGINT during the old key's delete
    leaves it printed (and the JSON document whole), and says the old key may still work."""
    simulator = Simulator(binary, "--latency-ms", "1500")
    try:
        with tempfile.TemporaryDirectory() as home:
            key, _ = a_bot_with_an_api_key(simulator)
            env = {"PATH": "/usr/bin:/bin", "HOME": home, "NGROK_API_KEY": KEY, "LANG": "C.UTF-8"}
            args = [binary, "rotate", key["id"], "--yes", "--api-url", simulator.url, "--audit-log", os.path.join(home, "audit.jsonl")]
            proc = subprocess.Popen(args + (["--json"] if json_mode else []), env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            stdout = bytearray()
            seen = threading.Event()

            def read():
                while True:
                    chunk = os.read(proc.stdout.fileno(), 4096)
                    if not chunk:
                        seen.set()
                        return
                    stdout.extend(chunk)
                    text = bytes(stdout)
                    if b'"token"' in text or (b"never again):\n" in text and text.endswith(b"\n") and text.count(b"\n") >= 3):
                        seen.set()
            reader = threading.Thread(target=read, daemon=True)
            reader.start()
            # Each request takes 1.5 s (look-up, owner, create, delete): the token must be out
            # while the delete is still on its way.
            assert seen.wait(30) and proc.poll() is None, f"no token printed before the delete was answered: {bytes(stdout)!r}"
            time.sleep(0.3)
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=20)
            stderr = proc.stderr.read().decode()
            reader.join(timeout=5)
            out = bytes(stdout).decode()
            assert proc.returncode == 128 + signal.SIGINT, (proc.returncode, out, stderr)
            assert "interrupted by SIGINT" in stderr and f"{key['id']} may still work" in stderr, stderr
            if json_mode:
                answer = json.loads(out)
                token = answer["token"]
                assert answer["replaced"] == key["id"] and answer["replaced_deleted"] is False, answer
            else:
                assert "token (shown once, never again):" in out, out
                token = out.strip().splitlines()[-1]
            assert token and out.count(token) == 1 and token not in stderr, (out, stderr)
            for root, _, files in os.walk(home):
                for name in files:
                    with open(os.path.join(root, name), errors="replace") as handle:
                        assert token not in handle.read(), f"the token was saved in {name}"
            ok(f"rotate{' --json' if json_mode else ''} prints the token when the create answers; a SIGINT during the delete "
               "leaves it printed, exits 130 and says the old key may still work")
    finally:
        simulator.stop()


def check_text_output_is_sanitized(binary):
    """A bot renamed to an escape sequence (OSC 52 writes the terminal's clipboard) cannot reach
    the terminal from text output: show, the delete prompt, deactivate and activate."""
    simulator = Simulator(binary)
    try:
        with tempfile.TemporaryDirectory() as home:
            cli = CLI(binary, simulator, home)
            _, bot = a_bot_with_an_api_key(simulator)
            hostile = "evil\x1b]52;c;aGk=\x07\u202ename"
            status, _ = simulator.request("PATCH", "/service_users/" + bot["id"], {"name": hostile})
            assert status == 200
            shown = cli.run("show", bot["id"])
            assert shown.returncode == 0 and "evil" in shown.stdout, shown
            assert "\x1b" not in shown.stdout + shown.stderr and "\x07" not in shown.stdout and "\u202e" not in shown.stdout, shown
            ok("show prints a bot's hostile name without its escape sequence")
            master, slave = pty.openpty()
            try:
                os.write(master, b"nope\n")
                prompted = cli.run("delete", bot["id"], stdin=slave)
            finally:
                os.close(slave)
                os.close(master)
            assert prompted.returncode == 5 and "Type " in prompted.stderr and "evil" in prompted.stderr, prompted
            assert "\x1b" not in prompted.stdout + prompted.stderr and "\x07" not in prompted.stderr, prompted
            assert simulator.get("/service_users/" + bot["id"])[0] == 200
            ok("delete's typed confirmation names the bot without its escape sequence, and a wrong answer refuses (5)")
            for command in ("deactivate", "activate"):
                changed = cli.run(command, bot["id"])
                assert changed.returncode == 0 and "evil" in changed.stdout, changed
                assert "\x1b" not in changed.stdout + changed.stderr and "\x07" not in changed.stdout + changed.stderr, changed
            ok("deactivate and activate print the hostile name cleaned")
    finally:
        simulator.stop()


def check_lookalike_names_are_visible(binary):
    """Item 13: a name with a zero-width space is printed with a visible marker, never as its
    lookalike; delete's typed confirmation refuses the lookalike and takes the bot's id."""
    simulator = Simulator(binary)
    try:
        with tempfile.TemporaryDirectory() as home:
            cli = CLI(binary, simulator, home)
            _, bot = a_bot_with_an_api_key(simulator)
            status, _ = simulator.request("PATCH", "/service_users/" + bot["id"], {"name": "de\u200bploy"})
            assert status == 200
            shown = cli.run("show", bot["id"])
            assert shown.returncode == 0 and "de\u2039U+200B\u203aploy" in shown.stdout and "\u200b" not in shown.stdout, shown
            ok("show prints a zero-width space in a name as a visible marker")

            def answer(text):
                master, slave = pty.openpty()
                try:
                    os.write(master, text.encode() + b"\n")
                    return cli.run("delete", bot["id"], stdin=slave)
                finally:
                    os.close(slave)
                    os.close(master)
            refused = answer("deploy")
            assert refused.returncode == 5 and "de\u2039U+200B\u203aploy" in refused.stderr, refused
            assert "Type its id " + bot["id"] in refused.stderr, refused
            assert simulator.get("/service_users/" + bot["id"])[0] == 200
            ok("delete's prompt shows the marker, asks for the id, and refuses the lookalike name (5)")
            deleted = answer(bot["id"])
            assert deleted.returncode == 0, deleted
            assert simulator.get("/service_users/" + bot["id"])[0] == 404
            ok("delete takes the bot's id as the typed confirmation")
    finally:
        simulator.stop()


def main(binary):
    failures = 0
    checks = [(check_text_output_is_sanitized, (binary,)), (check_lookalike_names_are_visible, (binary,))] + [
        (check_an_interrupted_rotation_keeps_the_token, (binary, json_mode)) for json_mode in (False, True)]
    for check, args in checks:
        try:
            check(*args)
        except Exception as error:  # report every check, then fail
            failures += 1
            print(f"not ok - {check.__name__}{args[1:]}: {error!r}")
    if failures:
        sys.exit(1)
    print("untrusted-input command-line tests passed")


if __name__ == "__main__":
    main(sys.argv[1])
