#!/usr/bin/env bash
# Fuzzes HanziKit with libFuzzer: builds the `hanzi-fuzz` targets with -sanitize=fuzzer,address
# (lld links them; gold fails on libFuzzer's objects) and runs each for SECONDS (default 35).
# Seeds come from Tests/FuzzCorpus/TARGET; a crash is saved there as crash-* to become a
# regression input, and the script exits non-zero. Each target ends with libFuzzer's last
# status line (cov, ft) and its executions and peak memory.
# HANZIKIT_FUZZ_TIMEOUT is how long one input may take (default 10 seconds; more on a loaded
# machine, where a niced run gets little of the CPU). HANZIKIT_FUZZ_BINARY names a fuzzing binary built before (then nothing is built), so several
# runs at once, or sources edited meanwhile, share one build.
# Usage: Scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-35}"
shift || true

binary="${HANZIKIT_FUZZ_BINARY:-}"
if [ -z "$binary" ]; then
    swift build --scratch-path .build-fuzz --product hanzi-fuzz -c release \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DHANZIKIT_FUZZING \
        --toolset Scripts/fuzz-toolset.json >&2
    binary=.build-fuzz/release/hanzi-fuzz
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=($(ls Tests/FuzzCorpus))
fi

status=0
for target in "${targets[@]}"; do
    work="$(mktemp -d)"
    cp Tests/FuzzCorpus/"$target"/* "$work"/ 2>/dev/null || true
    echo "fuzzing $target for ${seconds}s" >&2
    # Swift's backtracer is off: under AddressSanitizer it can hang after a crash, and
    # libFuzzer prints the stack itself.
    if ! HANZIKIT_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no \
        LSAN_OPTIONS="suppressions=$PWD/Scripts/fuzz-leak-suppressions.txt" \
        "$binary" -max_total_time="$seconds" -max_len=4096 \
        -timeout="${HANZIKIT_FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -artifact_prefix="$PWD/Tests/FuzzCorpus/$target/" \
        -print_final_stats=1 "$work" 2>"$work.log"; then
        tail -40 "$work.log" >&2
        status=1
    fi
    grep -E '^#[0-9]+.*(DONE|cov:)' "$work.log" | tail -1 | sed "s/^/$target /" >&2 || true
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work.log" | sed "s/^/$target /" >&2 || true
    echo "$target corpus: $(ls "$work" | wc -l) inputs" >&2
    rm -rf "$work" "$work.log"
done
exit $status
