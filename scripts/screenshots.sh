#!/usr/bin/env bash
# Makes the PNGs in screenshots/ from the real program in --demo mode: Xvfb, xterm and tmux
# drive it; ImageMagick's `import` captures the window. Installs what it needs when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --test

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xterm >/dev/null || need+=(xterm)
command -v import >/dev/null || need+=(imagemagick)
command -v xwininfo >/dev/null || need+=(x11-utils)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || need+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -qi "wenquanyi" || need+=(fonts-wqy-microhei)
fc-list 2>/dev/null | grep -qi "symbola" || need+=(fonts-symbola)
if [ "${#need[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

swift build --product ngrok-bots >/dev/null
BIN="$PWD/.build/debug/ngrok-bots"
OUT="$PWD/screenshots"
mkdir -p "$OUT"
SOCK=ngrok-bots-shots
DISPLAY_NUMBER=:97
WORK=$(mktemp -d)

Xvfb "$DISPLAY_NUMBER" -screen 0 1800x1100x24 >/dev/null 2>&1 &
XVFB_PID=$!
cleanup() {
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    kill "$XVFB_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
export DISPLAY=$DISPLAY_NUMBER
sleep 1

screen_has() { tmux -L "$SOCK" capture-pane -p -t shot | grep -qF -- "$1"; }
wait_for() {
    for _ in $(seq 1 100); do screen_has "$1" && return 0; sleep 0.1; done
    echo "screenshots: timed out waiting for '$1'" >&2
    tmux -L "$SOCK" capture-pane -p -t shot >&2
    return 1
}
keys() { tmux -L "$SOCK" send-keys -t shot "$@"; }

# Starts the demo at COLSxROWS in tmux and shows it in an xterm of the same size.
start() {
    local cols=$1 rows=$2
    tmux -L "$SOCK" kill-server 2>/dev/null || true
    tmux -L "$SOCK" new-session -d -s shot -x "$cols" -y "$rows" \
        "env HOME=$WORK LANG=C.UTF-8 TERM=xterm-256color $BIN --demo --no-audit-log"
    tmux -L "$SOCK" set-option -t shot status off
    xterm -title SHOT -geometry "${cols}x${rows}" -fa 'DejaVu Sans Mono' -fs 11 \
        -e env TERM=xterm-256color tmux -L "$SOCK" attach -t shot >/dev/null 2>&1 &
    XTERM_PID=$!
    wait_for "Loaded "
    sleep 0.5
}
stop() {
    kill "$XTERM_PID" 2>/dev/null || true
    wait "$XTERM_PID" 2>/dev/null || true
}
shot() {
    sleep 0.4
    local id
    id=$(xwininfo -name SHOT | awk '/Window id/{print $4}')
    import -window "$id" "$OUT/$1.png"
    echo "screenshots: $1.png" >&2
}

start 120 40
keys j j Enter
sleep 0.3
shot list-detail-120x40
keys Escape D
wait_for "bot"
shot confirm-deactivate
keys Escape
KEY_ID=$(tmux -L "$SOCK" capture-pane -p -t shot | grep -oE 'ak_[A-Za-z0-9]{27}' | head -1)
# Apart from the Escape, or the terminal reads ESC G as Alt-G.
sleep 0.3
keys G d
wait_for "This cannot be undone"
# The dialog asks the server what the bot owns and redraws when it answers.
sleep 0.5
shot confirm-delete
keys Escape '?'
wait_for "Keys: list"
shot help
keys Escape /
keys -l "${KEY_ID:-ak_}"
keys Enter
wait_for "bots match"
shot filter-by-key
stop

start 80 24
shot list-80x24
stop
