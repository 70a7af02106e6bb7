#!/usr/bin/env bash
# Installs what HanziKit needs, builds `hanzi` and converts the sample article to Simplified Chinese.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/ensure-system-dependencies.sh
swift build --product hanzi >&2
"$(swift build --show-bin-path)/hanzi" convert -c t2s Samples/article.zh-Hant.txt
