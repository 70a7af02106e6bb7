#!/usr/bin/env bash
# Conversion speed with and without custom phrases, two release builds side by side (BENCHMARKS.md,
# "Custom phrases"). Runs alternate between the builds, round by round, and the medians are printed.
#
# Usage: Benchmarks/phrases-benchmark.sh BEFORE_HANZI AFTER_HANZI HANS.txt HANT.txt [ROUNDS] [SIZE_MB]
#   BEFORE_HANZI  a release `hanzi` built without custom phrases (the build before)
#   AFTER_HANZI   a release `hanzi` built with them
#   ROUNDS        runs of each case (default 7); SIZE_MB: each corpus repeated to this size (default 50)
#
# Phrase files, made from OpenCC's own dictionaries with `opencc_dict` and `opencc`:
#   taiwan.txt  every TWPhrases entry (mainland term → Taiwan term), its key converted by t2s
#   large.txt   every STPhrases entry (Simplified phrase → first Traditional value), ~49,000 keys
set -euo pipefail
before="${1:?before hanzi}" after="${2:?after hanzi}" hans="${3:?hans.txt}" hant="${4:?hant.txt}"
rounds="${5:-7}" size_mb="${6:-50}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
data=/usr/share/opencc
[[ -d "$data" ]] || data=/usr/local/share/opencc

repeat_to() { # corpus, output: the corpus repeated whole until it reaches SIZE_MB
    : >"$2"
    while (($(stat -c %s "$2") < size_mb * 1000000)); do cat "$1" >>"$2"; done
}
repeat_to "$hans" "$work/hans.txt"
repeat_to "$hant" "$work/hant.txt"

opencc_dict -i "$data/TWPhrases.ocd2" -o "$work/tw.txt" -f ocd2 -t text
cut -f1 "$work/tw.txt" | opencc -c t2s >"$work/tw-keys.txt"
cut -f2 "$work/tw.txt" | cut -d' ' -f1 | paste "$work/tw-keys.txt" - | awk -F'\t' '!seen[$1]++' >"$work/taiwan.txt"
opencc_dict -i "$data/STPhrases.ocd2" -o "$work/st.txt" -f ocd2 -t text
cut -d' ' -f1 "$work/st.txt" >"$work/large.txt"
echo "inputs: hans $(stat -c %s "$work/hans.txt") bytes, hant $(stat -c %s "$work/hant.txt") bytes;" \
    "phrases: taiwan.txt $(wc -l <"$work/taiwan.txt") keys, large.txt $(wc -l <"$work/large.txt") keys"

# Each case: a name and a command line (the input last). Outputs go to files, compared below.
cases=(
    "before t2s|$before convert --threads 1 -c t2s $work/hant.txt"
    "after t2s|$after convert --threads 1 -c t2s $work/hant.txt"
    "before s2twp|$before convert --threads 1 -c s2twp $work/hans.txt"
    "after s2twp|$after convert --threads 1 -c s2twp $work/hans.txt"
    "after s2twp --phrases taiwan.txt|$after convert --threads 1 -c s2twp --phrases $work/taiwan.txt $work/hans.txt"
    "after s2twp --phrases large.txt|$after convert --threads 1 -c s2twp --phrases $work/large.txt $work/hans.txt"
    "after t2s --phrases taiwan.txt|$after convert --threads 1 -c t2s --phrases $work/taiwan.txt $work/hant.txt"
    # libopencc itself is about fifty times slower: the corpus once, not repeated.
    "before s2twp --engine opencc (corpus once)|$before convert --threads 1 --engine opencc -c s2twp $hans"
    "after s2twp --engine opencc (corpus once)|$after convert --threads 1 --engine opencc -c s2twp $hans"
    "after s2twp --engine opencc --phrases taiwan.txt (corpus once)|$after convert --threads 1 --engine opencc -c s2twp --phrases $work/taiwan.txt $hans"
)

# Warm the compiled-engine caches (and check the builds agree without phrases).
for index in "${!cases[@]}"; do
    IFS='|' read -r name command <<<"${cases[$index]}"
    $command >"$work/out-$index.txt"
done
cmp -s "$work/out-0.txt" "$work/out-1.txt" && cmp -s "$work/out-2.txt" "$work/out-3.txt" \
    && cmp -s "$work/out-7.txt" "$work/out-8.txt" \
    && echo "without phrases, both builds write the same bytes" || echo "WARNING: the builds differ"
"$after" convert -c s2twp --phrases "$work/taiwan.txt" "$hans" | cmp -s - "$work/out-9.txt" \
    && echo "with taiwan.txt, both engines write the same bytes" || echo "WARNING: the engines differ"

declare -A walls cpus
for ((round = 1; round <= rounds; round++)); do
    for index in "${!cases[@]}"; do
        IFS='|' read -r name command <<<"${cases[$index]}"
        measured="$( { /usr/bin/time -f '%e %U %S' $command >/dev/null; } 2>&1 | tail -1)"
        read -r wall user system <<<"$measured"
        walls[$index]+="$wall "
        cpus[$index]+="$(echo "$user + $system" | bc) "
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds, alternating; --threads 1"
echo "| case | median wall s | median CPU s | wall runs (s) |"
echo "| --- | ---: | ---: | --- |"
for index in "${!cases[@]}"; do
    IFS='|' read -r name command <<<"${cases[$index]}"
    echo "| $name | $(median <<<"${walls[$index]}") | $(median <<<"${cpus[$index]}") | ${walls[$index]% } |"
done

# First run with a new phrase file: the engine is compiled, then cached (cold, then warm).
echo "start-up on one line (s2twp, --phrases large.txt): cold cache, then warm:"
echo "软件" >"$work/one.txt"
for state in cold warm; do
    [[ "$state" == cold ]] && export XDG_CACHE_HOME="$work/cache" && rm -rf "$work/cache"
    /usr/bin/time -f "  $state: %e s wall, %U s user, %M KB peak" \
        "$after" convert -c s2twp --phrases "$work/large.txt" "$work/one.txt" >/dev/null
done
