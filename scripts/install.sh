#!/usr/bin/env bash
# Installs ngrok-bots: the binary as P/bin/ngrok-bots, the man page as P/share/man/man1/ngrok-bots.1
# and completions for bash, zsh and fish under P/share; --uninstall removes exactly those files.
#
#   scripts/install.sh [--prefix P] [--binary PATH] [--man-page PATH] [--uninstall]
#
#   --prefix P        where to install (default /usr/local; ~/.local needs no sudo)
#   --binary PATH     install this ngrok-bots (the static build, or one already built) instead of
#                     building the release binary with `swift build -c release --product ngrok-bots`
#   --man-page PATH   install this man page instead of generating it with scripts/man-page.sh
#   --uninstall       remove what an install put under P, and nothing else
set -euo pipefail

usage() { sed -n '5,11s/^# \{0,1\}//p' "$0"; }

prefix=/usr/local
binary=""
man_page=""
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#*=}"; shift ;;
        --binary) [ $# -ge 2 ] || { echo "install.sh: --binary needs a path" >&2; exit 2; }; binary="$2"; shift 2 ;;
        --binary=*) binary="${1#*=}"; shift ;;
        --man-page) [ $# -ge 2 ] || { echo "install.sh: --man-page needs a path" >&2; exit 2; }; man_page="$2"; shift 2 ;;
        --man-page=*) man_page="${1#*=}"; shift ;;
        --uninstall) uninstall=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "install.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[ -n "$prefix" ] || { echo "install.sh: --prefix is empty" >&2; exit 2; }
prefix="${prefix%/}"

repo="$(cd "$(dirname "$0")/.." && pwd)"
target_bin="$prefix/bin/ngrok-bots"
target_man="$prefix/share/man/man1/ngrok-bots.1"
target_bash="$prefix/share/bash-completion/completions/ngrok-bots"
target_zsh="$prefix/share/zsh/site-functions/_ngrok-bots"
target_fish="$prefix/share/fish/vendor_completions.d/ngrok-bots.fish"

if [ "$uninstall" = 1 ]; then
    for file in "$target_bin" "$target_man" "$target_bash" "$target_zsh" "$target_fish"; do
        if [ -e "$file" ] || [ -L "$file" ]; then
            rm -f -- "$file"
            echo "removed $file"
        fi
    done
    exit 0
fi

# Files named on the command line are checked before anything is built or written.
if [ -n "$binary" ]; then
    [ -f "$binary" ] && [ -x "$binary" ] || { echo "install.sh: --binary $binary is not an executable file" >&2; exit 2; }
fi
if [ -n "$man_page" ]; then
    [ -f "$man_page" ] || { echo "install.sh: --man-page $man_page is not a file" >&2; exit 2; }
fi

if [ -z "$binary" ]; then
    echo "install.sh: building the release binary (swift build -c release --product ngrok-bots)" >&2
    "$repo/scripts/build-release.sh" ngrok-bots >&2
    binary="$repo/.build/release/ngrok-bots"
fi
version="$("$binary" --version)" || { echo "install.sh: $binary does not run" >&2; exit 1; }

if [ -z "$man_page" ]; then
    echo "install.sh: generating the man page (scripts/man-page.sh)" >&2
    "$repo/scripts/man-page.sh" >&2
    man_page="$repo/ngrok-bots.1"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for shell in bash zsh fish; do
    "$binary" --generate-completion-script "$shell" > "$work/completion.$shell"
    [ -s "$work/completion.$shell" ] || { echo "install.sh: $binary wrote no $shell completion script" >&2; exit 1; }
done

for dir in "$(dirname "$target_bin")" "$(dirname "$target_man")" "$(dirname "$target_bash")" "$(dirname "$target_zsh")" \
           "$(dirname "$target_fish")"; do
    mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ] || {
        echo "install.sh: cannot write to $dir: run it with sudo, or choose another place with --prefix (e.g. ~/.local)" >&2
        exit 1
    }
done

# Beside the old binary, then renamed over it: a running ngrok-bots keeps its file.
install -m 755 "$binary" "$target_bin.new"
mv -f "$target_bin.new" "$target_bin"
install -m 644 "$man_page" "$target_man"
install -m 644 "$work/completion.bash" "$target_bash"
install -m 644 "$work/completion.zsh" "$target_zsh"
install -m 644 "$work/completion.fish" "$target_fish"

echo "installed $version"
for file in "$target_bin" "$target_man" "$target_bash" "$target_zsh" "$target_fish"; do echo "  $file"; done
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "note: $prefix/bin is not on PATH" ;;
esac
