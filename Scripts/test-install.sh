#!/usr/bin/env bash
# Installs hanzi with Scripts/install.sh into a new, empty prefix and checks what a user gets:
# a binary that needs only system libraries (ldd names nothing of the toolchain, no run path
# but $ORIGIN)
# and runs with the toolchain's folder hidden, its completions and its man page.
# Hiding the toolchain needs a private mount namespace (unshare, as root); the binary alone sees it.
set -euo pipefail
cd "$(dirname "$0")/.."
prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
fail() { echo "test-install: $*" >&2; exit 1; }

Scripts/install.sh "$prefix"
hanzi="$prefix/bin/hanzi"
toolchain="$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")"   # PREFIX for PREFIX/usr/bin/swift

echo "ldd $hanzi:" >&2
ldd "$hanzi" | sed 's/^/    /' >&2
if ldd "$hanzi" | grep -Eq "libswift|libFoundation|libdispatch|libBlocksRuntime|$toolchain|not found"; then
    fail "the installed binary still depends on the Swift runtime or the toolchain"
fi
# A run path relative to the binary ($ORIGIN) is harmless; one into the toolchain is not.
runpaths="$(readelf -d "$hanzi" | sed -n 's/.*(\(RPATH\|RUNPATH\)).*\[\(.*\)\]/\2/p' | tr ':' '\n' | grep -v '^\$ORIGIN$' || true)"
[ -z "$runpaths" ] || fail "the installed binary has a run path outside its folder: $runpaths"

# Run it with the toolchain folder hidden under an empty tmpfs, and no PATH into it.
output="$(printf '头发\n' | unshare --mount --propagation private sh -c \
    'mount -t tmpfs none "$1" && ls -A "$1" | wc -l && env -i PATH=/usr/bin:/bin HOME="$2" "$3" convert -c s2t' \
    sh "$toolchain" "$prefix" "$hanzi")"
[ "$output" = "$(printf '0\n頭髮')" ] || fail "with the toolchain hidden: expected 0 files and 頭髮, got: $output"

[ -s "$prefix/share/bash-completion/completions/hanzi" ] || fail "no bash completion"
[ -s "$prefix/share/zsh/site-functions/_hanzi" ] || fail "no zsh completion"
[ -s "$prefix/share/fish/vendor_completions.d/hanzi.fish" ] || fail "no fish completion"
warnings="$(LANG=C.UTF-8 MANWIDTH=80 man --warnings=w -l "$prefix/share/man/man1/hanzi.1" 2>&1 >/dev/null)"
[ -z "$warnings" ] || fail "man warned: $warnings"
LANG=C.UTF-8 MANWIDTH=80 man -l "$prefix/share/man/man1/hanzi.1" | grep -q "echo '头发' | hanzi convert" ||
    fail "the man page lost its UTF-8 examples"
echo "test-install: ldd, RUNPATH, toolchain hidden, completions and man page as expected" >&2
