"""Run `hanzi convert`, `normalize` and `check` inside Apache Spark.

Each partition streams through one long-lived `hanzi` process in record mode
(`--records lines|jsonl`): records go in on standard input one a line, results come back one a
line in the same order, and each record is its own document, so the result does not depend on how
the data was partitioned. The `hanzi` binary and any OpenCC configuration travel with the job
(`ship`, which calls `SparkContext.addFile`); each executor compiles the conversion engine and the
normalization lexicons once, into a cache beside the shipped files, before its first task runs.

Nothing is dropped silently: every partition checks that the records it read equal the records
written plus the records set aside, and a record hanzi cannot read (invalid UTF-8, a malformed
JSON line) either fails the task with its partition and line, or goes to a side output.

    from hanzi_spark import Shipped, convert_records, ship
    ship(sc, "/usr/local/bin/hanzi")
    simplified = convert_records(sc.textFile("corpus/*.txt"), ["-c", "t2s"])
"""

from __future__ import annotations

import collections
import fcntl
import hashlib
import json
import os
import re
import selectors
import subprocess
import threading
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

from pyspark import SparkContext, SparkFiles, TaskContext
from pyspark.rdd import RDD

__all__ = [
    "HanziRecordError",
    "Rejected",
    "Shipped",
    "check_records",
    "convert_records",
    "normalize_records",
    "pipe_records",
    "ship",
    "split_rejected",
]

# How many records the feeding thread joins into one write to hanzi's standard input.
_BATCH = 512
_SKIPPED = re.compile(r"^hanzi: warning: <stdin>: record skipped: (?P<reason>.*\(line (?P<line>\d+),.*)$")


@dataclass(frozen=True)
class Shipped:
    """A file shipped with `ship` (or `SparkContext.addFile`), named by its file name; in the
    arguments of a hanzi command it stands for the file's path on the executor."""

    name: str

    def path(self) -> str:
        return SparkFiles.get(self.name)


@dataclass(frozen=True)
class Rejected:
    """A record hanzi could not read, set aside under `bad_records="side-output"`."""

    partition: int
    line: int  # 1-based line of the partition's stream: the record's index in its partition + 1
    reason: str
    record: str | bytes


class HanziRecordError(RuntimeError):
    """hanzi failed on a partition: a bad record under `bad_records="fail"`, a crash or a kill,
    or a count of records that does not add up."""


# The binary the commands run when none is named: the one `ship` shipped last.
_shipped_binary = Shipped("hanzi")


def ship(sc: SparkContext, hanzi: str, *files: str) -> Shipped:
    """Ships the `hanzi` binary and any other files (custom OpenCC configurations and their text
    dictionaries, term lists, a `.hanzi.yml`) to every executor, all in one folder, with this
    module, which the executors' Python workers import. Returns the binary as shipped, which the
    commands then run unless told otherwise."""
    global _shipped_binary
    sc.addPyFile(os.path.abspath(__file__))
    sc.addFile(hanzi)
    for path in files:
        sc.addFile(path)
    _shipped_binary = Shipped(os.path.basename(hanzi))
    return _shipped_binary


def convert_records(rdd: RDD, arguments: Sequence[str | Shipped] = (), **options) -> RDD:
    """`hanzi convert ARGUMENTS` over every record: see `pipe_records`."""
    return pipe_records(rdd, "convert", arguments, **options)


def normalize_records(rdd: RDD, arguments: Sequence[str | Shipped] = (), **options) -> RDD:
    """`hanzi normalize ARGUMENTS` over every record: see `pipe_records`."""
    return pipe_records(rdd, "normalize", arguments, **options)


def pipe_records(
    rdd: RDD,
    command: str,
    arguments: Sequence[str | Shipped] = (),
    *,
    records: str = "lines",
    fields: Sequence[str] = ("text",),
    bad_records: str = "fail",
    binary: str | Shipped | None = None,
) -> RDD:
    """Runs `hanzi COMMAND ARGUMENTS --records RECORDS` once per partition over its records.

    Records are `str` (or `bytes`, passed as they are, say from `sc.textFile(path,
    use_unicode=False)`), one line each: plain text with `records="lines"`, JSON objects with
    `records="jsonl"`, whose `fields` are converted and every other byte kept. The result has
    one record per input record, in order, of the same type.

    `bad_records`: "fail" stops the task with a `HanziRecordError` naming the partition, the
    line and hanzi's reason; "side-output" returns an RDD of `("ok", record)` and
    `("rejected", Rejected)` pairs instead (split it with `split_rejected`).
    """
    if bad_records not in ("fail", "side-output"):
        raise ValueError(f"bad_records must be 'fail' or 'side-output', not {bad_records!r}")
    binary = binary or _shipped_binary
    command_line = [binary, command, *arguments, "--records", records]
    if records == "jsonl":
        for field in fields:
            command_line += ["--field", field]
    if bad_records == "side-output":
        command_line += ["--bad-records", "skip"]
    warm_up = [binary, command, *arguments, "--records", "lines"]
    tagged = bad_records == "side-output"

    def run(partition: int, iterator: Iterable) -> Iterator:
        return _stream(partition, iterator, command_line, warm_up, tagged, counts=True)

    return rdd.mapPartitionsWithIndex(run, preservesPartitioning=True)


def split_rejected(tagged: RDD) -> tuple[RDD, RDD]:
    """The records and the rejected records of a `bad_records="side-output"` result; the tagged
    RDD is persisted so that the two are computed from one run."""
    tagged = tagged.persist()
    good = tagged.filter(lambda pair: pair[0] == "ok").map(lambda pair: pair[1])
    rejected = tagged.filter(lambda pair: pair[0] == "rejected").map(lambda pair: pair[1])
    return good, rejected


def check_records(
    rdd: RDD,
    arguments: Sequence[str | Shipped] = (),
    *,
    records: str = "lines",
    fields: Sequence[str] = ("text",),
    id_field: str | None = None,
    skip_bad_records: bool = False,
    binary: str | Shipped | None = None,
) -> RDD:
    """`hanzi check ARGUMENTS --records RECORDS` over every record: an RDD of findings, one
    dict each as hanzi writes them in JSON Lines (record, field, id, line, column, utf8Offset,
    rule, severity, message, original, replacement) with the `partition` added. Turn it into a
    DataFrame with `spark.read.json(findings.map(json.dumps))` to query it with Spark SQL.
    A record hanzi cannot read fails the task, or with `skip_bad_records` is left unchecked (the
    side output of `pipe_records` lists such records)."""
    binary = binary or _shipped_binary
    command_line = [binary, "check", *arguments, "--records", records]
    if skip_bad_records:
        command_line += ["--bad-records", "skip"]
    if records == "jsonl":
        for field in fields:
            command_line += ["--field", field]
        if id_field:
            command_line += ["--id-field", id_field]
    warm_up = [binary, "check", *arguments, "--records", "lines"]

    def run(partition: int, iterator: Iterable) -> Iterator[dict]:
        for line in _stream(partition, iterator, command_line, warm_up, False, counts=False):
            finding = json.loads(line)
            finding["partition"] = partition
            yield finding

    return rdd.mapPartitionsWithIndex(run)


def _resolve(argument: str | Shipped) -> str:
    return argument.path() if isinstance(argument, Shipped) else argument


def _environment() -> dict[str, str]:
    """hanzi's cache goes beside the shipped files, where every task of this executor finds it
    (unless the job chose a cache itself)."""
    environment = dict(os.environ)
    if "XDG_CACHE_HOME" not in environment or not os.access(environment["XDG_CACHE_HOME"], os.W_OK):
        environment["XDG_CACHE_HOME"] = os.path.join(SparkFiles.getRootDirectory(), "hanzikit-cache")
    os.makedirs(environment["XDG_CACHE_HOME"], exist_ok=True)
    return environment


def _executable(binary: str | Shipped) -> str:
    path = _resolve(binary)
    # addFile does not always keep the executable bit.
    if os.path.isfile(path) and not os.access(path, os.X_OK):
        try:
            os.chmod(path, 0o755)
        except OSError:
            pass
    return path


def _warm(warm_up: list[str], environment: dict[str, str]) -> None:
    """Runs hanzi once per executor and command line on one record, under a lock, so the engine
    and lexicon caches are built once before the executor's tasks read them."""
    folder = environment["XDG_CACHE_HOME"]
    key = hashlib.sha256(json.dumps(warm_up).encode()).hexdigest()[:16]
    marker = os.path.join(folder, f"warm-{key}")
    if os.path.exists(marker):
        return
    with open(os.path.join(folder, "warm.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(marker):
            return
        done = subprocess.run(warm_up, input="頭髮後來\n".encode(), capture_output=True, env=environment)
        if done.returncode not in (0, 1):  # check exits 1 on findings
            raise HanziRecordError(
                f"hanzi could not start on this executor: {' '.join(warm_up)}: "
                + done.stderr.decode(errors="replace").strip()
            )
        open(marker, "w").close()


def _stream(
    partition: int, iterator: Iterable, command_line: list, warm_up: list, tagged: bool, counts: bool
) -> Iterator:
    environment = _environment()
    arguments = [_executable(command_line[0])] + [_resolve(a) for a in command_line[1:]]
    _warm([arguments[0]] + [_resolve(a) for a in warm_up[1:]], environment)
    # The partition is named in the process's environment, for whoever looks at it on the executor.
    process = subprocess.Popen(
        arguments,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**environment, "HANZI_SPARK_PARTITION": str(partition)},
    )
    # Records written and not yet answered, in order; the feeder appends before writing.
    pending: collections.deque = collections.deque()
    fed = [0, None]  # records written, and an exception from the feeder

    def feed() -> None:
        try:
            batch: list[bytes] = []
            for record in iterator:
                data = record if isinstance(record, bytes) else record.encode("utf-8", "surrogateescape")
                if b"\n" in data:
                    raise HanziRecordError(
                        f"partition {partition}, line {fed[0] + len(batch) + 1}: a record holds a line break"
                    )
                fed[0] += 1
                pending.append(record)
                batch.append(data)
                if len(batch) >= _BATCH:
                    process.stdin.write(b"\n".join(batch) + b"\n")
                    batch.clear()
            if batch:
                process.stdin.write(b"\n".join(batch) + b"\n")
        except BrokenPipeError:
            pass  # hanzi ended early; its exit status says why
        except BaseException as error:  # noqa: BLE001 - reported by the reading side
            fed[1] = error
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass

    feeder = threading.Thread(target=feed, name=f"hanzi-feed-{partition}", daemon=True)
    feeder.start()

    # Standard output and standard error are read together: a skipped record's warning is written
    # before the output that follows it, so draining stderr first keeps the two in step.
    selector = selectors.DefaultSelector()
    for stream in (process.stdout, process.stderr):
        os.set_blocking(stream.fileno(), False)
        selector.register(stream, selectors.EVENT_READ)
    stdout_tail = b""
    stderr_tail = b""
    errors: list[str] = []
    skipped: set[int] = set()
    line = 0  # the input line the next answer belongs to
    written = 0
    open_streams = 2
    bytes_input = None
    rejected_reasons: dict[int, str] = {}

    def take_stderr() -> bool:
        nonlocal stderr_tail
        data = _read_available(process.stderr)
        if data is None:
            return False
        stderr_tail += data
        *complete, stderr_tail = stderr_tail.split(b"\n")
        for message in complete:
            text = message.decode("utf-8", "replace")
            match = _SKIPPED.match(text)
            if match:
                skipped.add(int(match["line"]))
                rejected_reasons[int(match["line"])] = match["reason"]
            else:
                errors.append(text)
        return True

    finished = False
    try:
        while open_streams:
            ready = selector.select()
            if not take_stderr() and any(key.fileobj is process.stderr for key, _ in ready):
                selector.unregister(process.stderr)
                open_streams -= 1
            if not any(key.fileobj is process.stdout for key, _ in ready):
                continue
            data = _read_available(process.stdout)
            if data is None:
                selector.unregister(process.stdout)
                open_streams -= 1
                continue
            take_stderr()
            stdout_tail += data
            *complete, stdout_tail = stdout_tail.split(b"\n")
            for answer in complete:
                if not counts:
                    yield answer.decode("utf-8")
                    continue
                line += 1
                while line in skipped:
                    record = pending.popleft()
                    yield ("rejected", Rejected(partition, line, rejected_reasons[line], record))
                    line += 1
                record = pending.popleft()
                if bytes_input is None:
                    bytes_input = isinstance(record, bytes)
                result = answer if bytes_input else answer.decode("utf-8")
                written += 1
                yield ("ok", result) if tagged else result
        finished = True
    finally:
        selector.close()
        if not finished:  # the task was cancelled or its consumer stopped early
            process.kill()
        status = process.wait()
        feeder.join()
    if stdout_tail:
        raise HanziRecordError(f"partition {partition}: hanzi's output ended inside a line")
    if fed[1] is not None:
        raise fed[1]
    if status != 0 and not (status == 1 and not counts):
        why = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
        detail = "; ".join(errors) or "no message"
        raise HanziRecordError(
            f"partition {partition} (task attempt {_attempt()}): hanzi failed ({why}) after "
            f"{written} of {fed[0]} records: {detail}"
        )
    if counts:
        # The last records may all have been skipped: no answer followed their warnings.
        while line + 1 in skipped:
            line += 1
            yield ("rejected", Rejected(partition, line, rejected_reasons[line], pending.popleft()))
        if written + len(skipped) != fed[0] or pending:
            raise HanziRecordError(
                f"partition {partition}: {fed[0]} records in, {written} out and {len(skipped)} rejected"
            )


def _read_available(stream) -> bytes | None:
    """What the pipe holds now (b"" when nothing), or None at its end."""
    try:
        data = os.read(stream.fileno(), 1 << 20)
    except BlockingIOError:
        return b""
    return data or None


def _attempt() -> int:
    context = TaskContext.get()
    return context.attemptNumber() if context else 0
