#!/usr/bin/env bash
# Installs what this machine lacks to build ngrok-bots (and, with --test, to test it).
# Safe to run again: it only installs what is missing.
set -euo pipefail

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

missing=()
have_header() { [ -e /usr/include/ncursesw/ncurses.h ] || [ -e /usr/include/ncurses.h ]; }
have_header || missing+=(libncursesw5-dev)
# libyaml reads the ngrok agent's ngrok.yml (the CYAML target); libyaml-dev has the header and libyaml.a.
[ -e /usr/include/yaml.h ] || missing+=(libyaml-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ "$want_test" = 1 ]; then
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
fi
# The terminfo entries the UI and its tests use.
[ -e /usr/share/terminfo/x/xterm-256color ] || [ -e /lib/terminfo/x/xterm-256color ] || missing+=(ncurses-base)

if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq >/dev/null
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
