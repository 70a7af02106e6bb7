"""Converts and audits a Chinese corpus with Spark and hanzi.

    spark-submit --master 'local[2]' Examples/spark/convert_corpus.py \
        --hanzi .build/release/hanzi --input corpus.txt --output out/
    spark-submit --master 'local[2]' Examples/spark/convert_corpus.py \
        --hanzi .build/release/hanzi --input records.jsonl --records jsonl --field text --output out/

(`python3 Examples/spark/convert_corpus.py …` works as well: it starts Spark in local mode.)

Writes OUTPUT/converted (the records normalized toward --script and converted with -c, one output
record per input record), OUTPUT/rejected (records hanzi could not read, with partition, line
and reason; with --bad-records fail the job stops at the first one instead) and
OUTPUT/findings (what `hanzi check` found in the input, as JSON Lines), and prints the findings
counted by rule with Spark SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hanzi_spark  # noqa: E402
from hanzi_spark import Shipped  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hanzi", required=True, help="the hanzi binary to ship to the executors")
    parser.add_argument("--input", required=True, help="text or JSON Lines files (any Hadoop path or glob)")
    parser.add_argument("--output", required=True, help="a folder that does not exist yet")
    parser.add_argument("--records", choices=["lines", "jsonl"], default="lines")
    parser.add_argument("--field", action="append", help="jsonl: a member holding text (repeatable; default text)")
    parser.add_argument("--id-field", help="jsonl: the member that names a record in the findings")
    parser.add_argument("-c", "--config", default="t2s", help="a configuration name or an OpenCC JSON file")
    parser.add_argument("--script", default="hant", help="the script normalization aims for: hant, hans or auto")
    parser.add_argument("--no-normalize", action="store_true", help="only convert")
    parser.add_argument("--bad-records", choices=["fail", "side-output"], default="side-output")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--ship", action="append", default=[], help="more files to ship (dictionaries, …)")
    options = parser.parse_args()

    spark = SparkSession.builder.appName("hanzi-convert-corpus").getOrCreate()
    sc = spark.sparkContext
    # A custom configuration travels with the job like the binary; its text dictionaries must be
    # shipped too (--ship), next to it in the executors' SparkFiles folder.
    config: str | Shipped = options.config
    extra = list(options.ship)
    if os.path.isfile(options.config):
        extra.append(options.config)
        config = Shipped(os.path.basename(options.config))
    hanzi_spark.ship(sc, options.hanzi, *extra)

    fields = options.field or ["text"]
    records = sc.textFile(options.input, options.partitions, use_unicode=False)

    # Normalize, then convert: two long-lived hanzi processes per partition, one after the other
    # in the same task. Bad records are set aside by the first; the second sees only good ones.
    good = records
    rejected = sc.emptyRDD()
    if not options.no_normalize:
        tagged = hanzi_spark.normalize_records(
            good, ["--script", options.script], records=options.records, fields=fields, bad_records=options.bad_records
        )
        good, rejected = split(tagged, options.bad_records)
    tagged = hanzi_spark.convert_records(
        good, ["-c", config], records=options.records, fields=fields, bad_records=options.bad_records
    )
    converted, rejected_by_convert = split(tagged, options.bad_records)
    converted.saveAsTextFile(os.path.join(options.output, "converted"))
    rejected.union(rejected_by_convert).map(
        lambda r: json.dumps(
            {"partition": r.partition, "line": r.line, "reason": r.reason, "record": r.record.decode("utf-8", "replace")},
            ensure_ascii=False,
        )
    ).saveAsTextFile(os.path.join(options.output, "rejected"))

    # Records hanzi cannot read are already in OUTPUT/rejected; check skips them.
    findings = hanzi_spark.check_records(
        records,
        ["--script", options.script],
        records=options.records,
        fields=fields,
        id_field=options.id_field,
        skip_bad_records=options.bad_records == "side-output",
    )
    findings_path = os.path.join(options.output, "findings")
    findings.map(lambda f: json.dumps(f, ensure_ascii=False)).saveAsTextFile(findings_path)

    table = spark.read.json(findings_path)
    if table.columns:
        table.createOrReplaceTempView("findings")
        spark.sql("SELECT rule, severity, count(*) AS findings FROM findings GROUP BY rule, severity ORDER BY 3 DESC").show()
    else:
        print("no findings")
    spark.stop()


def split(tagged, bad_records: str):
    if bad_records == "fail":
        return tagged, tagged.context.emptyRDD()
    return hanzi_spark.split_rejected(tagged)


if __name__ == "__main__":
    main()
