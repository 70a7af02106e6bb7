#!/usr/bin/env bash
# The entry of the pre-commit hooks (.pre-commit-hooks.yaml): builds the `hanzi` product alone,
# in release mode, the first time (pre-commit keeps this clone, so later runs reuse it), then
# runs it with the hook's arguments and the files pre-commit passes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
hanzi="$root/.build/release/hanzi"
if [ ! -x "$hanzi" ]; then
    echo "Building hanzi (once)…" >&2
    swift build --package-path "$root" -c release --product hanzi >&2
fi
exec "$hanzi" "$@"
