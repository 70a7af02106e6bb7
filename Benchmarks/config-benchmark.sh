#!/usr/bin/env bash
# Times how long `hanzi check` (release build) takes to read a `.hanzi.yml` of many `terms:` or
# `ignore:` entries, on a one-line file, so the time is the configuration's. Parsing must grow
# linearly with the file: 100,000 terms in well under a second.
# Usage: Benchmarks/config-benchmark.sh [RUNS] [BEFORE]
# RUNS defaults to 3; BEFORE is an optional second `hanzi` binary (an earlier build) timed beside.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
before="${2:-}"

# HANZI names an already built release binary instead.
if [ -z "${HANZI:-}" ]; then swift build -c release --product hanzi >/dev/null; fi
hanzi="${HANZI:-$(swift build -c release --show-bin-path)/hanzi}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '頭髮\n' >"$work/one-line.txt"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Median wall-clock and CPU (user + system) seconds of `BINARY check` in a folder whose
# `.hanzi.yml` is CONFIG; CPU time is the steadier figure on a busy machine.
time_check() {
    local binary="$1" config="$2" walls=() cpus=()
    cp "$config" "$work/.hanzi.yml"
    for _ in $(seq "$runs"); do
        local measured
        measured=$( { TIMEFORMAT='%R %U %S'; time (cd "$work" && "$binary" check one-line.txt >/dev/null \
            2>"$work/err"; status=$?; [ "$status" -le 1 ] || { cat "$work/err" >&2; exit 2; }); } 2>&1 )
        walls+=("$(echo "$measured" | awk '{ print $1 }')")
        cpus+=("$(echo "$measured" | awk '{ printf "%.3f", $2 + $3 }')")
    done
    printf '%6.3f s wall %6.3f s CPU' "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)"
}

printf '%-16s %-28s' "configuration" "this build"
[ -n "$before" ] && printf ' %s' "before"
printf '\n'
for spec in "terms 10000" "terms 20000" "terms 40000" "terms 100000" "ignore 40000" "ignore 100000"; do
    set -- $spec
    kind="$1" count="$2"
    config="$work/$kind-$count.yml"
    {
        echo "$kind:"
        for index in $(seq "$count"); do
            if [ "$kind" = terms ]; then echo "  - term$index -> Term$index"; else echo "  - 'generated/$index/*.md'"; fi
        done
    } >"$config"
    printf '%-16s %-28s' "$kind: $count" "$(time_check "$hanzi" "$config")"
    [ -n "$before" ] && printf ' %s' "$(time_check "$before" "$config")"
    printf '\n'
done
