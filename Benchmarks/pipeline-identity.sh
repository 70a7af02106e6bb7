#!/usr/bin/env bash
# The byte-identical half of the document pipeline's bar: `convert` of the sample articles and
# both corpora in all 14 configurations against the `opencc` CLI (read from the file, from
# standard input and with --in-place), and `normalize` (auto, hant, hans), `check` (text, json,
# sarif, github) and `detect` of the same inputs with two builds (standard output, standard
# error and exit status compared). Prints each group's count of identical results and names any
# that differ; exits 1 when one does.
# Usage: Benchmarks/pipeline-identity.sh OLD_HANZI NEW_HANZI
set -euo pipefail
cd "$(dirname "$0")/.."
old="$1"
new="$2"
corpora="../shared/corpora"
[ -f "$corpora/hant.txt" ] && [ -f "$corpora/hans.txt" ] || { echo "corpora not found in $corpora" >&2; exit 2; }
command -v opencc >/dev/null || { echo "the opencc CLI is needed (libopencc-tools... or opencc)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
inputs=(Samples/article.zh-Hant.txt Samples/article.zh-Hans.txt "$corpora/hant.txt" "$corpora/hans.txt")
configs=(s2t t2s s2tw tw2s s2hk hk2s s2twp tw2sp t2tw tw2t t2hk hk2t t2jp jp2t)
failed=0

# run BINARY ARGS... -> stdout, stderr and status in $work/run.{out,err,status}
run() {
    local status=0
    "$@" >"$work/run.out" 2>"$work/run.err" || status=$?
    echo "$status" >"$work/run.status"
}

same=0
total=0
for config in "${configs[@]}"; do
    for input in "${inputs[@]}"; do
        opencc -c "$config.json" -i "$input" -o "$work/oracle"
        "$new" convert -q -c "$config" "$input" >"$work/file"
        "$new" convert -q -c "$config" <"$input" >"$work/stdin"
        cp "$input" "$work/in-place.txt"
        "$new" convert -q -c "$config" --in-place "$work/in-place.txt"
        for way in file stdin in-place.txt; do
            total=$((total + 1))
            if cmp -s "$work/oracle" "$work/$way"; then
                same=$((same + 1))
            else
                echo "differs from opencc: convert -c $config $input (${way%.txt})"
                failed=1
            fi
        done
    done
done
echo "convert against opencc, 14 configurations x ${#inputs[@]} inputs x 3 ways: $same of $total identical"

same=0
total=0
for input in "${inputs[@]}"; do
    for arguments in "normalize" "normalize --script hant" "normalize --script hans" \
        "check" "check --format json" "check --format sarif" "check --format github" "detect"; do
        # shellcheck disable=SC2086
        run "$old" $arguments "$input"
        mv "$work/run.out" "$work/old.out"
        mv "$work/run.err" "$work/old.err"
        mv "$work/run.status" "$work/old.status"
        # shellcheck disable=SC2086
        run "$new" $arguments "$input"
        total=$((total + 1))
        if cmp -s "$work/old.out" "$work/run.out" && cmp -s "$work/old.err" "$work/run.err" \
            && cmp -s "$work/old.status" "$work/run.status"; then
            same=$((same + 1))
        else
            echo "differs between the builds: $arguments $input"
            failed=1
        fi
    done
done
echo "normalize, check and detect, old build against new (stdout, stderr, status): $same of $total identical"
exit "$failed"
