#!/usr/bin/env bash
# Builds `hanzi` in release mode and installs it, its shell completions and its man page under
# PREFIX (default /usr/local), so it runs from any directory without the source tree or the
# Swift toolchain. Needs python3 for the man page.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-${PREFIX:-/usr/local}}"

Scripts/ensure-system-dependencies.sh
# The Swift standard library and Foundation are linked in (--static-swift-stdlib), so the
# installed binary needs only system libraries (libopencc, libstdc++, libc) and keeps working
# when the toolchain moves or is removed; Scripts/test-install.sh checks it.
swift build -c release --product hanzi --static-swift-stdlib >&2
bin_path="$(swift build -c release --static-swift-stdlib --show-bin-path)"

install -d "$prefix/bin" "$prefix/share/man/man1" \
    "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
    "$prefix/share/fish/vendor_completions.d"
install -m 0755 "$bin_path/hanzi" "$prefix/bin/hanzi"
# Resource bundles (HanziKit's own dictionary data) sit next to the binary, where Foundation looks.
for bundle in "$bin_path"/*.resources; do
    [ -d "$bundle" ] || continue
    rm -rf "$prefix/bin/$(basename "$bundle")"
    cp -R "$bundle" "$prefix/bin/"
done

"$prefix/bin/hanzi" --generate-completion-script bash > "$prefix/share/bash-completion/completions/hanzi"
"$prefix/bin/hanzi" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_hanzi"
"$prefix/bin/hanzi" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/hanzi.fish"

# The man page comes from the command definitions (`hanzi --experimental-dump-help`), dated by
# the last commit when there is one.
SOURCE_DATE_EPOCH="$(git log -1 --format=%ct 2>/dev/null || true)" \
    python3 Scripts/generate-manual.py "$prefix/bin/hanzi" > "$prefix/share/man/man1/hanzi.1.tmp"
mv "$prefix/share/man/man1/hanzi.1.tmp" "$prefix/share/man/man1/hanzi.1"
chmod 0644 "$prefix/share/man/man1/hanzi.1"

echo "Installed hanzi $("$prefix/bin/hanzi" --version) into $prefix" >&2
