#!/usr/bin/env bash
# Installs what HanziKit and its tests need and runs the whole test suite; fails when a test was
# skipped for any reason but a platform's (Scripts/check-skips.sh).
# HANZIKIT_CORPORA=FOLDER runs the prose suites on larger corpora (hant.txt, hans.txt) instead of
# the gettext catalogs' text.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/ensure-system-dependencies.sh --tests
Scripts/ensure-test-tools.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
swift test "$@" 2>&1 | tee "$log"
Scripts/check-skips.sh "$log"
