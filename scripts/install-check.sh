#!/usr/bin/env bash
# `cargo install --locked --path .` (as README says) into a throwaway root,
# then run the installed binary from an empty directory with an empty home:
# it must find its built-in library without any files beside it.
set -euo pipefail
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cargo install --locked --quiet --path "$(dirname "$0")/.." --root "$root/install"
mkdir -p "$root/empty" && cd "$root/empty"
export HOME="$root/home" XDG_CONFIG_HOME="$root/home/.config" XDG_DATA_HOME="$root/home/.local/share"
unset BACKRELIEF_LIBRARY BACKRELIEF_HOME
"$root/install/bin/backrelief" check
"$root/install/bin/backrelief" list --muscle hamstrings | head -3
"$root/install/bin/backrelief" show bird-dog | head -2
echo "install check: ok"
