#!/usr/bin/env python3
"""Whole processes on one file, start-up included, for release builds of `hanzi` side by side
(BENCHMARKS.md, "Fourth round"): each corpus file as it is (`hant.txt`, `hans.txt`) and a
one-line file, with the commands of "Normalization, all rules together". Every round runs every
build once per case, in turn, so the machine's state falls on all builds alike; the figures are
medians of wall time (measured here to the microsecond: GNU time's hundredths are too coarse for
runs of a tenth of a second) and of CPU time (user + system, from wait4).

Usage: Benchmarks/single-file-benchmark.py [--rounds N] [--corpora DIR] [--only REGEX] LABEL=HANZI ...
  LABEL=HANZI  a name for the table and a release `hanzi` binary; ratios are against the first.
Each build gets its own cache folder (XDG_CACHE_HOME), filled by an untimed first run of every
case, whose output is compared byte for byte with the first build's.
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time


def run(binary, arguments, cache, output=os.devnull):
    """Runs `binary arguments` with its own cache folder; returns (wall s, CPU s, exit status)."""
    environment = dict(os.environ, XDG_CACHE_HOME=cache)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        sink = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(sink, 1)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.execve(binary, [binary] + arguments, environment)
    _, status, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--corpora", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "corpora"))
    parser.add_argument("--only", default="", help="run only the cases whose name matches this regular expression")
    parser.add_argument("builds", nargs="+", metavar="LABEL=HANZI")
    options = parser.parse_args()
    builds = [build.split("=", 1) for build in options.builds]
    for label, binary in builds:
        if not os.access(binary, os.X_OK):
            sys.exit(f"not an executable: {binary}")
    work = tempfile.mkdtemp()
    one_line = os.path.join(work, "one-line.txt")
    with open(one_line, "w", encoding="utf-8") as file:
        file.write("他是什么人\n")
    hant = os.path.join(options.corpora, "hant.txt")
    hans = os.path.join(options.corpora, "hans.txt")
    cases = [
        ("normalize --script hant, hant.txt", ["normalize", "--script", "hant", hant], hant),
        ("normalize (script detected), hant.txt", ["normalize", hant], hant),
        ("check --script hant, hant.txt", ["check", "--script", "hant", hant], hant),
        ("normalize --script hans, hans.txt", ["normalize", "--script", "hans", hans], hans),
        ("normalize (script detected), hans.txt", ["normalize", hans], hans),
        ("check --script hans, hans.txt", ["check", "--script", "hans", hans], hans),
        ("normalize --script hant, one line", ["normalize", "--script", "hant", one_line], None),
        ("normalize (script detected), one line", ["normalize", one_line], None),
        ("detect, one line", ["detect", one_line], None),
        ("convert -c t2s, one line", ["convert", "-c", "t2s", one_line], None),
    ]
    cases = [case for case in cases if re.search(options.only, case[0])]
    caches = {label: os.path.join(work, "cache-" + re.sub(r"\W", "_", label)) for label, _ in builds}
    for name, arguments, _ in cases:
        outputs = []
        for label, binary in builds:
            path = os.path.join(work, "output")
            run(binary, arguments, caches[label], path)
            with open(path, "rb") as file:
                outputs.append(file.read())
        same = sum(output == outputs[0] for output in outputs[1:])
        print(f"{name}: {same} of {len(outputs) - 1} builds wrote the first build's bytes", file=sys.stderr)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", file=sys.stderr)
    times = {(name, label): [] for name, _, _ in cases for label, _ in builds}
    for _ in range(options.rounds):
        for name, arguments, _ in cases:
            for label, binary in builds:
                wall, cpu, _ = run(binary, arguments, caches[label])
                times[(name, label)].append((wall, cpu))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {options.rounds} rounds")
    first = builds[0][0]
    header = "| case | build | wall ms | MB/s | CPU ms | wall / " + first + " | CPU / " + first + " |"
    print(header)
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, _, measured in cases:
        reference = times[(name, first)]
        reference_wall = statistics.median(wall for wall, _ in reference)
        reference_cpu = statistics.median(cpu for _, cpu in reference)
        for label, _ in builds:
            wall = statistics.median(wall for wall, _ in times[(name, label)])
            cpu = statistics.median(cpu for _, cpu in times[(name, label)])
            rate = f"{os.path.getsize(measured) / 1e6 / wall:.1f}" if measured else "–"
            print(
                f"| {name} | {label} | {wall * 1000:.1f} | {rate} | {cpu * 1000:.1f} | "
                f"{wall / reference_wall:.2f} | {cpu / reference_cpu:.2f} |"
            )


if __name__ == "__main__":
    main()
