#!/usr/bin/env python3
"""Writes linker/ngrok-bots.order: the functions a run of ngrok-bots executes, browser first.

The binary (built by scripts/build-release.sh, every function its own section) runs the usual
paths with touched-pages.so preloaded, which records each page of its code that executes. Every
function on such a page goes into the order: the browser's on a large simulated account first
(loading, moving, filtering, sorting, the detail pane, help), then those only --demo and the
read-only commands run, then what the previous order had. Called by scripts/code-order.sh; each
run refines the last (the second settles it).

Usage: code_order.py BINARY TOUCHED_PAGES_SO OUTPUT [PREVIOUS_ORDER]
"""
import os
import re
import subprocess
import sys
import tempfile
import time

KEY = "code-order-simulator-key-0123456789"
SOCKET = f"ngrok-bots-code-order-{os.getpid()}"


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


def until_screen(text, timeout):
    deadline = time.time() + timeout
    while text not in tmux("capture-pane", "-p", "-t", "run"):
        if time.time() > deadline:
            sys.exit(f"code-order: '{text}' never appeared; the screen was:\n" + tmux("capture-pane", "-p", "-t", "run"))
        time.sleep(0.2)


def keys(*names):
    for name in names:
        tmux("send-keys", "-t", "run", name)
        time.sleep(0.25)


def quit_browser():
    # `q` asks first only while a change is on its way.
    keys("q", "y")
    deadline = time.time() + 10
    while subprocess.run(["tmux", "-L", SOCKET, "has-session", "-t", "run"], capture_output=True).returncode == 0:
        if time.time() > deadline:
            sys.exit("code-order: the browser did not quit")
        time.sleep(0.2)


def traced_env(pages_so, out):
    # The Swift runtime's crash backtracer takes SIGSEGV, which the recording needs.
    return {"LD_PRELOAD": pages_so, "TOUCH_OUT": out, "SWIFT_BACKTRACE": "enable=no"}


def browse(binary, env, arguments, home):
    settings = " ".join(f"{k}={v}" for k, v in {"HOME": home, "NGROK_API_KEY": KEY, "LANG": "C.UTF-8",
                                                  "TERM": "xterm-256color", **env}.items())
    tmux("new-session", "-d", "-s", "run", "-x", "120", "-y", "40", f"env {settings} {binary} {arguments}")


def run_paths(binary, pages_so, scratch):
    """Runs every path; returns the page files of the browser and of everything else."""
    home = tempfile.mkdtemp()
    browser = os.path.join(scratch, "browser.pages")
    others = []
    simulator = subprocess.Popen([binary, "simulator", "--port", "0", "--api-key", KEY, "--bots", "10000",
                                  "--creds-per-bot", "5"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = simulator.stdout.readline().strip()
        browse(binary, traced_env(pages_so, browser), f"--api-url {url} --no-audit-log --no-cache --rate-limit 100000/60s", home)
        until_screen("Loaded ", 300)
        time.sleep(3)  # the live sessions load after "Loaded"
        keys("j", "j", "k", "G", "g", "PageDown", "PageUp", "/", "e", "d", "g", "e", "Escape", "Enter", "j", "k", "Escape")
        keys("s", "s", "s", "s", "/", "a", "k", "_", "BSpace", "BSpace", "BSpace", "2", "0", "3", ".", "0", ".", "1",
             "1", "3", "Escape", "?", "Escape", "r")
        time.sleep(2)
        quit_browser()
        demo = os.path.join(scratch, "demo.pages")
        others.append(demo)
        browse(binary, traced_env(pages_so, demo), "--demo --no-audit-log", home)
        until_screen("Loaded ", 60)
        keys("j", "Enter", "Escape", "/", "c", "i", "Escape", "A", "n", "Escape")
        quit_browser()
        for n, command in enumerate(["list --demo", "list --demo --json", "find --demo ci-runner", "show --demo ci-runner-eu-03",
                                     "sessions --demo", "--help"]):
            out = os.path.join(scratch, f"command{n}.pages")
            others.append(out)
            subprocess.run([binary, *command.split()], env={**os.environ, **traced_env(pages_so, out)},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    finally:
        tmux("kill-server")
        simulator.terminate()
    return browser, [path for path in others if os.path.exists(path)]


def functions(binary):
    """Every function of the binary: (start, end, name), by address."""
    found = []
    listing = subprocess.run(["nm", "--defined-only", "-S", binary], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        parts = line.split(" ", 3)
        if len(parts) == 4 and parts[2] in "tTW" and parts[2] != "":
            start, size = int(parts[0], 16), int(parts[1], 16)
            if size > 0:
                found.append((start, start + size, parts[3]))
    return sorted(found)


def code_segment_vaddr(binary):
    """The address in the file's layout where the executable segment's first page starts."""
    headers = subprocess.run(["readelf", "-lW", binary], capture_output=True, text=True, check=True).stdout
    for line in headers.splitlines():
        fields = line.split()
        if fields[:1] == ["LOAD"] and re.fullmatch(r"R?W?E", "".join(fields[6:-1])):
            return int(fields[2], 16) & ~0xFFF
    sys.exit("code-order: no executable segment")


def ran(pages_file, table, code_vaddr):
    """The functions on the pages the run recorded."""
    lines = open(pages_file).read().split()
    base = int(lines[1], 16) - code_vaddr
    pages = {int(address, 16) - base for address in lines[2:]}
    return {name for start, end, name in table
            if any(page in pages for page in range(start & ~0xFFF, end, 0x1000))}


def main(binary, pages_so, output, previous=None):
    scratch = tempfile.mkdtemp()
    browser, others = run_paths(binary, pages_so, scratch)
    table = functions(binary)
    code_vaddr = code_segment_vaddr(binary)
    first = ran(browser, table, code_vaddr)
    rest = set().union(*(ran(path, table, code_vaddr) for path in others)) - first
    # In address order within each group: what was near stays near.
    order = [name for _, _, name in table if name in first] + [name for _, _, name in table if name in rest]
    # A page that ran holds functions that did not, and a binary laid out in the last order puts
    # other neighbours on a page: what the last order had and this run did not touch stays, after.
    if previous and os.path.exists(previous):
        order += open(previous).read().split()
    os.makedirs(os.path.dirname(output), exist_ok=True)
    with open(output, "w") as file:
        file.write("\n".join(dict.fromkeys(order)) + "\n")
    size = sum(end - start for start, end, name in table if name in first)
    print(f"{output}: {len(first)} functions the browser ran ({size // 1024} KiB), then {len(rest)} more", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:5])
