#!/usr/bin/env python3
"""Touchpoints on Apache Spark: one report of a journey log that outgrows one machine.

    spark-submit python/examples/spark_report.py EVENTS --out OUT [options]
    python python/examples/spark_report.py EVENTS --out OUT --master 'local[2]'

EVENTS is Parquet (a file, or a directory of part files as Spark writes them) or
CSV with a header (``--format csv``). The job

1. reads the events and keeps only the columns the core reads (the same guess
   as a CSV header: ``touchpoints.columns``; ``--column journey=user_id`` where
   it misses);
2. repartitions them by journey (``repartitionByRange``, or ``repartition`` with
   ``--partitioning hash``): every event of a journey lands in one partition, so
   a journey split across partitions is impossible by construction;
3. sorts each partition by journey, then time (``sortWithinPartitions``);
4. runs ``touchpoints.partial`` on each partition's Arrow batches
   (``mapInArrow``): each partition yields one row, its partial in the core's
   versioned partial format (docs/partials.md), as a binary column;
5. merges the partials on the driver (``touchpoints.merge``), in partition order,
   into the report: the same JSON, number for number, as
   ``touchpoints report`` of the same events as one file in that order;
6. writes OUT/report.json and the charts, OUT/charts/*.svg.

Bad rows are listed in the report with a row number (see docs/spark.md: in this
build rows are numbered on through the partitions in partition order).

Range partitioning orders the partitions by journey, so the merged report lists
journeys in journey order: exactly what ``touchpoints report`` gives for a file
sorted by journey, then time. Hash partitioning (one shuffle, no sampling pass)
gives the same totals, but the order of journeys in the lists (and of ties in
rankings) follows the hash.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Dict, Iterator, List, Optional

PARTIAL_SCHEMA = "partition int, events long, partial binary"


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Touchpoints report of a journey log on Spark (partials per partition, merged on the driver).",
    )
    p.add_argument("events", help="Parquet file or directory, or CSV (with --format csv)")
    p.add_argument("--out", required=True, help="directory for report.json and charts/")
    p.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    p.add_argument("--preset", default="generic", help="generic, hotel or retail (default generic)")
    p.add_argument("--rules", help="a rules JSON file (wins over --preset)")
    p.add_argument(
        "--settings",
        help="a JSON file of analysis settings, e.g. {\"funnel\": {\"steps\": [\"Visit\", \"Order\"]}} "
        "for the report's funnel (paths and attribution are in every report)",
    )
    p.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="CANONICAL=NAME",
        help="map a canonical column to the input's column, e.g. journey=user_id (repeatable)",
    )
    p.add_argument("--partitions", type=int, help="partitions after the shuffle (default: spark.sql.shuffle.partitions)")
    p.add_argument("--partitioning", choices=["range", "hash"], default="range")
    p.add_argument("--master", help="Spark master when run with python, e.g. local[2] (spark-submit sets it)")
    p.add_argument("--no-charts", action="store_true", help="write report.json only")
    return p.parse_args(argv)


def read_settings(path: Optional[str]) -> Optional[dict]:
    """The analysis settings JSON file at ``path`` (None without one)."""
    if not path:
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def column_mapping(pairs: List[str]) -> Dict[str, str]:
    """``["journey=user_id"]`` → ``{"journey": "user_id"}``."""
    mapping = {}
    for pair in pairs:
        canonical, sep, name = pair.partition("=")
        if not sep or not canonical or not name:
            raise SystemExit(f"--column {pair!r}: expected CANONICAL=NAME, e.g. journey=user_id")
        mapping[canonical.strip()] = name.strip()
    return mapping


def partials_job(df, *, columns: Dict[str, str], partitions: int, partitioning: str, timed: bool = False):
    """The DataFrame of partials: one row (partition, events, partial) per non-empty partition.

    ``timed`` adds the CPU seconds ``touchpoints.partial`` took (the benchmark's column).
    """
    import touchpoints

    mapping = touchpoints.columns(df.columns, columns)  # raises touchpoints.Error without a journey/time column
    journey = mapping["journey"]
    order = [journey] + ([mapping["time"]] if "time" in mapping else [])
    # Only the columns the core reads cross the shuffle, in the input's order.
    wanted = set(mapping.values())
    df = df.select(*[c for c in df.columns if c in wanted])
    if partitioning == "range":
        df = df.repartitionByRange(partitions, journey)
    else:
        df = df.repartition(partitions, journey)
    df = df.sortWithinPartitions(*order)
    local_columns = {k: v for k, v in mapping.items()}

    def partial_of_partition(batches: Iterator) -> Iterator:
        # Runs on the executors: the touchpoints wheel must be installed there.
        import pyarrow as pa
        import touchpoints
        from pyspark import TaskContext

        partition = TaskContext.get().partitionId()
        counted = _Counting(batches)
        started = time.process_time()
        part = touchpoints.partial(counted, columns=local_columns, source=f"partition {partition}")
        seconds = time.process_time() - started
        if counted.rows == 0:
            return
        row = {"partition": [partition], "events": [counted.rows], "partial": [part]}
        fields = [("partition", pa.int32()), ("events", pa.int64()), ("partial", pa.binary())]
        if timed:
            row["seconds"] = [seconds]
            fields.append(("seconds", pa.float64()))
        yield pa.RecordBatch.from_pydict(row, schema=pa.schema(fields))

    return df.mapInArrow(partial_of_partition, PARTIAL_SCHEMA + (", seconds double" if timed else ""))


class _Counting:
    """Passes record batches through, counting their rows."""

    def __init__(self, batches):
        self.batches = iter(batches)
        self.rows = 0

    def __iter__(self):
        return self

    def __next__(self):
        batch = next(self.batches)
        self.rows += batch.num_rows
        return batch


def spark_report(
    spark,
    events: str,
    *,
    fmt: str = "parquet",
    preset: str = "generic",
    rules: Optional[str] = None,
    columns: Optional[Dict[str, str]] = None,
    partitions: Optional[int] = None,
    partitioning: str = "range",
    charts: Optional[str] = None,
    settings: Optional[dict] = None,
) -> dict:
    """The report of ``events`` through Spark: partials per partition, merged on the driver.

    A partial holds its partition's events, so the merge rebuilds every journey whole (a
    journey split across partitions is merged correctly by construction) and the report's
    paths, attribution and, with ``settings={"funnel": …}``, funnel are those of the whole
    input, number for number.
    """
    import touchpoints

    if fmt == "csv":
        # Every column as text: the core reads the cells exactly as the command line does.
        df = spark.read.csv(events, header=True, inferSchema=False)
    else:
        df = spark.read.parquet(events)
    n = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    rows = partials_job(df, columns=columns or {}, partitions=n, partitioning=partitioning).collect()
    rows.sort(key=lambda r: r["partition"])
    return touchpoints.merge(
        [bytes(r["partial"]) for r in rows], preset=preset, rules=rules, charts=charts, settings=settings
    )


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("touchpoints report")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    started = time.perf_counter()
    os.makedirs(args.out, exist_ok=True)
    try:
        report = spark_report(
            spark,
            args.events,
            fmt=args.format,
            preset=args.preset,
            rules=args.rules,
            columns=column_mapping(args.column),
            partitions=args.partitions,
            partitioning=args.partitioning,
            charts=None if args.no_charts else os.path.join(args.out, "charts"),
            settings=read_settings(args.settings),
        )
    finally:
        spark.stop()
    path = os.path.join(args.out, "report.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2, ensure_ascii=False)
        f.write("\n")
    seconds = time.perf_counter() - started
    print(
        f"{path}: {report['events']:,} events, {report['journeys']:,} journeys, "
        f"{report['problems']['count']:,} bad rows, in {seconds:.1f} s",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
