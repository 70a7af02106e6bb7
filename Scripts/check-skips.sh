#!/usr/bin/env bash
# Reads the output of `swift test` (a file, or standard input) and fails when a test was skipped
# for any reason but a platform's: the reasons are listed once, in PlatformFacility
# (Tests/HanziKitTests/TestSupport.swift), and each starts with "platform:". Missing test data
# or tools are never a reason to skip; the scripts install them.
# Usage: Scripts/check-skips.sh [LOG]
set -euo pipefail
# Swift Testing: `➜ Test "name" skipped: "reason"`; XCTest: `Test Case 'name' skipped`.
skipped="$(grep -E "^[^ ]+ (Suite|Test) .* skipped|^Test Case '.*' skipped" "${1:-/dev/stdin}" || true)"
unexplained="$(grep -vE ' skipped: "platform: ' <<<"$skipped" || true)"
if [ -n "$unexplained" ]; then
    echo "Tests were skipped for a reason that is not a platform's:" >&2
    echo "$unexplained" >&2
    exit 1
fi
if [ -n "$skipped" ]; then
    echo "Skipped for a platform reason:" >&2
    echo "$skipped" >&2
fi
echo "check-skips: skipped for a platform reason: $(grep -c . <<<"$skipped" || true); for missing data or tools: 0" >&2
