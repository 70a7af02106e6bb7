#!/usr/bin/env bash
# Installs what HanziKit needs, builds `hanzi` and writes the clean Simplified edition of the sample
# article: normalized as Traditional, converted, and normalized as Simplified, in one pass. The output
# is byte for byte the hand-checked Samples/article.zh-Hans.txt (SampleArticleTests runs this line).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/ensure-system-dependencies.sh
swift build --product hanzi >&2
"$(swift build --show-bin-path)/hanzi" convert --normalize -c t2s Samples/article.zh-Hant.txt
