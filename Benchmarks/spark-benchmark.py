"""The Spark benchmark behind BENCHMARKS.md (Spark): one job, in one run, on the same data.

    python3 Benchmarks/spark-benchmark.py --hanzi .build/release/hanzi [--size-mb 1024] [--runs 3]

Builds SIZE MB of text from the shared corpora (hant.txt and hans.txt repeated; not kept), then
times, each RUNS times (median reported):
  - one `hanzi convert -c t2s FILE -o OUT` process (all cores, and --threads 1),
  - one `hanzi convert -c t2s --records lines` process reading the file on standard input,
  - the Spark job (textFile as bytes, convert_records, saveAsTextFile) with local[1] and local[2],
  - with --breakdown, local[1] Spark without hanzi (the JVM alone, a Python round trip) and the
    job on lines decoded to str,
and checks that every output of hanzi is byte-identical. Spark's start-up (the JVM, the context) is timed
apart and not counted in the job.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "Examples" / "spark"))


def build_input(corpora: Path, size: int, path: Path) -> None:
    text = (corpora / "hant.txt").read_bytes() + (corpora / "hans.txt").read_bytes()
    with path.open("wb") as output:
        written = 0
        while written < size:
            output.write(text)
            written += len(text)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hanzi", required=True)
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--config", default="t2s")
    parser.add_argument("--breakdown", action="store_true", help="also time Spark without hanzi (local[1])")
    options = parser.parse_args()
    hanzi = str(Path(options.hanzi).resolve())

    folder = Path(tempfile.mkdtemp(prefix="hanzi-spark-benchmark-"))
    try:
        source = folder / "input.txt"
        build_input(Path(options.corpora), options.size_mb << 20, source)
        size = source.stat().st_size
        lines = sum(1 for _ in source.open("rb"))
        print(f"input: {size / 1e6:.0f} MB, {lines:,} lines; load average {os.getloadavg()[0]:.1f}")
        reference = folder / "reference.txt"
        results: dict[str, list[float]] = {}

        def hanzi_file(*extra: str) -> None:
            subprocess.run([hanzi, "convert", "-c", options.config, *extra, "-o", str(reference), str(source)], check=True)

        def hanzi_records() -> None:
            with source.open("rb") as stdin, (folder / "records.txt").open("wb") as stdout:
                subprocess.run([hanzi, "convert", "-c", options.config, "--records", "lines"], stdin=stdin, stdout=stdout, check=True)

        from pyspark import SparkConf, SparkContext

        import hanzi_spark

        def spark_job(master: str) -> float:
            start = time.perf_counter()
            sc = SparkContext(conf=SparkConf().setMaster(master).setAppName("hanzi-benchmark").set("spark.ui.enabled", "false"))
            sc.setLogLevel("ERROR")
            hanzi_spark.ship(sc, hanzi)
            startup = time.perf_counter() - start
            output = folder / f"spark-{master}"
            try:
                if master == "local[1]" and options.breakdown:
                    breakdown(sc)
                # Lines as bytes, as Examples/spark/convert_corpus.py reads them: no decoding in Python.
                elapsed = timed(
                    lambda: hanzi_spark.convert_records(
                        sc.textFile(str(source), use_unicode=False), ["-c", options.config]
                    ).saveAsTextFile(str(output))
                )
                partitions = len(list(output.glob("part-*")))
                with (folder / "spark.txt").open("wb") as joined:
                    for part in sorted(output.glob("part-*")):
                        with part.open("rb") as piece:
                            shutil.copyfileobj(piece, joined)
            finally:
                sc.stop()
            shutil.rmtree(output)
            if (folder / "spark.txt").read_bytes() != reference.read_bytes():
                raise SystemExit(f"Spark {master}: output differs from hanzi's")
            print(f"  spark {master}: {elapsed:.1f} s ({partitions} partitions; start-up {startup:.1f} s, not counted)")
            return elapsed

        def breakdown(sc) -> None:
            """Where Spark's time goes: the JVM alone copying the lines, the lines through a Python
            worker and back unchanged, and the job with the lines decoded to str in Python."""
            jobs = {
                "spark local[1]: JVM only (textFile, saveAsTextFile)": lambda out: sc._jsc.textFile(str(source)).saveAsTextFile(out),
                "spark local[1]: through Python unchanged (bytes)": lambda out: sc.textFile(str(source), use_unicode=False)
                .map(lambda line: line)
                .saveAsTextFile(out),
                "spark local[1]: convert_records on str lines": lambda out: hanzi_spark.convert_records(
                    sc.textFile(str(source)), ["-c", options.config]
                ).saveAsTextFile(out),
            }
            for name, job in jobs.items():
                output = folder / "breakdown"
                elapsed = timed(lambda: job(str(output)))
                shutil.rmtree(output)
                results.setdefault(name, []).append(elapsed)
                print(f"  {name}: {elapsed:.1f} s")

        for run in range(options.runs):
            print(f"run {run + 1}:")
            for name, job in (
                ("hanzi (file, all cores)", lambda: hanzi_file()),
                ("hanzi (file, --threads 1)", lambda: hanzi_file("--threads", "1")),
                ("hanzi --records lines (stdin)", hanzi_records),
            ):
                elapsed = timed(job)
                results.setdefault(name, []).append(elapsed)
                print(f"  {name}: {elapsed:.1f} s")
            if (folder / "records.txt").read_bytes() != reference.read_bytes():
                raise SystemExit("hanzi --records lines: output differs from hanzi on the file")
            for master in ("local[1]", "local[2]"):
                results.setdefault(f"spark {master}", []).append(spark_job(master))

        print(f"\nmedians of {options.runs} runs, {size / 1e6:.0f} MB, load average now {os.getloadavg()[0]:.1f}:")
        medians = {name: statistics.median(times) for name, times in results.items()}
        for name, median in medians.items():
            print(f"| {name} | {median:.1f} s | {size / 1e6 / median:.1f} MB/s |")
        one, two = medians["spark local[1]"], medians["spark local[2]"]
        single = medians["hanzi (file, --threads 1)"]
        print(f"speed-up local[2] / local[1]: {one / two:.2f}x")
        print(f"Spark local[1] over one hanzi process (--threads 1): +{one - single:.1f} s ({one / single:.2f}x)")
        print(f"Spark local[1] over hanzi --records lines: +{one - medians['hanzi --records lines (stdin)']:.1f} s")
        print(f"Spark local[2] over one hanzi process (all cores): +{two - medians['hanzi (file, all cores)']:.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
