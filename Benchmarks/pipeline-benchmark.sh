#!/usr/bin/env bash
# Two release builds of `hanzi` side by side, in one run, runs interleaved: the commands that go
# through the document pipeline, on SIZE_MB of the Traditional corpus repeated, on that text in
# Big5, and on a folder of FILES small files. Prints the median wall time, the median CPU time
# (user + system: what a shared machine's load disturbs least) and the median peak resident
# memory (GNU time) of each, and the ratios new/old. Also checks that both builds give
# byte-identical output for each case. ONLY=REGEX runs the cases whose name matches.
# Usage: Benchmarks/pipeline-benchmark.sh OLD_HANZI NEW_HANZI [SIZE_MB] [RUNS] [FILES]
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1"
new="$2"
size_mb="${3:-100}"
runs="${4:-5}"
files="${5:-2000}"
corpus="../shared/corpora/hant.txt"
simplified="../shared/corpora/hans.txt"
for file in "$corpus" "$simplified"; do [ -f "$file" ] || { echo "corpus not found: $file" >&2; exit 2; }; done
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$corpus" "$work" "$size_mb" "$files" "$simplified" <<'PY'
import os, sys
corpus, work, size_mb, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
for source, name in ((sys.argv[5], "big-hans.txt"), (corpus, "big.txt")):
    data = open(source, "rb").read()
    with open(os.path.join(work, name), "wb") as out:
        written = 0
        while written < size_mb << 20:
            out.write(data)
            written += len(data)
lines = data.split(b"\n")
os.makedirs(os.path.join(work, "folder"))
per = max(1, len(lines) // files)
for index in range(files):
    with open(os.path.join(work, "folder", "f%05d.txt" % index), "wb") as out:
        out.write(b"\n".join(lines[index * per:(index + 1) * per]) + b"\n")
# Big5 holds the corpus only where every character has a code: keep the lines that do.
big5 = bytearray()
for line in data.decode("utf-8").split("\n"):
    try:
        big5 += (line + "\n").encode("big5")
    except UnicodeEncodeError:
        pass
with open(os.path.join(work, "big5.txt"), "wb") as out:
    while out.tell() < (size_mb << 20) // 10:
        out.write(big5)
PY

# name|arguments (BIN is the binary; IN a fresh copy of big.txt for in-place runs)
cases=(
    "convert t2s 100 MB|convert -c t2s $work/big.txt"
    "convert t2s --threads 1 100 MB|convert -c t2s --threads 1 $work/big.txt"
    "convert s2twp --threads 1 100 MB|convert -c s2twp --threads 1 $work/big-hans.txt"
    "convert s2twp --threads 2 100 MB|convert -c s2twp --threads 2 $work/big-hans.txt"
    "convert --in-place 100 MB|convert -c t2s --in-place IN"
    "normalize --script hant 100 MB|normalize --script hant $work/big.txt"
    "normalize (script detected) 100 MB|normalize $work/big.txt"
    "check --script hant 100 MB|check --script hant --format json $work/big.txt"
    "convert t2tw Big5 10 MB|convert -c t2tw $work/big5.txt"
    "normalize Big5 10 MB|normalize --script hant $work/big5.txt"
    "check folder of $files files|check --script hant --format json $work/folder"
    "convert folder of $files files -o|convert -c t2s -o $work/out.txt $work/folder"
)

measure() { # binary arguments -> "seconds kilobytes cpu-seconds", output in $work/output
    local binary="$1"; shift
    local arguments="$*"
    if [[ "$arguments" == *" IN"* ]]; then
        cp "$work/big.txt" "$work/in.txt"
        arguments="${arguments/ IN/ $work/in.txt}"
    fi
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$binary" $arguments >"$work/output" 2>/dev/null || true
    if [[ "$arguments" == *"$work/in.txt"* ]]; then cp "$work/in.txt" "$work/output"; fi
    if [[ "$arguments" == *"-o $work/out.txt"* ]]; then cp "$work/out.txt" "$work/output"; fi
    awk '{ print $1, $2, $3 + $4 }' "$work/time"
}

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| case | old median s | new median s | new/old | old CPU s | new CPU s | CPU new/old | old peak MB | new peak MB | same output |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
for case in "${cases[@]}"; do
    name="${case%%|*}"
    [[ "$name" =~ ${ONLY:-.} ]] || continue
    arguments="${case#*|}"
    : >"$work/old.times"
    : >"$work/new.times"
    same=yes
    for _ in $(seq "$runs"); do
        measure "$old" "$arguments" >>"$work/old.times"
        cp "$work/output" "$work/old.output"
        measure "$new" "$arguments" >>"$work/new.times"
        cmp -s "$work/output" "$work/old.output" || same=no
    done
    old_s=$(cut -d' ' -f1 "$work/old.times" | median)
    new_s=$(cut -d' ' -f1 "$work/new.times" | median)
    old_kb=$(cut -d' ' -f2 "$work/old.times" | median)
    new_kb=$(cut -d' ' -f2 "$work/new.times" | median)
    old_cpu=$(cut -d' ' -f3 "$work/old.times" | median)
    new_cpu=$(cut -d' ' -f3 "$work/new.times" | median)
    awk -v n="$name" -v os="$old_s" -v ns="$new_s" -v ok="$old_kb" -v nk="$new_kb" -v oc="$old_cpu" -v nc="$new_cpu" \
        -v same="$same" 'BEGIN { printf "| %s | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f | %s |\n",
            n, os, ns, ns / os, oc, nc, (oc > 0 ? nc / oc : 1), ok / 1024, nk / 1024, same }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
