"""The Spark integration, end to end: PySpark in local mode runs `hanzi` through
Examples/spark/hanzi_spark.py over at least 8 partitions, and every result is compared byte for
byte with the same `hanzi` run once over the whole file. One test submits the example job with
`spark-submit` to a standalone master and worker started from the same PySpark, as on a cluster.

Run by Scripts/spark-test.sh (which installs PySpark and Java first); HANZI names the binary.
Text: the zh_TW and zh_CN translations of the gettext catalogs the Swift suites read
(Tests/Catalogs, made into text with msgunfmt), the repository's sample articles, and the shared
corpora (hant.txt, hans.txt in ../shared/corpora or HANZIKIT_CORPORA) when they are present.
"""

from __future__ import annotations

import functools
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Examples" / "spark"))

import pyspark  # noqa: E402
from pyspark import SparkConf, SparkFiles, TaskContext  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402

import hanzi_spark  # noqa: E402
from hanzi_spark import HanziRecordError, Rejected, Shipped  # noqa: E402

HANZI = os.environ.get("HANZI") or str(ROOT / ".build" / "debug" / "hanzi")
PARTITIONS = 8


@functools.cache
def hanzi(*arguments: str) -> bytes:
    """hanzi run once over a whole file, the reference; it must succeed."""
    done = subprocess.run([HANZI, *arguments], capture_output=True)
    if done.returncode not in (0, 1):
        raise AssertionError(f"hanzi {' '.join(arguments)}: {done.stderr.decode()}")
    return done.stdout


def unescape_po(text: str) -> str:
    """The C escapes of a PO string literal."""
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)


def gettext_lines(locale: str) -> list[str]:
    """The translations of the catalogs the Swift suites read as prose (Tests/Catalogs/catalogs.txt,
    in its order): every translated message in catalog order, one line per line of a message."""
    lines: list[str] = []
    for entry in (ROOT / "Tests" / "Catalogs" / "catalogs.txt").read_text().splitlines():
        if not entry.strip() or entry.startswith("#"):
            continue
        catalog = f"/usr/share/locale/{locale}/LC_MESSAGES/{entry.split()[1]}.mo"
        po = subprocess.run(["msgunfmt", catalog], capture_output=True, text=True, check=True).stdout
        current: list[str] | None = None
        for line in po.splitlines() + [""]:
            if line.startswith("msgstr"):
                current = [line.split('"', 1)[1][:-1]] if '"' in line else []
            elif line.startswith('"') and current is not None:
                current.append(line[1:-1])
            elif current is not None:
                text = unescape_po("".join(current))
                # Hadoop's line reader ends a line at \r too.
                lines += [piece for piece in re.split(r"[\r\n]", text) if piece.strip()]
                current = None
    return lines


class SparkTest(unittest.TestCase):
    spark: SparkSession
    folder: Path
    texts: dict[str, tuple[Path, str]]  # name: (file, script)

    @classmethod
    def setUpClass(cls) -> None:
        cls.folder = Path(tempfile.mkdtemp(prefix="hanzi-spark-test-"))
        cls.texts = {}
        for name, locale, script in (("gettext-zh_TW", "zh_TW", "hant"), ("gettext-zh_CN", "zh_CN", "hans")):
            cls.write(name, script, "\n".join(gettext_lines(locale)) + "\n")
        samples = [ROOT / "Samples" / "article.zh-Hant.txt", ROOT / "Samples" / "article.zh-Hans.txt"]
        for sample, script in zip(samples, ("hant", "hans")):
            cls.write(sample.stem, script, sample.read_text(encoding="utf-8"))
        corpora = Path(os.environ.get("HANZIKIT_CORPORA", ROOT.parent / "shared" / "corpora"))
        for name, script in (("hant", "hant"), ("hans", "hans")):
            if (corpora / f"{name}.txt").exists():
                cls.write(name, script, (corpora / f"{name}.txt").read_text(encoding="utf-8"))
            else:
                print(f"spark test: {corpora / name}.txt is not there; testing without it", file=sys.stderr)
        # Two attempts per task (local[N,F]): the fault test kills a hanzi process and Spark retries.
        conf = (
            SparkConf()
            .setMaster("local[2,2]")
            .setAppName("hanzi-spark-test")
            .set("spark.ui.enabled", "false")
            .set("spark.python.worker.reuse", "true")
        )
        cls.spark = SparkSession.builder.config(conf=conf).getOrCreate()
        cls.spark.sparkContext.setLogLevel("ERROR")
        hanzi_spark.ship(
            cls.spark.sparkContext,
            HANZI,
            str(ROOT / "Dictionaries" / "t2s-with-taiwan-terms.json"),
            str(ROOT / "Dictionaries" / "TaiwanTermsToMainland.txt"),
        )

    @classmethod
    def tearDownClass(cls) -> None:
        cls.spark.stop()
        shutil.rmtree(cls.folder, ignore_errors=True)

    @classmethod
    def write(cls, name: str, script: str, text: str) -> None:
        path = cls.folder / f"{name}.txt"
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        cls.texts[name] = (path, script)

    def lines(self, path: Path):
        rdd = self.spark.sparkContext.textFile(str(path), PARTITIONS)
        self.assertGreaterEqual(rdd.getNumPartitions(), PARTITIONS)
        return rdd

    @staticmethod
    def joined(records: list[str]) -> bytes:
        return "".join(record + "\n" for record in records).encode("utf-8")

    def test_convert_and_normalize_equal_hanzi_on_the_whole_file(self) -> None:
        for name, (path, script) in self.texts.items():
            config = "t2s" if script == "hant" else "s2twp"
            with self.subTest(name=name, job="convert"):
                output = self.folder / f"{name}.converted"
                hanzi_spark.convert_records(self.lines(path), ["-c", config]).saveAsTextFile(str(output))
                parts = sorted(output.glob("part-*"))
                self.assertGreaterEqual(len(parts), PARTITIONS)
                self.assertEqual(b"".join(part.read_bytes() for part in parts), hanzi("convert", "-c", config, str(path)))
            with self.subTest(name=name, job="normalize"):
                # Each record is its own document: what the mojibake rule reads elsewhere in a
                # whole file (the article's 基礎 that confirms its `?;A`) is not there.
                normalized = hanzi_spark.normalize_records(self.lines(path), ["--script", script]).collect()
                expected = hanzi("normalize", "--script", script, "--records", "lines", str(path))
                self.assertEqual(self.joined(normalized), expected)

    def test_a_custom_configuration_ships_with_the_job(self) -> None:
        path = self.folder / "terms.txt"
        path.write_text("".join(f"第{i}行：軟體與伺服器，頭髮\n" for i in range(40)), encoding="utf-8")
        config = str(ROOT / "Dictionaries" / "t2s-with-taiwan-terms.json")
        converted = hanzi_spark.convert_records(self.lines(path), ["-c", Shipped("t2s-with-taiwan-terms.json")])
        result = converted.collect()
        self.assertEqual(self.joined(result), hanzi("convert", "-c", config, str(path)))
        self.assertEqual(result[0], "第0行：软件与服务器，头发")
        # The engine was compiled into the executor's cache beside the shipped files.
        cache = Path(SparkFiles.getRootDirectory()) / "hanzikit-cache"
        self.assertTrue(list(cache.glob("warm-*")), f"no warm-up marker in {cache}")

    def test_json_lines_convert_the_text_and_pass_the_other_field_through(self) -> None:
        for name in ("gettext-zh_TW", "article.zh-Hant", "hant"):
            if name not in self.texts:
                continue
            with self.subTest(name=name):
                path, _ = self.texts[name]
                lines = path.read_text(encoding="utf-8").splitlines()
                records = []
                for index, line in enumerate(lines):
                    # Half the records escape their non-ASCII text, as some writers do.
                    quoted = json.dumps(line, ensure_ascii=index % 2 == 0)
                    records.append(f'{{"id": {index}, "text": {quoted}, "source": {quoted}}}')
                jsonl = self.folder / f"{name}.jsonl"
                jsonl.write_text("\n".join(records) + "\n", encoding="utf-8")

                result = hanzi_spark.convert_records(self.lines(jsonl), ["-c", "t2s"], records="jsonl").collect()
                self.assertEqual(self.joined(result), hanzi("convert", "-c", "t2s", "--records", "jsonl", str(jsonl)))
                converted = hanzi("convert", "-c", "t2s", str(path)).decode("utf-8").splitlines()
                self.assertEqual(len(result), len(lines))
                for index, (line, output, text) in enumerate(zip(lines, result, converted)):
                    quoted = json.dumps(line, ensure_ascii=index % 2 == 0)
                    written = quoted if text == line else json.dumps(text, ensure_ascii=False)
                    self.assertEqual(output, f'{{"id": {index}, "text": {written}, "source": {quoted}}}')

    def bad_records(self) -> tuple[list[bytes], set[int]]:
        """JSON Lines with invalid UTF-8 and malformed records among good ones."""
        records: list[bytes] = []
        bad: set[int] = set()
        for index in range(400):
            if index % 37 == 5:
                records.append(b'{"id": %d, "text": "\xe9\xa0A"}' % index)
                bad.add(index)
            elif index % 53 == 7:
                records.append(b'{"id": %d, "text": "\xe9\xa0\xad' % index)
                bad.add(index)
            else:
                records.append(json.dumps({"id": index, "text": "頭髮後來第%d行" % index}, ensure_ascii=False).encode())
        return records, bad

    def bad_records_rdd(self, records: list[bytes]):
        """The records as bytes, straight to Python: `textFile` would decode them in the JVM,
        turning invalid UTF-8 into U+FFFD before hanzi could see it."""
        rdd = self.spark.sparkContext.parallelize(records, PARTITIONS)
        self.assertGreaterEqual(rdd.getNumPartitions(), PARTITIONS)
        return rdd

    def test_bad_records_go_to_a_side_output_with_partition_and_line(self) -> None:
        records, bad = self.bad_records()
        rdd = self.bad_records_rdd(records)
        # Where each record lies: its partition, and its line in that partition's stream.
        places = rdd.mapPartitionsWithIndex(lambda p, it: ((p, n + 1) for n, _ in enumerate(it))).collect()
        tagged = hanzi_spark.convert_records(rdd, records="jsonl", bad_records="side-output")
        good, rejected = hanzi_spark.split_rejected(tagged)
        good, rejected = good.collect(), rejected.collect()
        self.assertEqual(len(good) + len(rejected), len(records))
        self.assertEqual(sorted((r.partition, r.line) for r in rejected), sorted(places[i] for i in bad))
        self.assertEqual(sorted(r.record for r in rejected), sorted(records[i] for i in bad))
        self.assertTrue(all(re.search(r"invalid UTF-8|unterminated string", r.reason) for r in rejected))
        expected = [json.loads(records[i])["id"] for i in range(len(records)) if i not in bad]
        self.assertEqual([json.loads(record)["id"] for record in good], expected)
        self.assertTrue(all("头发后来" in record.decode() for record in good))

    def test_a_bad_record_fails_the_job_naming_partition_and_line(self) -> None:
        records, bad = self.bad_records()
        rdd = self.bad_records_rdd(records)
        places = rdd.mapPartitionsWithIndex(lambda p, it: ((p, n + 1) for n, _ in enumerate(it))).collect()
        with self.assertRaises(Exception) as raised:
            hanzi_spark.convert_records(rdd, records="jsonl").collect()
        message = str(raised.exception)
        found = re.search(r"HanziRecordError: partition (\d+) .*?\(line (\d+),", message)
        self.assertIsNotNone(found, message[-2000:])
        self.assertIn((int(found[1]), int(found[2])), {places[i] for i in bad})

    def test_check_findings_are_json_lines_for_spark_sql(self) -> None:
        path, script = self.texts["gettext-zh_TW"]
        rdd = self.lines(path)
        findings = hanzi_spark.check_records(rdd, ["--script", script])
        counts = rdd.mapPartitions(lambda it: [sum(1 for _ in it)]).collect()
        starts = [sum(counts[:p]) for p in range(len(counts))]
        spark_findings = sorted(
            json.dumps({**{k: v for k, v in f.items() if k != "partition"}, "record": starts[f["partition"]] + f["record"]},
                       sort_keys=True, ensure_ascii=False)
            for f in findings.collect()
        )
        reference = hanzi("check", "--script", script, "--records", "lines", str(path)).decode("utf-8").splitlines()
        self.assertGreater(len(reference), 0)
        self.assertEqual(spark_findings, sorted(json.dumps(json.loads(line), sort_keys=True, ensure_ascii=False) for line in reference))
        # The findings as a table: counted by rule with Spark SQL.
        table = self.spark.read.json(findings.map(lambda f: json.dumps(f, ensure_ascii=False)))
        table.createOrReplaceTempView("findings")
        by_rule = {row["rule"]: row["n"] for row in self.spark.sql("SELECT rule, count(*) AS n FROM findings GROUP BY rule").collect()}
        expected: dict[str, int] = {}
        for line in reference:
            rule = json.loads(line)["rule"]
            expected[rule] = expected.get(rule, 0) + 1
        self.assertEqual(by_rule, expected)

    def test_a_killed_hanzi_process_is_retried_and_the_output_is_complete(self) -> None:
        path, script = self.texts.get("hant") or self.texts["gettext-zh_TW"]
        if path.stat().st_size < 4 << 20:
            # Partitions long enough to be caught in the middle: the text repeated past 4 MB.
            text = path.read_bytes()
            path = self.folder / "fault.txt"
            path.write_bytes(text * (1 + (4 << 20) // len(text)))
        sc = self.spark.sparkContext
        retried = sc.accumulator(0)
        root = SparkFiles.getRootDirectory()
        killed: list[int] = []
        stop = threading.Event()

        def kill_one() -> None:
            """Kills the first hanzi normalize of this job that has read input and runs on."""
            while not stop.is_set() and not killed:
                for proc in Path("/proc").iterdir():
                    try:
                        arguments = (proc / "cmdline").read_bytes().split(b"\0")
                        if not arguments[0].startswith(root.encode()) or b"normalize" not in arguments:
                            continue
                        # A partition's stream, not the executor's warm-up run.
                        if b"HANZI_SPARK_PARTITION=" not in (proc / "environ").read_bytes():
                            continue
                        started = float((proc / "stat").read_text().rsplit(")", 1)[1].split()[19])
                        uptime = float(Path("/proc/uptime").read_text().split()[0])
                        read = int(re.search(r"rchar: (\d+)", (proc / "io").read_text())[1])
                        if uptime - started / os.sysconf("SC_CLK_TCK") > 0.3 and read > 0:
                            os.kill(int(proc.name), signal.SIGKILL)
                            killed.append(int(proc.name))
                            return
                    except (OSError, ValueError, IndexError, TypeError):
                        continue
                time.sleep(0.05)

        def note_attempt(iterator):
            if TaskContext.get().attemptNumber() > 0:
                retried.add(1)
            return iterator

        watcher = threading.Thread(target=kill_one, daemon=True)
        watcher.start()
        try:
            result = hanzi_spark.normalize_records(self.lines(path), ["--script", script]).mapPartitions(note_attempt).collect()
        finally:
            stop.set()
            watcher.join()
        self.assertEqual(len(killed), 1, "no hanzi process was killed mid-partition")
        self.assertGreaterEqual(retried.value, 1)
        self.assertEqual(self.joined(result), hanzi("normalize", "--script", script, "--records", "lines", str(path)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StandaloneClusterTest(unittest.TestCase):
    """`spark-submit` to a standalone master, as on a cluster: the executor is a JVM a worker
    starts in its own folder, and hanzi reaches it only by being shipped with the job."""

    def test_spark_submit_to_a_standalone_master_converts_like_hanzi(self) -> None:
        spark_home = Path(pyspark.__file__).parent  # PySpark from PyPI is a Spark distribution
        folder = Path(tempfile.mkdtemp(prefix="hanzi-spark-cluster-"))
        environment = dict(os.environ, SPARK_HOME=str(spark_home), SPARK_LOCAL_IP="127.0.0.1")
        master_url = f"spark://127.0.0.1:{free_port()}"
        daemons: list[subprocess.Popen] = []

        def start(name: str, *arguments: str) -> Path:
            log = folder / f"{name}.log"
            with log.open("wb") as output:
                command = [str(spark_home / "bin" / "spark-class"), *arguments, "--webui-port", str(free_port())]
                daemons.append(subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT))
            return log

        def wait_for(log: Path, text: str) -> None:
            deadline = time.monotonic() + 120
            while text not in log.read_text(errors="replace"):
                self.assertLess(time.monotonic(), deadline, f"{log.name}: no {text!r}:\n{log.read_text(errors='replace')}")
                time.sleep(0.5)

        try:
            host, port = master_url.removeprefix("spark://").split(":")
            master_log = start("master", "org.apache.spark.deploy.master.Master", "--host", host, "--port", port)
            wait_for(master_log, "New state: ALIVE")
            work = folder / "work"
            worker_log = start(
                "worker", "org.apache.spark.deploy.worker.Worker", master_url,
                "--cores", "2", "--memory", "1g", "--work-dir", str(work),
            )
            wait_for(worker_log, "Successfully registered with master")

            # The corpora's byte identity is the local-mode tests' work; this one is about the shape.
            source = folder / "input.txt"
            source.write_text("\n".join(gettext_lines("zh_TW")) + "\n", encoding="utf-8")
            submitted = subprocess.run(
                [
                    str(spark_home / "bin" / "spark-submit"), "--master", master_url, "--executor-memory", "512m",
                    str(ROOT / "Examples" / "spark" / "convert_corpus.py"),
                    "--hanzi", HANZI, "--input", str(source), "--output", str(folder / "out"),
                ],
                env=environment, capture_output=True,
            )
            self.assertEqual(submitted.returncode, 0, submitted.stderr.decode(errors="replace")[-4000:])

            normalized = subprocess.run(
                [HANZI, "normalize", "--script", "hant", "--records", "lines", str(source)], capture_output=True
            ).stdout
            expected = subprocess.run([HANZI, "convert", "-c", "t2s"], input=normalized, capture_output=True).stdout
            parts = sorted((folder / "out" / "converted").glob("part-*"))
            self.assertEqual(b"".join(part.read_bytes() for part in parts), expected)
            self.assertEqual(b"".join(p.read_bytes() for p in (folder / "out" / "rejected").glob("part-*")), b"")
            # The executor ran the binary shipped into its own folder and warmed its cache there.
            executors = list(work.glob("app-*/*"))
            self.assertTrue(executors, f"no executor folder in {work}")
            for executor in executors:
                self.assertTrue((executor / "hanzi").is_file(), f"hanzi was not shipped to {executor}")
                self.assertTrue(list((executor / "hanzikit-cache").glob("warm-*")), f"no warm cache in {executor}")
        finally:
            for daemon in reversed(daemons):
                daemon.terminate()
                daemon.wait(timeout=60)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    failed = len(result.failures) + len(result.errors)
    print(f"spark: {result.testsRun - failed - len(result.skipped)} passed, {failed} failed, {len(result.skipped)} skipped")
    sys.exit(1 if failed or not result.wasSuccessful() else 0)
