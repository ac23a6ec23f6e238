#!/usr/bin/env python3
"""How fast the real program answers a key, seen from outside: the release binary in tmux against a
simulator of 10,000 bots and 50,000 credentials, fully loaded; a key is sent and the time until
the screen changes is measured (tmux's own delay included). Also the process's peak resident
memory (the heap, RssAnon, and the peak, VmHWM), and the time from launch to the first frame in --demo. Prints numbers; nothing here
passes or fails.

Usage: python3 scripts/latency.py [PATH/TO/ngrok-bots] [rounds]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

KEY = "latency-simulator-key-0123456789"
SOCKET = f"ngrok-bots-latency-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


def screen():
    return tmux("capture-pane", "-p", "-t", "lat")


def until_changed(before, timeout=5.0):
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        now = screen()
        if now != before:
            return time.perf_counter() - start, now
    raise AssertionError("the screen did not change")


def settled(shown, quiet=0.05):
    """The screen once it has stopped changing: a change can be seen half drawn, and the next key
    must not be sent before the last one's frame is complete (two keys in one frame look like none)."""
    still_since = time.perf_counter()
    while time.perf_counter() - still_since < quiet:
        now = screen()
        if now != shown:
            shown, still_since = now, time.perf_counter()
    return shown


def pid_of(binary):
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                argv = open(f"/proc/{entry}/cmdline", "rb").read().split(b"\0")
            except OSError:
                continue
            # The whole path: another checkout's ngrok-bots may be running its own tests.
            if argv and os.path.realpath(argv[0].decode()) == os.path.realpath(binary) and b"--api-url" in argv:
                return entry
    return None


def first_frame(binary, runs=20):
    """Launch to first frame in --demo: from asking tmux for the session until the header is on screen."""
    times = []
    for run in range(runs):
        home = tempfile.mkdtemp()
        session = f"first{run}"
        start = time.perf_counter()
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
             f"env HOME={home} LANG=C.UTF-8 TERM=xterm-256color {binary} --demo --no-audit-log --no-cache")
        while "ngrok-bots" not in tmux("capture-pane", "-p", "-t", session):
            assert time.perf_counter() - start < 10, "no first frame in 10 s"
        times.append(time.perf_counter() - start)
        tmux("kill-session", "-t", session)
    times.sort()
    print(f"  launch to first frame in --demo ({runs} launches): median {statistics.median(times) * 1000:6.1f} ms   "
          f"worst {times[-1] * 1000:6.1f} ms")


def main(binary, rounds):
    simulator = subprocess.Popen([binary, "simulator", "--port", "0", "--api-key", KEY, "--bots", "10000",
                                  "--creds-per-bot", "5"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = simulator.stdout.readline().strip()
    home = tempfile.mkdtemp()
    try:
        tmux("new-session", "-d", "-s", "lat", "-x", "120", "-y", "40",
             f"env HOME={home} NGROK_API_KEY={KEY} LANG=C.UTF-8 TERM=xterm-256color {binary} --api-url {url} "
             f"--no-audit-log --no-cache --rate-limit 100000/60s")
        deadline = time.time() + 600
        while "Loaded " not in screen():
            assert time.time() < deadline, screen()
            time.sleep(0.2)
        # The live sessions load after "Loaded" and fill in the LIVE column: measured keys start
        # once the screen has been still for a second, so no change is taken for a key's.
        shown, still_since = screen(), time.time()
        while time.time() - still_since < 1.0:
            time.sleep(0.1)
            now = screen()
            if now != shown:
                shown, still_since = now, time.time()
        samples = {"cursor move (j/k)": [], "filter keystroke": []}
        for i in range(rounds):
            tmux("send-keys", "-t", "lat", "j" if i % 2 == 0 else "k")
            took, shown = until_changed(shown)
            shown = settled(shown)
            samples["cursor move (j/k)"].append(took)
            if took > 0.1 and os.environ.get("LATENCY_VERBOSE"): print(f"  slow key {i}: {took * 1000:.0f} ms")
        tmux("send-keys", "-t", "lat", "/")
        _, shown = until_changed(shown)
        shown = settled(shown)
        for i in range(rounds):
            # Typing and erasing one character: each is one keystroke that refilters 10,000 bots.
            tmux("send-keys", "-t", "lat", "e" if i % 2 == 0 else "BSpace")
            took, shown = until_changed(shown)
            shown = settled(shown)
            samples["filter keystroke"].append(took)
        print(f"ngrok-bots in tmux, 10,000 bots / 50,000 credentials loaded, {rounds} keys each:")
        for label, values in samples.items():
            values.sort()
            print(f"  {label:22} median {statistics.median(values) * 1000:6.1f} ms   worst {values[-1] * 1000:6.1f} ms")
        pid = pid_of(binary)
        if pid:
            status = open(f"/proc/{pid}/status").read()
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            # The heap is what the program really holds; VmHWM also counts its shared, file-backed code.
            print(f"  heap (RssAnon)         {fields['RssAnon'].strip()}   target 35 MB")
            print(f"  peak resident (VmHWM)  {fields['VmHWM'].strip()}")
        first_frame(binary)
    finally:
        tmux("kill-server")
        simulator.terminate()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".build/release/ngrok-bots", int(sys.argv[2]) if len(sys.argv) > 2 else 100)
