#!/usr/bin/env bash
# Times `hanzi diff` (release build) on a corpus and a copy with about 1% of its lines changed.
# Usage: Benchmarks/diff-benchmark.sh [CORPUS] [RUNS]
# CORPUS defaults to ../shared/corpora/hans.txt beside the repository; RUNS to 5.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpora/hans.txt}"
runs="${2:-5}"
[ -f "$corpus" ] || { echo "corpus not found: $corpus" >&2; exit 2; }

# HANZI names an already built release binary instead.
if [ -z "${HANZI:-}" ]; then swift build -c release --product hanzi >/dev/null; fi
hanzi="${HANZI:-$(swift build -c release --show-bin-path)/hanzi}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The edited copy: a fixed random 1% of lines get one of a replaced character, an inserted
# phrase, a deleted line or an inserted line, so every run of the benchmark sees the same input.
python3 - "$corpus" "$work/old.txt" "$work/new.txt" <<'PY'
import random, sys
corpus, old_path, new_path = sys.argv[1:4]
text = open(corpus, encoding="utf-8").read()
lines = text.split("\n")
rng = random.Random(20261129)
edited = set(rng.sample(range(len(lines)), max(1, len(lines) // 100)))
out = []
for index, line in enumerate(lines):
    if index not in edited:
        out.append(line)
        continue
    kind = rng.randrange(4)
    if kind == 0 and line:
        position = rng.randrange(len(line))
        out.append(line[:position] + "改" + line[position + 1:])
    elif kind == 1:
        position = rng.randrange(len(line) + 1)
        out.append(line[:position] + "新增的句子。" + line[position:])
    elif kind == 2:
        continue
    else:
        out.append(line)
        out.append("这是插入的一行 inserted line %d" % index)
open(old_path, "w", encoding="utf-8").write(text)
open(new_path, "w", encoding="utf-8").write("\n".join(out))
print("lines: %d, edited: %d, bytes: %d / %d" % (len(lines), len(edited),
      len(text.encode()), len("\n".join(out).encode())))
PY

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

time_runs() {
    local label="$1" new="$2"; shift 2
    local walls=() cpus=()
    for _ in $(seq "$runs"); do
        local measured status
        # bash's `time` prints wall-clock and CPU seconds; CPU time shows the cost on a busy machine.
        measured=$( { TIMEFORMAT='%R %U %S'; time "$hanzi" diff "$@" "${old_file:-$work/old.txt}" "$new" \
            >"$work/out" 2>"$work/err"; echo $? >"$work/status"; } 2>&1 )
        status=$(cat "$work/status")
        [ "$status" -eq 1 ] || { echo "$label: unexpected exit status $status" >&2; cat "$work/err" >&2; exit 2; }
        walls+=("$(echo "$measured" | awk '{ print $1 }')")
        cpus+=("$(echo "$measured" | awk '{ printf "%.3f", $2 + $3 }')")
    done
    printf '%-40s median %6.3f s wall, %6.3f s CPU, %d runs (%d hunks, %d bytes out)\n' "$label" \
        "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" "$runs" \
        "$(grep -c '^@@\|"oldStart"' "$work/out")" "$(wc -c <"$work/out")"
}

# The edited copy in the other script (s2t of a Simplified corpus, t2s of a Traditional one):
# a cross-script diff against it should find the same edits, plus wherever the round trip
# through OpenCC is not exact.
if grep -q '[这们说]' "$corpus"; then other=s2t; else other=t2s; fi
"$hanzi" convert -c "$other" -o "$work/new.other-script.txt" "$work/new.txt"

time_runs "text" "$work/new.txt" --color never
time_runs "unified" "$work/new.txt" --format unified
time_runs "json" "$work/new.txt" --format json
time_runs "ignore whitespace + punctuation width" "$work/new.txt" --ignore-whitespace --ignore-punctuation-width --color never
time_runs "across scripts, same script" "$work/new.txt" --across-scripts --color never
time_runs "across scripts, other script ($other)" "$work/new.other-script.txt" --across-scripts --color never
# Worst cases: every line in the other script without folding, and every line moved.
time_runs "other script, not folded" "$work/new.other-script.txt" --color never
python3 -c 'import sys; lines = open(sys.argv[1], encoding="utf-8").read().split("\n"); open(sys.argv[2], "w", encoding="utf-8").write("\n".join(reversed(lines)))' "$work/old.txt" "$work/reversed.txt"
time_runs "lines in reverse order" "$work/reversed.txt" --color never

# No unique line at all and more edits than Myers' budget: 100,000 lines drawn from 50, and a
# copy with 1,315 of them replaced by another of the 50 (the histogram fallback's case; it
# reported every line changed before). The count of removed lines shows what it found.
python3 - "$work/repetitive-old.txt" "$work/repetitive-new.txt" <<'PY'
import random, sys
rng = random.Random(20261206)
values = ["第%d行，重複的內容。" % index for index in range(50)]
old = [rng.choice(values) for _ in range(100000)]
new = list(old)
for index in rng.sample(range(len(old)), 1315):
    new[index] = rng.choice([value for value in values if value != old[index]])
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(old) + "\n")
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(new) + "\n")
PY
old_file="$work/repetitive-old.txt" time_runs "no unique line, 1,315 of 100,000 changed" \
    "$work/repetitive-new.txt" --format unified -U 0
echo "no unique line: $(grep -c '^-[^-]' "$work/out") lines marked removed (1,315 changed)"

# The unified patch must turn the old version into the new one.
"$hanzi" diff --format unified "$work/old.txt" "$work/new.txt" >"$work/patch" || true
if command -v patch >/dev/null; then
    patch -s -o "$work/patched.txt" "$work/old.txt" "$work/patch"
    cmp -s "$work/patched.txt" "$work/new.txt" && echo "round trip: patch reproduces the new version"
fi
