#!/usr/bin/env bash
# Measures `hanzi normalize` throughput (release build) on the given files, e.g. the shared corpora:
#   Scripts/benchmark-normalize.sh ../shared/corpora/hant.txt ../shared/corpora/hans.txt
# Each file is normalized 5 times; the best run counts, less the start-up time on an empty file
# (process start and loading OpenCC's dictionaries for script detection).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || { echo "usage: $0 FILE..." >&2; exit 64; }
swift build -c release --product hanzi >/dev/null
hanzi=.build/release/hanzi
empty=$(mktemp)
trap 'rm -f "$empty"' EXIT
best_time() {
    local best=999999
    for _ in 1 2 3 4 5; do
        local start end elapsed
        start=$(date +%s%N)
        "$hanzi" normalize "$@" >/dev/null
        end=$(date +%s%N)
        elapsed=$(( (end - start) / 1000 ))
        (( elapsed < best )) && best=$elapsed
    done
    echo "$best"
}
startup=$(best_time "$empty")
echo "start-up: $(( startup / 1000 )) ms"
for file in "$@"; do
    bytes=$(wc -c <"$file")
    total=$(best_time "$file")
    work=$(( total - startup ))
    (( work > 0 )) || work=1
    echo "$(basename "$file"): $bytes bytes, $(( total / 1000 )) ms in all, $(( work / 1000 )) ms normalizing," \
        "$(( bytes / work )) MB/s"
done
