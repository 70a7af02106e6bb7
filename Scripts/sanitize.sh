#!/usr/bin/env bash
# Runs the test suite under a sanitizer: `address` (memory errors) or `thread` (data races).
# Leak checking is left to Scripts/leaks.sh: Foundation on Linux keeps allocations LeakSanitizer
# reports at exit. Suites that only time processes are skipped; they gain nothing from it.
# Usage: Scripts/sanitize.sh address|thread [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer="${1:?address or thread}"
shift
Scripts/ensure-system-dependencies.sh
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:${ASAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:${TSAN_OPTIONS:-}"
swift test --scratch-path ".build-$sanitizer" --sanitize="$sanitizer" \
    --skip InterruptedWriteTests "$@"
