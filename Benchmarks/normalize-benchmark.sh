#!/usr/bin/env bash
# Normalization speed of several release builds of `hanzi` side by side, in one run (BENCHMARKS.md,
# "Normalization against earlier builds"). Every round runs every case once with every build, in
# turn, so the machine's load falls on all builds alike; the medians of CPU time (user + system,
# GNU time) are the figures, since on a shared machine wall time mostly measures waiting.
#
# Usage: Benchmarks/normalize-benchmark.sh LABEL=HANZI [LABEL=HANZI ...]
#   LABEL=HANZI   a name for the table and a release `hanzi` binary; the first is the reference the
#                 ratios are taken against
# Environment: ROUNDS (default 7), COPIES (each corpus repeated this many times, default 4:
#   22.5 and 23.0 MB), CORPORA (default ../shared/corpora beside the repository).
#
# Each build gets its own cache folder (XDG_CACHE_HOME), filled by a first untimed run of every
# case, whose outputs are also compared byte for byte with the first build's.
set -euo pipefail
cd "$(dirname "$0")/.."
(($# >= 1)) || { sed -n '2,14p' "$0" >&2; exit 2; }
rounds="${ROUNDS:-7}" copies="${COPIES:-4}" corpora="${CORPORA:-../shared/corpora}"
for file in "$corpora/hant.txt" "$corpora/hans.txt"; do [ -f "$file" ] || { echo "corpus not found: $file" >&2; exit 2; }; done
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed" >&2; exit 2; }
labels=() binaries=()
for build in "$@"; do
    labels+=("${build%%=*}") binaries+=("${build#*=}")
    [ -x "${build#*=}" ] || { echo "not an executable: ${build#*=}" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for ((copy = 0; copy < copies; copy++)); do
    cat "$corpora/hant.txt" >>"$work/hant.txt"
    cat "$corpora/hans.txt" >>"$work/hans.txt"
done

# Each case: a name and the arguments after the binary (the input last).
cases=(
    "normalize --script hant, hant|normalize --script hant $work/hant.txt"
    "normalize (script detected), hans|normalize $work/hans.txt"
    "normalize (script detected), hant|normalize $work/hant.txt"
    "check --script hant, hant|check --script hant $work/hant.txt"
    "check (script detected), hans|check $work/hans.txt"
)

run() { # build index, case index, output file
    # check exits 1 when it finds errors: that is its answer, not a failure.
    # shellcheck disable=SC2086 # the case's arguments are split on purpose
    XDG_CACHE_HOME="$work/cache-$1" "${binaries[$1]}" ${cases[$2]#*|} >"$3" || (($? == 1))
}

echo "inputs: hant.txt x$copies ($(stat -c %s "$work/hant.txt") bytes), hans.txt x$copies ($(stat -c %s "$work/hans.txt") bytes)"
for build in "${!labels[@]}"; do
    mkdir -p "$work/cache-$build"
    for index in "${!cases[@]}"; do run "$build" "$index" "$work/out-$build-$index"; done
    if ((build > 0)); then
        same=0
        for index in "${!cases[@]}"; do cmp -s "$work/out-0-$index" "$work/out-$build-$index" && same=$((same + 1)); done
        echo "${labels[$build]}: $same of ${#cases[@]} outputs byte-identical to ${labels[0]}'s"
    fi
done
rm -f "$work"/out-*

declare -A cpus walls
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((round = 1; round <= rounds; round++)); do
    for index in "${!cases[@]}"; do
        for build in "${!labels[@]}"; do
            # shellcheck disable=SC2086 # the case's arguments are split on purpose
            measured="$( { XDG_CACHE_HOME="$work/cache-$build" /usr/bin/time -f '%e %U %S' \
                "${binaries[$build]}" ${cases[$index]#*|} >/dev/null || true; } 2>&1 | tail -1)"
            read -r wall user system <<<"$measured"
            walls[$build,$index]+="$wall "
            cpus[$build,$index]+="$(awk -v u="$user" -v s="$system" 'BEGIN { printf "%.2f", u + s }') "
        done
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds, builds alternating within each case"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { printf "%.2f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
header="| case |" rule="| --- |"
for label in "${labels[@]}"; do header+=" $label CPU s |" rule+=" ---: |"; done
for label in "${labels[@]:1}"; do header+=" $label / ${labels[0]} |" rule+=" ---: |"; done
echo "$header"
echo "$rule"
for index in "${!cases[@]}"; do
    line="| ${cases[$index]%%|*} |"
    reference="$(median <<<"${cpus[0,$index]}")"
    for build in "${!labels[@]}"; do line+=" $(median <<<"${cpus[$build,$index]}") |"; done
    for ((build = 1; build < ${#labels[@]}; build++)); do
        line+=" $(awk -v a="$(median <<<"${cpus[$build,$index]}")" -v b="$reference" 'BEGIN { printf "%.2f", a / b }') |"
    done
    echo "$line"
done
echo
echo "CPU seconds of every run, and median wall seconds:"
for index in "${!cases[@]}"; do
    for build in "${!labels[@]}"; do
        echo "  ${cases[$index]%%|*}, ${labels[$build]}: ${cpus[$build,$index]% } (wall median $(median <<<"${walls[$build,$index]}"))"
    done
done
