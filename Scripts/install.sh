#!/usr/bin/env bash
# Builds `hanzi` in release mode and installs it, its shell completions and its man page under
# PREFIX (default /usr/local), so it runs from any directory without the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="${1:-${PREFIX:-/usr/local}}"

Scripts/ensure-system-dependencies.sh
swift build -c release --product hanzi >&2
bin_path="$(swift build -c release --show-bin-path)"

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

manual_folder="$(mktemp -d)"
trap 'rm -rf "$manual_folder"' EXIT
swift package plugin --allow-writing-to-directory "$manual_folder" generate-manual \
    --configuration release --output-directory "$manual_folder" >&2
install -m 0644 "$manual_folder"/hanzi.1 "$prefix/share/man/man1/hanzi.1"

echo "Installed hanzi $("$prefix/bin/hanzi" --version) into $prefix" >&2
