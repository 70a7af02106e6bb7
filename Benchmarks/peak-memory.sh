#!/usr/bin/env bash
# Peak resident memory (GNU time's "Maximum resident set size") of every command of a release
# `hanzi` on large inputs: SIZE_MB of the two corpora (Traditional, then Simplified) repeated,
# and a LINE_MB line of CJK text with no sentence end, space or ASCII byte (no break point at
# all). The inputs are made in a temporary folder and removed at the end; the load average is
# printed before and after, since the machine may be shared (memory figures do not depend on it).
# Usage: Benchmarks/peak-memory.sh [SIZE_MB] [LINE_MB]   (defaults 1024 and 300; HANZI=binary,
# PARALLEL=1)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${1:-1024}"
line_mb="${2:-300}"
corpus="../shared/corpora/hant.txt"
simplified="../shared/corpora/hans.txt"
for file in "$corpus" "$simplified"; do [ -f "$file" ] || { echo "corpus not found: $file" >&2; exit 2; }; done
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 2; }
if [ -z "${HANZI:-}" ]; then swift build -c release --product hanzi >/dev/null; fi
hanzi="${HANZI:-$(swift build -c release --show-bin-path)/hanzi}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$corpus" "$work/big.txt" "$size_mb" "$work/line.txt" "$line_mb" "$simplified" <<'PY'
import sys
corpus, big, size_mb, line, line_mb = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
data = open(corpus, "rb").read()
both = data + open(sys.argv[6], "rb").read()
with open(big, "wb") as out:
    written = 0
    while written < size_mb << 20:
        out.write(both)
        written += len(both)
# Only CJK characters: no ASCII, no sentence end, no space.
chars = "".join(ch for ch in data.decode("utf-8") if 0x4E00 <= ord(ch) <= 0x9FFF)
block = chars.encode("utf-8")
with open(line, "wb") as out:
    written = 0
    while written < line_mb << 20:
        out.write(block)
        written += len(block)
    out.write(b"\n")
PY

# With PARALLEL=1 every command runs at once and the table is printed when all have ended: the
# memory figures are the same, and on a shared machine the whole takes a fraction of the time.
runs=0
peak() {
    local label="$1"; shift
    runs=$((runs + 1))
    local report="$work/time.$runs"
    echo "$label" >"$report.label"
    if [ "${PARALLEL:-0}" = 1 ]; then
        /usr/bin/time -v "$@" >/dev/null 2>"$report" &
    else
        /usr/bin/time -v "$@" >/dev/null 2>"$report" || true
        show "$runs"
    fi
}
show() {
    local report="$work/time.$1" status kb seconds
    status=$(awk -F': ' '/Exit status/ { print $2 }' "$report")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$report")
    seconds=$(awk -F': ' '/User time/ { user = $2 } /System time/ { sys = $2 } END { print user + sys }' "$report")
    printf "%-46s %8.1f MB  (exit %s, %.1f s of CPU)\n" "$(cat "$report.label")" \
        "$(awk -v kb="$kb" 'BEGIN { print kb / 1024 }')" "$status" "$seconds"
}

echo "inputs: $(du -m "$work/big.txt" | cut -f1) MB corpora, $(du -m "$work/line.txt" | cut -f1) MB line"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for input in big line; do
    file="$work/$input.txt"
    peak "convert ($input)" "$hanzi" convert "$file"
    peak "convert --threads 100000 ($input)" "$hanzi" convert --threads 100000 "$file"
    peak "normalize --script hant ($input)" "$hanzi" normalize --script hant "$file"
    peak "check --script hant ($input)" "$hanzi" check --script hant "$file"
    peak "detect ($input)" "$hanzi" detect "$file"
    peak "diff against itself ($input)" "$hanzi" diff "$file" "$file"
done
head -n 800000 "$work/big.txt" >"$work/diff-old.txt"  # whole lines: valid UTF-8
sed 's/的/之/' "$work/diff-old.txt" >"$work/diff-new.txt"
peak "diff 800,000 lines ($(du -m "$work/diff-old.txt" | cut -f1) MB), a change a line" "$hanzi" diff --format unified "$work/diff-old.txt" "$work/diff-new.txt"
head -c 999999 /dev/zero | tr '\0' '\n' >"$work/empty-lines.txt"
: >"$work/empty.txt"
peak "diff 999,999 empty lines against nothing" "$hanzi" diff "$work/empty-lines.txt" "$work/empty.txt"
if [ "${PARALLEL:-0}" = 1 ]; then
    wait || true
    for run in $(seq 1 "$runs"); do show "$run"; done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
