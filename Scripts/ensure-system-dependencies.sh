#!/usr/bin/env bash
# Makes sure the system OpenCC library, its data and the opencc CLI (the test oracle) are installed.
set -euo pipefail

missing=()
pkg-config --exists opencc 2>/dev/null || missing+=(libopencc-dev pkg-config)
command -v opencc >/dev/null 2>&1 || missing+=(opencc)
[ -f /usr/share/opencc/t2s.json ] || missing+=(libopencc-data)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} with apt-get…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
    echo "HanziKit needs the system OpenCC library. Install it with:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
