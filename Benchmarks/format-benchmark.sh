#!/usr/bin/env bash
# Converting documents against converting plain text: `hanzi convert -c t2s` (release build) on
# about 100 MB each of plain text, Markdown and JSON Lines made from the same Traditional corpus,
# run side by side (one of each per round, the order rotating), medians over the rounds, and the
# peak memory of each (GNU time). Inputs are written under a temporary folder.
#
#   Benchmarks/format-benchmark.sh CORPUS.txt [SIZE_MB=100] [ROUNDS=5]   (HANZI=path: an already built release hanzi)
#   BEFORE=path also runs another build (the previous commit's) in the same rounds, for side-by-side rows.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:?usage: Benchmarks/format-benchmark.sh CORPUS.txt [SIZE_MB] [ROUNDS]}"
size_mb="${2:-100}"
rounds="${3:-5}"
# HANZI=path names a release build of hanzi to measure instead of building one here.
if [ -z "${HANZI:-}" ]; then
    swift build -c release --product hanzi >&2
    HANZI="$(swift build -c release --show-bin-path)/hanzi"
fi
hanzi="$HANZI"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The same prose three ways. Markdown: each 20 lines of the corpus a paragraph with inline code
# and a link, then a fenced code block with Chinese in it, as documentation is written. JSON
# Lines: one record a corpus line, its text in "text" and a title in "/meta/title".
python3 - "$corpus" "$size_mb" "$work" <<'PY'
import json, sys
corpus, size_mb, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [l for l in open(corpus, encoding="utf-8").read().split("\n") if l.strip()]
limit = size_mb * 1_000_000
def write(name, pieces):
    total = 0
    with open(f"{work}/{name}", "w", encoding="utf-8") as out:
        while total < limit:
            for piece in pieces():
                out.write(piece)
                total += len(piece.encode())
                if total >= limit:
                    return
write("doc.txt", lambda: (l + "\n" for l in lines))
def markdown():
    for start in range(0, len(lines) - 20, 20):
        block = lines[start:start + 20]
        yield f"## {block[0][:30]}\n\n"
        yield "\n".join(block[1:18]) + f" 見 `let 頭髮 = {start}` 與 [說明](https://例子.tw/頭髮/{start}).\n\n"
        yield "```swift\n// " + block[18] + "\nlet 後來 = \"" + block[19][:20].replace('"', "'") + "\"\n```\n\n"
write("doc.md", markdown)
def records():
    for index, line in enumerate(lines):
        yield json.dumps({"id": index, "text": line, "meta": {"title": line[:20], "lang": "zh-Hant"}},
                         ensure_ascii=False) + "\n"
write("doc.jsonl", records)
PY

declare -A args=(
    [txt]="doc.txt"
    [md]="doc.md"
    [jsonl]="--field text --field /meta/title doc.jsonl"
)
kinds=(txt md jsonl)
builds=(hanzi)
[ -n "${BEFORE:-}" ] && builds+=(before)
declare -A binary=([hanzi]="$hanzi" [before]="${BEFORE:-}")
for build in "${builds[@]}"; do for kind in "${kinds[@]}"; do : > "$work/$build.$kind.times"; done; done
for round in $(seq 1 "$rounds"); do
    for offset in 0 1 2; do
        kind="${kinds[$(((round + offset) % 3))]}"
        for build in "${builds[@]}"; do
            # shellcheck disable=SC2086
            ( cd "$work" && /usr/bin/time -f "%e %M %U %S" -o "$work/last" "${binary[$build]}" convert -c t2s ${args[$kind]} > /dev/null )
            cat "$work/last" >> "$work/$build.$kind.times"
        done
    done
done
python3 - "$work" "$rounds" "${builds[@]}" <<'PY'
import os, statistics, sys
work, rounds, builds = sys.argv[1], sys.argv[2], sys.argv[3:]
print(f"rounds: {rounds}, medians; machine load: {os.getloadavg()[0]:.1f}")
print("| input | MB | wall s | MB/s | against plain | CPU s | MB per CPU s | against plain | peak memory |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for build in builds:
    rows = {}
    for kind, name in (("txt", "doc.txt"), ("md", "doc.md"), ("jsonl", "doc.jsonl")):
        samples = [line.split() for line in open(f"{work}/{build}.{kind}.times")]
        seconds = statistics.median(float(s[0]) for s in samples)
        cpu = statistics.median(float(s[2]) + float(s[3]) for s in samples)
        memory = max(int(s[1]) for s in samples) / 1024
        size = os.path.getsize(f"{work}/{name}") / 1e6
        rows[kind] = (size, seconds, size / seconds, cpu, size / cpu, memory)
    plain, plain_cpu = rows["txt"][2], rows["txt"][4]
    suffix = " (BEFORE)" if build == "before" else ""
    for kind, label in (("txt", "plain text"), ("md", "Markdown"), ("jsonl", "JSON Lines, 2 fields")):
        size, seconds, rate, cpu, cpu_rate, memory = rows[kind]
        print(f"| {label}{suffix} | {size:.0f} | {seconds:.2f} | {rate:.0f} | {rate / plain:.2f} | {cpu:.2f} | {cpu_rate:.0f} "
              f"| {cpu_rate / plain_cpu:.2f} | {memory:.0f} MB |")
PY
