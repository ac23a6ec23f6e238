"""Profiles of config.yml as an admin with two accounts uses them: two simulators (two keys, two
account names), `--profile`, NGROK_BOTS_PROFILE and default_profile choosing, a key from a command,
the command line over the profile, and `config check` listing every mistake with its path and line.

Usage: python3 test_cli_profiles.py PATH/TO/ngrok-bots
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from test_cli import Simulator, ok  # noqa: E402

ALPHA_KEY = "alpha-simulator-key-0123456789"
BETA_KEY = "beta-simulator-key-9876543210"


class Setup:
    def __init__(self, binary, home, alpha, beta):
        self.binary = binary
        self.home = home
        self.alpha = alpha
        self.beta = beta
        self.config_dir = os.path.join(home, "xdg", "ngrok-bots")
        os.makedirs(self.config_dir, exist_ok=True)
        self.config = os.path.join(self.config_dir, "config.yml")
        # The helper a password manager would be: the key on stdout, its own chatter on stderr.
        with open(os.path.join(home, "beta-key.sh"), "w") as f:
            f.write(f"echo 'unlocking the beta key' >&2\nprintf '%s\\n' '{BETA_KEY}'\n")

    def write_config(self, text):
        with open(self.config, "w") as f:
            f.write(text)

    def run(self, *args, env=None):
        base = {"PATH": "/usr/bin:/bin", "HOME": self.home, "LANG": "C.UTF-8", "XDG_CONFIG_HOME": os.path.join(self.home, "xdg"),
                "XDG_CACHE_HOME": os.path.join(self.home, "cache"), "XDG_STATE_HOME": os.path.join(self.home, "state")}
        return subprocess.run([self.binary, *args], env={**base, **(env or {})}, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)

    def whoami(self, *args, env=None):
        run = self.run("whoami", "--json", *args, env=env)
        assert run.returncode == 0, (args, env, run)
        return json.loads(run.stdout), run


def two_profiles(setup):
    return f"""# two accounts
default_profile: alpha
audit_log: ~/changes.jsonl
profiles:
  alpha:
    api_key_env: ALPHA_KEY
    api_url: {setup.alpha.url}
  beta:
    api_key_command: sh ~/beta-key.sh
    api_url: {setup.beta.url}
    read_only: true
    production: true
  broken:
    api_key_command: echo half a key; exit 3
    api_url: {setup.beta.url}
"""


def check_profiles_pick_the_account(setup):
    setup.write_config(two_profiles(setup))
    env = {"ALPHA_KEY": ALPHA_KEY}
    answer, _ = setup.whoami(env=env)
    assert answer["profile"] == "alpha" and answer["account"]["name"] == "alpha@example.com", answer
    assert answer["api_url"].rstrip("/") == setup.alpha.url.rstrip("/"), answer
    ok("default_profile picks alpha: its key variable and its API URL")

    answer, run = setup.whoami("--profile", "beta", env=env)
    assert answer["profile"] == "beta" and answer["account"]["name"] == "beta@example.com", answer
    assert "unlocking the beta key" in run.stderr and BETA_KEY not in run.stdout + run.stderr, run
    ok("--profile beta: the key from api_key_command (its stderr passed through, its output never shown)")

    answer, _ = setup.whoami(env={**env, "NGROK_BOTS_PROFILE": "beta"})
    assert answer["profile"] == "beta" and answer["account"]["name"] == "beta@example.com", answer
    answer, _ = setup.whoami("--profile", "alpha", env={**env, "NGROK_BOTS_PROFILE": "beta"})
    assert answer["profile"] == "alpha" and answer["account"]["name"] == "alpha@example.com", answer
    ok("NGROK_BOTS_PROFILE chooses too; --profile wins over it")

    answer, _ = setup.whoami(env={**env, "NGROK_API_KEY": "some-other-key-000000"})
    assert answer["account"]["name"] == "alpha@example.com", answer
    text = setup.run("whoami", env=env)
    assert text.returncode == 0 and text.stdout.splitlines()[0].split() == ["profile", "alpha"], text.stdout
    ok("the profile's key wins over NGROK_API_KEY; whoami's text starts with the profile")

    crossed = setup.run("whoami", "--api-url", setup.beta.url, env=env)
    assert crossed.returncode == 1 and "refused the API key" in crossed.stderr and ALPHA_KEY not in crossed.stderr, crossed
    ok("--api-url on the command line wins over the profile's api_url (alpha's key sent to beta is refused)")


def check_profile_settings_apply(setup):
    setup.write_config(two_profiles(setup))
    listed = setup.run("list", "--json", "--profile", "beta")
    assert listed.returncode == 0, listed
    bot = json.loads(listed.stdout)[0]
    refused = setup.run("deactivate", bot["id"], "--profile", "beta")
    assert refused.returncode == 5, refused
    changed = setup.run("deactivate", bot["id"], "--profile", "beta", "--no-read-only")
    assert changed.returncode == 0, changed
    audit = os.path.join(setup.home, "changes.jsonl")
    lines = [json.loads(line) for line in open(audit)]
    assert any(line.get("action") == "deactivate" and line.get("target_id") == bot["id"] for line in lines), lines
    assert setup.run("activate", bot["id"], "--profile", "beta", "--no-read-only").returncode == 0
    ok("beta's read_only refuses a change (exit 5), --no-read-only overrides it; the top-level audit_log (~ expanded) records it")


def check_profile_errors_exit_2(setup):
    setup.write_config(two_profiles(setup))
    unknown = setup.run("whoami", "--profile", "gamma", env={"ALPHA_KEY": ALPHA_KEY})
    assert unknown.returncode == 2 and 'names "gamma"' in unknown.stderr and "known profiles: alpha, beta, broken" in unknown.stderr, unknown
    from_env = setup.run("list", env={"ALPHA_KEY": ALPHA_KEY, "NGROK_BOTS_PROFILE": "gamma"})
    assert from_env.returncode == 2 and "NGROK_BOTS_PROFILE" in from_env.stderr, from_env
    broken = setup.run("whoami", "--profile", "broken")
    assert broken.returncode == 2 and "exited with status 3" in broken.stderr and "half a key" not in broken.stderr, broken
    unset = setup.run("whoami")
    assert unset.returncode == 2 and "ALPHA_KEY is not set" in unset.stderr, unset
    demo = setup.run("list", "--demo", "--profile", "alpha")
    assert demo.returncode == 2 and "--demo and --profile" in demo.stderr, demo
    ok("an unknown profile (--profile or NGROK_BOTS_PROFILE), a failing key command, an unset key variable exit 2")


def check_config_check(setup):
    setup.write_config(two_profiles(setup))
    clean = setup.run("config", "check")
    assert clean.returncode == 0 and clean.stdout.splitlines()[-1] == f"ok: {setup.config}", clean
    keymap = os.path.join(setup.config_dir, "keymap.conf")
    with open(keymap, "w") as f:
        f.write("# mine\nbind list x deactivate\nbind list z no-such-action\nbind nowhere q quit\n")
    open_key = os.path.join(setup.home, "open.key")
    with open(open_key, "w") as f:
        f.write("k" * 20 + "\n")
    os.chmod(open_key, 0o644)
    setup.write_config(f"""default_profile: prod
read_ony: true
profiles:
  lab:
    api_key_file: ~/open.key
    rate_limit: fast
    production: maybe
  gone:
    api_key_file: ~/missing.key
""")
    bad = setup.run("config", "check")
    assert bad.returncode == 2, bad
    lines = bad.stdout.splitlines()
    config_lines = [line.split(": ", 1)[0] for line in lines if line.startswith(setup.config + ":")]
    assert config_lines == [f"{setup.config}:{n}" for n in (1, 2, 5, 6, 7, 9)], lines
    assert any("unknown key \"read_ony\"" in line for line in lines) and any("is readable by others (mode 644)" in line for line in lines), lines
    assert any(line.startswith(f"{keymap}:3:") for line in lines) and any(line.startswith(f"{keymap}:4:") for line in lines), lines
    assert not any(line.startswith(f"{keymap}:2:") for line in lines), lines
    assert "k" * 20 not in bad.stdout + bad.stderr, bad
    ok("config check prints every mistake of config.yml and keymap.conf as PATH:LINE: message and exits 2")

    refuses = setup.run("list", env={"ALPHA_KEY": ALPHA_KEY})
    assert refuses.returncode == 2 and f"{setup.config}:2:" in refuses.stderr, refuses
    ok("a command refuses a config file with errors (exit 2), naming the line")
    os.remove(keymap)
    os.remove(setup.config)
    nothing = setup.run("config", "check")
    assert nothing.returncode == 0 and "no config file" in nothing.stdout, nothing


def main(binary):
    alpha = Simulator(binary, "bot", "--api-key", ALPHA_KEY, "--account-name", "alpha@example.com", "--bots", "5")
    beta = Simulator(binary, "service", "--api-key", BETA_KEY, "--account-name", "beta@example.com", "--bots", "7")
    failures = 0
    try:
        with tempfile.TemporaryDirectory() as home:
            setup = Setup(binary, home, alpha, beta)
            for check in [check_profiles_pick_the_account, check_profile_settings_apply, check_profile_errors_exit_2, check_config_check]:
                try:
                    check(setup)
                except Exception as error:  # report every check, then fail
                    failures += 1
                    print(f"not ok - {check.__name__}: {error!r}")
    finally:
        alpha.stop()
        beta.stop()
    if failures:
        sys.exit(1)
    print("profile tests passed")


if __name__ == "__main__":
    main(sys.argv[1])
