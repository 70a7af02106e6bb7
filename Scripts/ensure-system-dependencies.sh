#!/usr/bin/env bash
# Makes sure the system OpenCC library, its data and the opencc CLI (the test oracle) are installed.
# With --tests, also the packages whose zh_TW and zh_CN gettext catalogs the tests read as prose
# (listed in Tests/Catalogs/catalogs.txt).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
pkg-config --exists opencc 2>/dev/null || missing+=(libopencc-dev pkg-config)
command -v opencc >/dev/null 2>&1 || missing+=(opencc)
[ -f /usr/share/opencc/t2s.json ] || missing+=(libopencc-data)

catalogs=()
if [ "${1:-}" = "--tests" ]; then
    command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)  # makes a catalog to test the reader
    while read -r package domain; do
        case "$package" in '' | '#'*) continue ;; esac
        for locale in zh_TW zh_CN; do
            catalog="/usr/share/locale/$locale/LC_MESSAGES/$domain.mo"
            catalogs+=("$catalog")
            [ -f "$catalog" ] || missing+=("$package")
        done
    done <Tests/Catalogs/catalogs.txt
fi
[ ${#missing[@]} -eq 0 ] && exit 0
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} with apt-get…" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    # --reinstall: a catalog can be missing from a package that is installed (a deleted file).
    apt-get install -y -qq --reinstall --no-install-recommends "${missing[@]}" >&2
else
    echo "HanziKit needs these packages. Install them with:" >&2
    echo "    sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
for catalog in "${catalogs[@]}"; do
    [ -f "$catalog" ] && continue
    echo "$catalog is still missing: does a path-exclude in /etc/dpkg/dpkg.cfg.d drop translations?" >&2
    exit 1
done
