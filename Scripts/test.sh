#!/usr/bin/env bash
# Installs what HanziKit needs and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/ensure-system-dependencies.sh
Scripts/ensure-test-tools.sh
swift test "$@"
