"""The runbook commands as a script uses them: the real binary against `ngrok-bots simulator`,
checking output shapes, exit statuses and what the simulator's state says afterwards.

Usage: python3 test_cli.py PATH/TO/ngrok-bots
"""
import json
import os
import pty
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

KEY = "cli-simulator-key-0123456789"


def ok(message):
    print(f"ok - {message}")


def ksuid(object_id):
    """The identity behind both spellings of a bot's id (service_X from /service_users, bot_X from /bot_users)."""
    for prefix in ("service_", "bot_"):
        if object_id.startswith(prefix):
            return "bot:" + object_id[len(prefix):]
    return object_id


def other_spelling(bot_id):
    return ("bot_" + bot_id[len("service_"):]) if bot_id.startswith("service_") else ("service_" + bot_id[len("bot_"):])


class Simulator:
    """The simulator answers as ngrok's API reference shows: /service_users says service_…; a
    credential's owner_id spells a bot as `owner_spelling` says (the reference does not show which)."""

    def __init__(self, binary, owner_spelling, *extra):
        self.owner_spelling = owner_spelling
        self.proc = subprocess.Popen([binary, "simulator", "--port", "0", "--api-key", KEY, "--bots", "30",
                                      "--creds-per-bot", "3", "--owner-spelling", owner_spelling, *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.url = self.proc.stdout.readline().strip()
        assert self.url.startswith("http://127.0.0.1:"), self.url

    def get(self, path):
        request = urllib.request.Request(self.url + path, headers={"Authorization": f"Bearer {KEY}", "Ngrok-Version": "2"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, None

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


class CLI:
    def __init__(self, binary, simulator, home):
        self.binary = binary
        self.simulator = simulator
        self.home = home
        self.audit = os.path.join(home, "audit.jsonl")

    def run(self, *args, key=KEY, stdin=subprocess.DEVNULL, input=None):
        env = {"PATH": "/usr/bin:/bin", "HOME": self.home, "NGROK_API_KEY": key, "LANG": "C.UTF-8"}
        return subprocess.run([self.binary, *args, "--api-url", self.simulator.url, "--audit-log", self.audit],
                              env=env, capture_output=True, text=True, timeout=60, stdin=stdin, input=input)

    def bare(self, *args, env=None, timeout=60):
        """The binary with only what `env` adds to a clean environment: no key, no --api-url, no --audit-log."""
        base = {"PATH": "/usr/bin:/bin", "HOME": self.home, "LANG": "C.UTF-8"}
        return subprocess.run([self.binary, *args], env={**base, **(env or {})}, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def json(self, *args):
        run = self.run(*args, "--json")
        assert run.returncode == 0, (args, run.returncode, run.stderr)
        return json.loads(run.stdout)


def a_bot_with_an_api_key(simulator):
    _, bots = simulator.get("/service_users?limit=100")
    active = {ksuid(b["id"]): b for b in bots["service_users"] if b["active"]}
    _, keys = simulator.get("/api_keys?limit=100")
    key = next(k for k in keys["keys"] if ksuid(k["owner_id"]) in active)
    return key, active[ksuid(key["owner_id"])]


def main(binary):
    failures = 0
    for owner_spelling in ["bot", "service"]:
        print(f"# against a simulator whose owner_id spells bots {owner_spelling}_…")
        simulator = Simulator(binary, owner_spelling)
        try:
            with tempfile.TemporaryDirectory() as home:
                cli = CLI(binary, simulator, home)
                for check in [check_find_and_show, check_find_a_leaked_token, check_since, check_deactivate_twice, check_audit, check_statuses, check_delete_needs_yes,
                              check_rotate_prints_the_token_once, check_sessions_and_stop_sessions, check_refused_key,
                              check_unreachable_api, check_configuration_errors_exit_2, check_whoami, check_demo_keeps_its_audit_log,
                              check_text_has_columns, check_changes_say_what_sessions_remain, check_install]:
                    try:
                        check(cli)
                    except Exception as error:  # report every check, then fail
                        failures += 1
                        print(f"not ok - {check.__name__} ({owner_spelling}): {error!r}")
        finally:
            simulator.stop()
    for check in (check_self_lockout, check_whole_account_reads_cost_pages):
        try:
            check(binary)
        except Exception as error:
            failures += 1
            print(f"not ok - {check.__name__}: {error!r}")
    if failures:
        sys.exit(1)
    print("command-line tests passed")


def check_find_and_show(cli):
    key, bot = a_bot_with_an_api_key(cli.simulator)
    found = cli.json("find", key["id"])
    match = found["matches"][0]
    assert match["reason"] == "id" and match["bot"]["id"] == bot["id"] and match["credential"]["id"] == key["id"], found
    assert set(match["bot"]) == {"id", "name", "active", "created_at"}, match
    ok("find ak_… --json names the owning bot, its state and the key")
    text = cli.run("find", key["id"])
    assert text.returncode == 0 and bot["name"] in text.stdout and "active" in text.stdout, text
    shown = cli.json("show", bot["name"])
    assert shown["bot"]["id"] == bot["id"] and key["id"] in [c["id"] for c in shown["credentials"]], shown
    assert all({"id", "kind", "description", "created_at", "acl"} <= set(c) for c in shown["credentials"]), shown
    ok("show BOT --json lists the bot's credentials")


def check_find_a_leaked_token(cli):
    _, bot = a_bot_with_an_api_key(cli.simulator)
    for kind in ("api-key", "authtoken"):
        created = cli.run("create-credential", bot["id"], "--kind", kind, "--description", "leak drill", "--json")
        assert created.returncode == 0, created
        answer = json.loads(created.stdout)
        token = answer["token"]
        assert token.startswith(answer["id"].split("_", 1)[1] + "_"), answer
        piped = cli.run("find", "-", "--json", stdin=None, input=f"NGROK_AUTHTOKEN={token}\n")
        assert piped.returncode == 0, piped
        match = json.loads(piped.stdout)["matches"][0]
        assert match["reason"] == "token" and match["credential"]["id"] == answer["id"] and match["bot"]["id"] == bot["id"], piped.stdout
        secret = token.split("_", 1)[1]
        assert secret not in piped.stdout + piped.stderr and "warning" not in piped.stderr, piped
        argued = cli.run("find", token)
        assert argued.returncode == 0 and "warning" in argued.stderr and "find -" in argued.stderr, argued
        assert secret not in argued.stdout + argued.stderr, argued
    ok("find - reads a leaked token (API key's and authtoken's) on stdin and names its bot; the secret is never printed")
    unknown = cli.run("find", "-", stdin=None, input="authtoken: 2AAAAAAAAAAAAAAAAAAAAAAAAAA_abcdefghijklmnop\n")
    assert unknown.returncode == 3 and "abcdefghijklmnop" not in unknown.stdout + unknown.stderr, unknown
    assert "ak_2AAAAAAAAAAAAAAAAAAAAAAAAAA or cr_2AAAAAAAAAAAAAAAAAAAAAAAAAA" in unknown.stderr, unknown
    ok("a token of no credential exits 3 naming the ids it would be, not the token")
    log = open(cli.audit).read() if os.path.exists(cli.audit) else ""
    assert "abcdefghijklmnop" not in log


def check_self_lockout(binary):
    """The bot that owns the API key in use (GET /self) is not deactivated or deleted by accident."""
    simulator = Simulator(binary, "service", "--self-key-owned-by-bot")
    try:
        with tempfile.TemporaryDirectory() as home:
            cli = CLI(binary, simulator, home)
            _, me = simulator.get("/self")
            owner = "service_" + me["api_key"]["owner_id"].split("_", 1)[1]
            for command in (["deactivate", owner], ["delete", owner, "--yes"]):
                refused = cli.run(*command)
                assert refused.returncode == 5 and "API key this program is using" in refused.stderr, (command, refused)
                assert "--allow-self-lockout" in refused.stderr, refused
            status, bot = simulator.get("/service_users/" + owner)
            assert status == 200 and bot["active"] is True, bot
            ok("deactivate and delete of the bot that owns the key in use are refused (5) and change nothing")
            own_key = me["api_key"]["id"]
            refused = cli.run("rotate", own_key, "--yes")
            assert refused.returncode == 5 and "API key this program is using" in refused.stderr, refused
            assert "does not switch this program to the new key" in refused.stderr and "--allow-self-lockout" in refused.stderr, refused
            assert simulator.get("/api_keys/" + own_key)[0] == 200 and refused.stdout == "", refused
            ok("rotate of the key in use is refused (5), says it would not switch to the new key, and changes nothing")
            rotated = cli.run("rotate", own_key, "--yes", "--allow-self-lockout")
            assert rotated.returncode == 0 and "does not switch this program to the new key" in rotated.stderr, rotated
            assert simulator.get("/api_keys/" + own_key)[0] == 404, rotated
            ok("rotate --allow-self-lockout of the key in use says it does not switch, prints the new key and deletes the old one")
            allowed = cli.run("deactivate", owner, "--allow-self-lockout")
            assert allowed.returncode == 0, allowed
            assert simulator.get("/service_users/" + owner)[1]["active"] is False
            ok("--allow-self-lockout lets it through")
    finally:
        simulator.stop()


def check_since(cli):
    before = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
    name = "since-" + os.urandom(3).hex()
    created = cli.json("create-bot", name)
    key = cli.json("create-credential", created["id"], "--kind", "api-key", "--description", "persistence?")
    found = cli.json("since", before)
    ids = [e["id"] for e in found["entries"]]
    assert key["id"] in ids and created["id"] in ids, found
    assert ids.index(key["id"]) < ids.index(created["id"]), "newest first"
    entry = next(e for e in found["entries"] if e["id"] == key["id"])
    assert entry["kind"] == "api_key" and entry["owner_name"] == name, entry
    assert all(e["created_at"] >= before for e in found["entries"]), found
    text = cli.run("since", "1h")
    assert text.returncode == 0 and name in text.stdout and "persistence?" in text.stdout, text
    header = text.stdout.splitlines()[1].split()
    assert header[:3] == ["CREATED", "KIND", "ID"] and "OWNER" in header, text.stdout
    assert cli.run("since", "yesterday-ish").returncode == 2
    ok("since TIME lists what was created since (bot, its key with the bot as owner), newest first, in columns under a header; a bad time is usage (2)")


def check_audit(cli):
    """The audit log as a timeline, after the deactivations above."""
    env = {"PATH": "/usr/bin:/bin", "HOME": cli.home, "LANG": "C.UTF-8"}
    run = subprocess.run([cli.binary, "audit", "--audit-log", cli.audit], env=env, capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run
    lines = run.stdout.splitlines()
    # HTTP and OPERATION only when some change failed: a column empty in every row is left out.
    header = lines[0].split()
    assert header[:6] == ["TIME", "WHO", "ACTION", "TARGET", "NAME", "OUTCOME"] and set(header[6:]) <= {"HTTP", "OPERATION"}, lines[:2]
    assert any(" deactivate " in l and " ok" in l for l in lines[1:]), run.stdout
    as_json = json.loads(subprocess.run([cli.binary, "audit", "--audit-log", cli.audit, "--json", "--since", "10m"],
                                        env=env, capture_output=True, text=True, timeout=30).stdout)
    assert as_json and all({"time", "action", "target_id", "outcome"} <= set(e) for e in as_json), as_json
    future = subprocess.run([cli.binary, "audit", "--audit-log", cli.audit, "--json", "--since", "2999-01-01T00:00:00Z"],
                            env=env, capture_output=True, text=True, timeout=30)
    assert json.loads(future.stdout) == [], future
    missing = subprocess.run([cli.binary, "audit", "--audit-log", cli.audit + ".nope"], env=env, capture_output=True, text=True)
    assert missing.returncode == 3, missing
    ok("audit prints the log as a timeline (text with a header, --json, --since); a missing log exits 3")
    # Attempt and outcome lines are one row per change; an attempt with no outcome (a run killed
    # while its request was out) is a row saying so.
    every = [json.loads(line) for line in open(cli.audit)]
    outcomes = [line for line in every if line.get("phase") != "attempt"]
    assert len(as_json) == len(outcomes), (as_json, outcomes)
    attempt = dict(outcomes[-1], phase="attempt", outcome="pending", change_id="killed-mid-request")
    interrupted = os.path.join(cli.home, "interrupted.jsonl")
    with open(interrupted, "w") as handle:
        handle.writelines(json.dumps(line) + "\n" for line in every + [attempt])
    shown = subprocess.run([cli.binary, "audit", "--audit-log", interrupted], env=env, capture_output=True, text=True, timeout=30)
    assert shown.returncode == 0 and len(shown.stdout.splitlines()) == len(outcomes) + 2, shown.stdout
    assert shown.stdout.splitlines()[-1].count("sent, outcome not recorded") == 1, shown.stdout
    ok("audit shows one row per change; an attempt without its outcome is 'sent, outcome not recorded'")


def check_deactivate_twice(cli):
    _, bot = a_bot_with_an_api_key(cli.simulator)
    # Given in the other spelling (bot_X for service_X): the same bot, reported as /service_users spells it.
    first = cli.json("deactivate", other_spelling(bot["id"]))
    assert first[0]["outcome"] == "changed" and first[0]["bot"]["id"] == bot["id"], first
    assert cli.simulator.get("/service_users/" + bot["id"])[1]["active"] is False
    # --yes, as a runbook passes it to every change, is accepted: deactivate never asks.
    again = cli.run("deactivate", bot["name"], "--yes")
    assert again.returncode == 0 and "sent anyway" in again.stdout, again
    ok("deactivate reaches the server; a second deactivate is sent anyway (the server's answer is the truth) and exits 0")
    assert cli.json("activate", bot["id"])[0]["outcome"] == "changed"
    every = [json.loads(line) for line in open(cli.audit)]
    lines = [line for line in every if line.get("phase") != "attempt"]
    assert [line["action"] for line in lines[-2:]] == ["deactivate", "activate"], lines
    # Each outcome follows its attempt, written before the request went out.
    for outcome in lines[-2:]:
        attempts = [i for i, line in enumerate(every) if line.get("phase") == "attempt" and line["change_id"] == outcome["change_id"]]
        assert attempts and attempts[0] < every.index(outcome), every
    ok("both changes are in the audit log, as the TUI writes them: an attempt line, then an outcome line")


def check_statuses(cli):
    assert cli.run("show", "no-such-bot").returncode == 3
    cut_short = "service_32ELIFubEAAGUeRtreNW6kr9"
    for command in (["show", cut_short], ["deactivate", cut_short], ["delete", cut_short, "--yes"], ["rename", cut_short, "x"],
                    ["sessions", cut_short], ["stop-sessions", cut_short, "--yes"], ["find", cut_short]):
        cut = cli.run(*command)
        assert cut.returncode == 2 and "not a complete id" in cut.stderr, (command, cut)
    assert cli.run("find", "zzzz-nothing-zzzz").returncode == 3
    twin = "twin-" + os.urandom(3).hex()
    assert cli.run("create-bot", twin).returncode == 0
    assert cli.run("create-bot", twin).returncode == 0
    ambiguous = cli.run("deactivate", twin)
    assert ambiguous.returncode == 4 and ambiguous.stderr.count("service_") == 2, ambiguous
    _, bot = a_bot_with_an_api_key(cli.simulator)
    assert cli.run("deactivate", bot["id"], "--read-only").returncode == 5
    assert cli.run("create-credential", bot["id"], "--kind", "nope").returncode == 2
    wrong = cli.run("show", bot["id"], key="wrong-key-0123456789")
    assert wrong.returncode == 1 and "wrong-key-0123456789" not in wrong.stderr, wrong
    ok("an id cut short is a malformed id (2) in every command, not a name that was not found")
    ok("exit statuses: 3 not found, 4 ambiguous name (candidates listed), 5 read-only, 2 usage, 1 API error")


def check_delete_needs_yes(cli):
    _, bot = a_bot_with_an_api_key(cli.simulator)
    refused = cli.run("delete", bot["id"])
    assert refused.returncode == 5 and "revokes" in refused.stderr, refused
    assert "owns no credentials" not in refused.stderr, refused
    assert cli.simulator.get("/service_users/" + bot["id"])[0] == 200
    ok("delete without a terminal and without --yes lists what would die, refuses (5) and changes nothing")
    answered = cli.run("delete", bot["id"], "--yes", "--json")
    assert answered.returncode == 0, answered
    assert cli.simulator.get("/service_users/" + bot["id"])[0] == 404
    assert json.loads(answered.stdout)[0]["revoked"], answered.stdout
    ok("delete --yes deletes the bot and reports the credentials revoked with it")


def check_rotate_prints_the_token_once(cli):
    key, bot = a_bot_with_an_api_key(cli.simulator)
    assert cli.run("rotate", key["id"]).returncode == 5
    assert cli.simulator.get("/api_keys/" + key["id"])[0] == 200
    rotated = cli.run("rotate", key["id"], "--yes", "--json")
    assert rotated.returncode == 0, rotated
    answer = json.loads(rotated.stdout)
    token = answer["token"]
    assert answer["id"] != key["id"] and answer["replaced"] == key["id"] and answer["replaced_deleted"] is True, answer
    assert cli.simulator.get("/api_keys/" + key["id"])[0] == 404
    status, replacement = cli.simulator.get("/api_keys/" + answer["id"])
    assert status == 200 and ksuid(replacement["owner_id"]) == ksuid(bot["id"]) and replacement["description"] == key["description"]
    ok("rotate --yes makes a replacement owned by the same bot with the same description, then deletes the old key")
    assert rotated.stdout.count(token) == 1 and token not in rotated.stderr
    for root, _, files in os.walk(cli.home):
        for name in files:
            with open(os.path.join(root, name), errors="replace") as handle:
                assert token not in handle.read(), f"the token was saved in {name}"
    ok("the new token is printed once on stdout and is nowhere else: not stderr, the audit log or HOME")
    again = cli.run("rotate", answer["id"], "--yes")
    assert again.returncode == 0 and f"Deleted {answer['id']}" in again.stderr, again
    ok("rotate in text mode says the old key was deleted")
    _, ssh_keys = cli.simulator.get("/ssh_credentials?limit=1")
    ssh = ssh_keys["ssh_credentials"][0]
    refused = cli.run("rotate", ssh["id"], "--yes")
    assert refused.returncode == 2 and "Rotating" not in refused.stderr and "--public-key-file" in refused.stderr, refused
    assert cli.simulator.get("/ssh_credentials/" + ssh["id"])[0] == 200
    ok("rotate of an SSH key without a new public key is refused (2) before any plan is printed, and changes nothing")


def a_bot_with_live_sessions(simulator):
    """A bot whose authtokens or SSH keys have live agent sessions, and those sessions."""
    _, sessions = simulator.get("/tunnel_sessions?limit=100")
    _, bots = simulator.get("/service_users?limit=100")
    names = {ksuid(b["id"]): b for b in bots["service_users"]}
    for session in sessions["tunnel_sessions"]:
        path = ("/ssh_credentials/" if session["credential"]["id"].startswith("sshcr_") else "/credentials/") + session["credential"]["id"]
        status, credential = simulator.get(path)
        if status == 200 and ksuid(credential["owner_id"]) in names:
            bot = names[ksuid(credential["owner_id"])]
            return bot, sessions_of(simulator, bot)
    raise AssertionError("the simulator seeded no session on a bot's credential")


def sessions_of(simulator, bot):
    owned = set()
    for path, key in [("/credentials", "credentials"), ("/ssh_credentials", "ssh_credentials")]:
        _, listed = simulator.get(path + "?limit=100")
        owned |= {c["id"] for c in listed[key] if ksuid(c["owner_id"]) == ksuid(bot["id"])}
    _, sessions = simulator.get("/tunnel_sessions?limit=100")
    return [s for s in sessions["tunnel_sessions"] if s["credential"]["id"] in owned]


def check_sessions_and_stop_sessions(cli):
    bot, live = a_bot_with_live_sessions(cli.simulator)
    listed = cli.json("sessions", bot["id"])
    entries = listed["sessions"]
    assert {e["session"]["id"] for e in entries} == {s["id"] for s in live}, (entries, live)
    for entry in entries:
        assert set(entry["session"]) == {"id", "credential_id", "ip", "region", "os", "agent_version", "transport", "started_at"}, entry
        assert entry["bot"]["id"] == bot["id"] and entry["credential"]["id"] == entry["session"]["credential_id"], entry
    ok("sessions BOT --json: each live session with its credential and bot")
    every = cli.json("sessions")["sessions"]
    assert {s["id"] for s in live} <= {e["session"]["id"] for e in every}, every
    assert any("owner_id" in e for e in every), "a person's authtoken in use names its owner"
    ok("sessions --json lists every live session of the account, people's with their owner id")
    found = cli.json("find", live[0]["id"])["matches"]
    assert found[0]["bot"]["id"] == bot["id"] and found[0]["session"]["id"] == live[0]["id"], found
    by_ip = cli.json("find", live[0]["ip"])["matches"]
    assert any(m.get("bot", {}).get("id") == bot["id"] and m["reason"] == "ip" for m in by_ip), by_ip
    ok("find ts_… and find IP name the bot whose credential the session uses")
    refused = cli.run("stop-sessions", bot["id"])
    assert refused.returncode == 5 and live[0]["id"] in refused.stderr, refused
    assert len(sessions_of(cli.simulator, bot)) == len(live)
    assert cli.run("stop-sessions", bot["id"], "--yes", "--read-only").returncode == 5
    ok("stop-sessions without a terminal and without --yes lists what would stop, refuses (5) and stops nothing")
    stopped = cli.run("stop-sessions", bot["name"], "--yes", "--json")
    assert stopped.returncode == 0, stopped
    assert {o["outcome"] for o in json.loads(stopped.stdout)} == {"stopped"}, stopped.stdout
    assert sessions_of(cli.simulator, bot) == []
    lines = [json.loads(line) for line in open(cli.audit)]
    assert sum(1 for line in lines if line["action"] == "stop-session") >= len(live), lines
    ok("stop-sessions BOT --yes stops every session of the bot, each in the audit log")
    assert cli.run("stop-sessions", live[0]["id"], "--yes").returncode == 3
    ok("stop-sessions for a session that has ended exits 3 (not found)")


def no_audit(command):
    """`list` writes nothing and takes no audit log options; the rest are told to write none."""
    return [] if command[0] == "list" else ["--no-audit-log"]


def error_lines(run):
    return [line for line in run.stderr.splitlines() if line.strip()]


def check_refused_key(cli):
    wrong = "wrong-key-0123456789"
    for command in (["show", "anything"], ["list"], ["whoami"]):
        refused = cli.bare(*command, "--api-url", cli.simulator.url, *no_audit(command), env={"NGROK_API_KEY": wrong})
        lines = error_lines(refused)
        assert refused.returncode == 1 and len(lines) == 1, (command, refused)
        assert "refused the API key from the environment variable NGROK_API_KEY" in lines[0], (command, refused.stderr)
        assert "admin's API key" in lines[0] and "retry" not in lines[0] and wrong not in refused.stdout + refused.stderr, refused
    key_file = os.path.join(cli.home, "wrong.key")
    with open(key_file, "w") as f:
        f.write(wrong + "\n")
    os.chmod(key_file, 0o600)
    from_file = cli.bare("show", "anything", "--api-url", cli.simulator.url, "--api-key-file", key_file, "--no-audit-log")
    assert from_file.returncode == 1 and len(error_lines(from_file)) == 1, from_file
    assert f"refused the API key from --api-key-file {key_file}" in from_file.stderr and wrong not in from_file.stderr, from_file
    config = os.path.join(cli.home, "xdg", "ngrok")
    os.makedirs(config, exist_ok=True)
    with open(os.path.join(config, "ngrok.yml"), "w") as f:
        f.write(f"version: 3\nagent:\n  api_key: {wrong}\n")
    from_agent = cli.bare("show", "anything", "--api-url", cli.simulator.url, "--no-audit-log",
                          env={"XDG_CONFIG_HOME": os.path.join(cli.home, "xdg")})
    assert from_agent.returncode == 1 and len(error_lines(from_agent)) == 1, from_agent
    assert f"from the ngrok agent config {config}/ngrok.yml" in from_agent.stderr and wrong not in from_agent.stderr, from_agent
    ok("a refused key is one line (exit 1) saying so, naming where the key came from (env, --api-key-file, ngrok.yml), never the key")


def check_unreachable_api(cli):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    for command in (["show", "anything"], ["list"]):
        run = cli.bare(*command, "--api-url", f"http://127.0.0.1:{port}", *no_audit(command), env={"NGROK_API_KEY": KEY})
        lines = error_lines(run)
        assert run.returncode == 1 and len(lines) == 1, (command, run)
        assert lines[0] == f"error: cannot reach 127.0.0.1:{port}: connection refused", (command, lines)
    ok("an unreachable API is one plain line (exit 1): cannot reach 127.0.0.1:PORT: connection refused")


def check_configuration_errors_exit_2(cli):
    empty_home = os.path.join(cli.home, "empty-home")
    os.makedirs(empty_home, exist_ok=True)
    for command in (["show", "anything"], ["list"], ["whoami"], ["browse"]):
        no_key = cli.bare(*command, "--api-url", cli.simulator.url, *no_audit(command), env={"HOME": empty_home})
        assert no_key.returncode == 2 and "No ngrok API key found" in no_key.stderr, (command, no_key)
        plain = cli.bare(*command, "--api-url", "http://example.com", *no_audit(command), env={"NGROK_API_KEY": KEY})
        assert plain.returncode == 2 and "refusing plain http" in plain.stderr and KEY not in plain.stderr, (command, plain)
    missing_keymap = cli.bare("--keymap", os.path.join(cli.home, "no-such-keymap.conf"), "--api-url", cli.simulator.url,
                              env={"NGROK_API_KEY": KEY})
    assert missing_keymap.returncode == 2 and "keymap" in missing_keymap.stderr, missing_keymap
    ok("configuration errors exit 2: no key, plain http to a remote host, a missing --keymap file")


def check_whoami(cli):
    answer = cli.json("whoami")
    assert answer["account"]["id"].startswith("ac_") and answer["account"]["name"], answer
    assert answer["api_key"]["id"].startswith("ak_") and "owner_id" in answer["api_key"], answer
    assert answer["api_url"].rstrip("/") == cli.simulator.url.rstrip("/"), answer
    text = cli.run("whoami")
    assert text.returncode == 0 and KEY not in text.stdout + text.stderr, text
    rows = dict(line.split("  ", 1) for line in text.stdout.splitlines())
    rows = {label.strip(): value.strip() for label, value in rows.items()}
    assert rows["account"] == answer["account"]["name"] and rows["account id"] == answer["account"]["id"], text.stdout
    assert rows["api key id"] == answer["api_key"]["id"] and rows["api url"] == answer["api_url"], text.stdout
    starts = {line.index(value) for line in text.stdout.splitlines() for value in [line.split("  ", 1)[1].strip()]}
    assert len(starts) == 1, text.stdout
    ok("whoami prints the account, the key's id and owner and the API URL, aligned; --json the same; never the key")


def check_demo_keeps_its_audit_log(cli):
    home = tempfile.mkdtemp(dir=cli.home)
    listed = cli.bare("list", "--demo", "--json", env={"HOME": home}, timeout=120)
    assert listed.returncode == 0, listed
    bot_id = next(row["id"] for row in json.loads(listed.stdout) if row["active"])
    changed = cli.bare("deactivate", bot_id, "--demo", env={"HOME": home}, timeout=120)
    assert changed.returncode == 0, changed
    written = [os.path.join(d, f) for d, _, files in os.walk(home) for f in files]
    assert not any("audit" in path for path in written), written
    ok("--demo writes no audit log to the user's directories")


def check_install(cli):
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    script = os.path.join(repo, "scripts", "install.sh")
    prefix = os.path.join(cli.home, "prefix")
    args = [script, "--prefix", prefix, "--binary", cli.binary]
    # A man page already generated (scripts/man-page.sh) is used as it is; else the script generates one.
    page = os.path.join(repo, "ngrok-bots.1")
    if os.path.exists(page):
        args += ["--man-page", page]
    installed = subprocess.run(args, capture_output=True, text=True, timeout=1800)
    assert installed.returncode == 0, installed
    files = {"bin/ngrok-bots", "share/man/man1/ngrok-bots.1", "share/bash-completion/completions/ngrok-bots",
             "share/zsh/site-functions/_ngrok-bots", "share/fish/vendor_completions.d/ngrok-bots.fish"}
    for name in files:
        assert os.path.isfile(os.path.join(prefix, name)) and os.path.getsize(os.path.join(prefix, name)) > 0, name
    version = subprocess.run([os.path.join(prefix, "bin", "ngrok-bots"), "--version"], capture_output=True, text=True, timeout=30)
    assert version.returncode == 0 and version.stdout.strip(), version
    assert "ngrok-bots" in open(os.path.join(prefix, "share/bash-completion/completions/ngrok-bots")).read()
    assert "_ngrok-bots" in open(os.path.join(prefix, "share/zsh/site-functions/_ngrok-bots")).read()
    assert "ngrok-bots" in open(os.path.join(prefix, "share/fish/vendor_completions.d/ngrok-bots.fish")).read()
    if shutil.which("man"):
        man = subprocess.run(["man", "-l", os.path.join(prefix, "share/man/man1/ngrok-bots.1")], capture_output=True, text=True,
                             timeout=60, env={"PATH": "/usr/bin:/bin", "MANPAGER": "cat", "PAGER": "cat", "LANG": "C.UTF-8", "MANWIDTH": "80"})
        assert man.returncode == 0 and "ngrok-bots" in man.stdout, man
        ok("install.sh installs the binary (--version works), the man page (man -l reads it) and a completion file per shell")
    else:
        ok("install.sh installs the binary (--version works) and a completion file per shell (no man here to read the page)")
    removed = subprocess.run([script, "--prefix", prefix, "--uninstall"], capture_output=True, text=True, timeout=60)
    assert removed.returncode == 0, removed
    left = [os.path.relpath(os.path.join(d, f), prefix) for d, _, names in os.walk(prefix) for f in names]
    assert left == [], left
    ok("install.sh --uninstall removes exactly what it installed")


def header_of(text, first):
    """The header line of a table that starts with `first`, as its words."""
    line = next((l for l in text.splitlines() if l.startswith(first + " ")), None)
    assert line is not None, text
    return line.split()


def check_text_has_columns(cli):
    key, bot = a_bot_with_an_api_key(cli.simulator)
    shown = cli.run("show", bot["id"])
    assert shown.returncode == 0, shown
    assert header_of(shown.stdout, "BOT") == ["BOT", "NAME", "STATE", "CREATED"], shown.stdout
    assert header_of(shown.stdout, "KIND")[:4] == ["KIND", "ID", "DESCRIPTION", "CREATED"], shown.stdout
    assert any(line.split()[:3] == ["API", "key", key["id"]] for line in shown.stdout.splitlines()), shown.stdout
    found = cli.run("find", key["id"])
    assert found.returncode == 0 and header_of(found.stdout, "MATCHED")[:4] == ["MATCHED", "OWNER", "NAME", "STATE"], found.stdout
    row = found.stdout.splitlines()[1].split()
    assert row[:2] == ["id", bot["id"]] and key["id"] in row, found.stdout
    live_bot, live = a_bot_with_live_sessions(cli.simulator)
    listed = cli.run("sessions", live_bot["id"])
    assert listed.returncode == 0, listed
    assert header_of(listed.stdout, "SESSION")[:5] == ["SESSION", "IP", "STARTED", "CREDENTIAL", "OWNER"], listed.stdout
    assert sorted(line.split()[0] for line in listed.stdout.splitlines()[1:]) == sorted(s["id"] for s in live), listed.stdout
    refused = cli.run("stop-sessions", live_bot["id"])
    assert refused.returncode == 5 and header_of(refused.stderr, "SESSION")[:2] == ["SESSION", "IP"], refused
    assert max(len(line) for line in refused.stderr.splitlines()) < 230, refused.stderr
    ok("show, find, sessions and stop-sessions print aligned columns under a header")
    twin = "columns-twin-" + os.urandom(3).hex()
    ids = [cli.json("create-bot", twin)["id"] for _ in range(2)]
    cli.json("create-credential", ids[0], "--kind", "authtoken", "--description", "tells them apart")
    ambiguous = cli.run("show", twin)
    assert ambiguous.returncode == 4, ambiguous
    assert header_of(ambiguous.stderr, "ID") == ["ID", "STATE", "CREATED", "API", "KEYS", "AUTHTOKENS", "SSH", "KEYS"], ambiguous.stderr
    rows = {line.split()[0]: line.split()[1:] for line in ambiguous.stderr.splitlines() if line.split() and line.split()[0] in ids}
    assert rows[ids[0]][0] == "active" and rows[ids[0]][-3:] == ["0", "1", "0"] and rows[ids[1]][-3:] == ["0", "0", "0"], ambiguous.stderr
    ok("an ambiguous name lists each candidate on its own line: id, state, created, credential counts")
    nope = cli.run("show", "bot_nope")
    assert nope.returncode == 2 and "no bot bot_nope" in nope.stderr and "is named" not in nope.stderr, nope
    named = cli.run("show", "nope-" + os.urandom(3).hex())
    assert named.returncode == 3 and named.stderr.startswith("error: no bot nope-") and "is named" not in named.stderr, named
    for command in (["rotate", "cr_cut"], ["stop-sessions", "ts_cut", "--yes"], ["sessions", "sshcr_cut"],
                    ["create-credential", "bot_cut", "--kind", "authtoken"]):
        cut = cli.run(*command)
        assert cut.returncode == 2 and "not a complete id" in cut.stderr, (command, cut)
    ok("show bot_nope says no bot bot_nope; a malformed id is malformed (2) in rotate, stop-sessions, sessions, create-credential")


def a_bot_authtoken_with_live_sessions(simulator):
    """An authtoken owned by a bot, with live sessions on it: (credential id, bot, session ids)."""
    _, bots = simulator.get("/service_users?limit=100")
    names = {ksuid(b["id"]): b for b in bots["service_users"]}
    _, sessions = simulator.get("/tunnel_sessions?limit=100")
    for session in sessions["tunnel_sessions"]:
        credential_id = session["credential"]["id"]
        if credential_id.startswith("cr_"):
            status, credential = simulator.get("/credentials/" + credential_id)
            if status == 200 and ksuid(credential["owner_id"]) in names:
                ids = [s["id"] for s in sessions["tunnel_sessions"] if s["credential"]["id"] == credential_id]
                return credential_id, names[ksuid(credential["owner_id"])], ids
    raise AssertionError("no live session on a bot's authtoken")


def check_changes_say_what_sessions_remain(cli):
    bot, live = a_bot_with_live_sessions(cli.simulator)
    ids = sorted(s["id"] for s in live)
    deactivated = cli.run("deactivate", bot["id"])
    assert deactivated.returncode == 0, deactivated
    assert header_of(deactivated.stdout, "BOT")[-2:] == ["LIVE", "SESSIONS"], deactivated.stdout
    assert f"{len(ids)} live agent session" in deactivated.stdout and "the API does not say" in deactivated.stdout, deactivated.stdout
    assert f"  ngrok-bots stop-sessions {bot['id']}" in deactivated.stdout.splitlines(), deactivated.stdout
    as_json = cli.json("deactivate", bot["id"])
    assert sorted(as_json[0]["live_sessions"]) == ids and as_json[0]["outcome"] == "unchanged", as_json
    assert "live_sessions" not in cli.json("activate", bot["id"])[0]
    ok("deactivate says how many live sessions its authtokens and SSH keys still have and prints the stop-sessions command; --json live_sessions")
    credential_id, owner, on_token = a_bot_authtoken_with_live_sessions(cli.simulator)
    rotated = cli.run("rotate", credential_id, "--yes")
    assert rotated.returncode == 0, rotated
    assert "stops working" not in rotated.stderr, rotated.stderr
    assert f"{len(on_token)} live agent session" in rotated.stderr and f"the deleted {credential_id}" in rotated.stderr, rotated.stderr
    command = next(line.strip() for line in rotated.stderr.splitlines() if line.strip().startswith("ngrok-bots stop-sessions"))
    assert sorted(command.split()[2:]) == sorted(on_token), (command, on_token)
    ok("rotate of an authtoken with live sessions counts them (not 'stops working') and prints stop-sessions with their ids")
    _, first = cli.simulator.get("/tunnel_sessions/" + on_token[0])
    found = cli.run("find", first["ip"])
    row = next(line for line in found.stdout.splitlines() if on_token[0] in line)
    assert row.split()[1] == "unknown" and f"{credential_id} (gone)" in row and "a person" not in row, found.stdout
    assert all(m.get("owner_id") is None for m in cli.json("find", first["ip"])["matches"] if m.get("session", {}).get("id") in on_token)
    ok("find IP of an agent still on the deleted credential: owner unknown, the credential (gone), not 'a person'")
    bot, live = a_bot_with_live_sessions(cli.simulator)
    ids = sorted(s["id"] for s in live)
    asked = cli.run("delete", bot["id"])
    assert asked.returncode == 5 and f"{len(ids)} live agent session" in asked.stderr, asked
    assert f"ngrok-bots stop-sessions {bot['id']}" in asked.stderr and header_of(asked.stderr, "KIND")[:2] == ["KIND", "ID"], asked.stderr
    deleted = cli.run("delete", bot["id"], "--yes")
    assert deleted.returncode == 0, deleted
    command = next(line.strip() for line in deleted.stdout.splitlines() if line.strip().startswith("ngrok-bots stop-sessions"))
    assert sorted(command.split()[2:]) == ids, (command, ids)
    stopped = cli.run(*command.split()[1:], "--yes", "--json")
    assert stopped.returncode == 0 and {o["outcome"] for o in json.loads(stopped.stdout)} == {"stopped"}, stopped
    ok("delete names the live sessions before (stop-sessions BOT) and after (stop-sessions ts_…, which works on a deleted bot's sessions)")


def requests_logged(path):
    return sum(1 for _ in open(path)) if os.path.exists(path) else 0


def every(simulator, path, key):
    """How many objects a list holds, read page by page."""
    count, query = 0, "?limit=100"
    while True:
        _, page = simulator.get(path + query)
        count += len(page[key])
        if not page.get("next_page_uri"):
            return count
        query = "?" + page["next_page_uri"].split("?", 1)[1]


def on_a_terminal(argv, env):
    """Runs argv with stderr on a pseudo-terminal (read while it runs, so it never fills) and
    stdout on a pipe: (what the terminal received, stdout)."""
    master, slave = pty.openpty()
    received = []
    reader = threading.Thread(target=lambda: drain(master, received), daemon=True)
    reader.start()
    try:
        proc = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, (argv, proc.returncode)
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    return b"".join(received).decode(), out


def drain(fd, into):
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO once the terminal's last writer is gone
            return
        if not chunk:
            return
        into.append(chunk)


def check_whole_account_reads_cost_pages(binary):
    """`sessions` on a few hundred bots: whole lists joined locally, so the requests are bounded by
    pages, not by credentials; progress only on a terminal."""
    with tempfile.TemporaryDirectory() as home:
        log = os.path.join(home, "requests.jsonl")
        simulator = Simulator(binary, "service", "--bots", "400", "--request-log", log)
        try:
            cli = CLI(binary, simulator, home)
            before = requests_logged(log)
            run = cli.run("sessions", "--json")
            spent = requests_logged(log) - before
            assert run.returncode == 0 and run.stderr == "", run.stderr
            entries = json.loads(run.stdout)["sessions"]
            credentials = {e["session"]["credential_id"] for e in entries}
            pages = lambda n: max(1, -(-n // 100))
            sizes = {key: every(simulator, path, key) for path, key in [("/tunnel_sessions", "tunnel_sessions"), ("/credentials", "credentials"),
                                                                      ("/ssh_credentials", "ssh_credentials"), ("/service_users", "service_users"),
                                                                      ("/endpoints", "endpoints")]}
            bound = sum(pages(n) for n in sizes.values()) + 3
            assert spent <= bound and spent < len(credentials) / 4, (spent, bound, len(credentials), sizes)
            ok(f"sessions on 400 bots: {spent} requests for {len(entries)} sessions on {len(credentials)} credentials (bound by pages: {bound})")
            for command in (["list", "--json"], ["since", "1h", "--json"], ["sessions"]):
                quiet = cli.bare(*command, "--api-url", simulator.url, *no_audit(command), env={"NGROK_API_KEY": KEY})
                assert quiet.returncode == 0 and quiet.stderr == "", (command, quiet.stderr)
            ok("list, since and sessions print nothing on stderr when it is not a terminal")
            env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "NGROK_API_KEY": KEY}
            for command in (["sessions"], ["list"]):
                text, out = on_a_terminal([binary, *command, "--api-url", simulator.url, "--rate-limit", "6/2s", *no_audit(command)], env)
                assert "requests answered" in text and "waiting" in text and "for the API's window (6 requests per 2 s)" in text, (command, text)
                assert text.endswith("\r\x1b[K"), (command, text[-80:])
                assert b"requests answered" not in out, out[:200]
            ok("on a terminal, sessions and list say on stderr how many requests were answered and what the window holds back, then erase the line")
        finally:
            simulator.stop()


if __name__ == "__main__":
    main(sys.argv[1])
