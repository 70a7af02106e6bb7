#!/usr/bin/env bash
# Runs the test suite under a sanitizer: `address` (memory errors) or `thread` (data races).
# Leak checking is left to LeakTests (heap use over many conversions): Foundation on Linux keeps
# allocations LeakSanitizer reports at exit. The suites that run the `hanzi` binary are skipped:
# each process rebuilds its lexicons, slowly under a sanitizer, and the library code they reach
# is what the other suites exercise directly. So are the tries past a million nodes (minutes
# under a sanitizer; the smaller shapes of the same test stay).
# Usage: Scripts/sanitize.sh address|thread [extra swift test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer="${1:?address or thread}"
shift
Scripts/ensure-system-dependencies.sh --tests
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:${ASAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:${TSAN_OPTIONS:-}"
cli_suites="InterruptedWriteTests|CheckChangedTests|ConvertCommandTests|ConvertDirectoryTests|DiffCommandTests|DifferentialTests"
cli_suites+="|EncodingTests|EngineCommandTests|FuzzRegressionTests|InstallationTests|NormalizationCommandTests"
cli_suites+="|ProgressTests|SampleArticleTests|NormalizationBenchmarkTests|LargeTrieTests"
cli_suites+="|CodeScanningTests|CompletionTests|RecordModeTests"
cli_suites+="|CacheDamageTests|WriteFailureTests|OpenCCErrorTests|SingleReadInputTests|DiffFallbackTests"
cli_suites+="|InPlaceModeBitsTests|MemoryBoundsTests|ConfigurationParsingTests|PhraseCommandTests"
cli_suites+="|GettextCatalogTests|AppleStringsTableTests|StringCatalogTests|DocumentFormatTests"
cli_suites+="|HabitsTests|DiffDirectoryTests|PreCommitTests"
# ThreadSanitizer runs the suites whose library code runs threads or shares caches between them
# (conversions on worker threads, windows read ahead, segments normalized at once, the converter,
# lexicon and detector caches, atomic-file cleanup, the cache files' lease watcher), all at once
# as swift-testing runs them, so races between suites on the shared caches are still exercised;
# the rest is single-threaded code that AddressSanitizer covers, and would double the run (CI's
# 30 minutes).
thread_suites="ConverterTests|StreamingTests|CompiledCacheTests|LexiconCacheTests|AtomicFileTests"
thread_suites+="|SegmentedNormalizationTests|LineWithoutBreakPointsTests|StreamedScriptDetectionTests"
thread_suites+="|ScriptDetectorTests|NormalizerTests|EngineTests|DiffTests|PhraseTests|MissingDataTests|LeasedCacheTests"
selection=(--skip "$cli_suites")
if [ "$sanitizer" = thread ]; then selection+=(--filter "$thread_suites"); fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
swift test --scratch-path ".build-$sanitizer" --sanitize="$sanitizer" \
    "${selection[@]}" "$@" 2>&1 | tee "$log"
Scripts/check-skips.sh "$log"
