#!/usr/bin/env python3
"""Benchmark (not a test): the partial kernel through Spark's mapInArrow, against the command line.

    make bench-spark                          # builds a release wheel and the release CLI first
    python python/examples/bench_spark.py PARQUET_DIR EVENTS.csv [--partitions 8] [--runs 3]

Prints, for the same events:

* the kernel: events per second per core of ``touchpoints.partial`` inside mapInArrow
  (CPU seconds of the Python worker around the call, so it includes pulling the Arrow
  batches from the JVM), summed over partitions;
* the Spark job: wall time of read + shuffle + sort + partials + merge on the driver,
  with ``local[N]`` cores;
* the command line: wall time of ``touchpoints report EVENTS.csv --format json``
  (one thread) and of the same events as one Parquet file;
* the overhead: Spark job wall time × cores against the command line's wall time.

The median of ``--runs`` runs is printed for each. Spark's first job in a session pays
for JIT warm-up, so one unmeasured warm-up run goes first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kernel_job(spark, parquet: str, partitions: int):
    """One Spark run: (wall seconds, events, kernel CPU seconds summed over partitions, merge seconds)."""
    import pyarrow as pa
    import touchpoints

    sys.path.insert(0, str(Path(__file__).parent))
    from spark_report import partials_job

    df = spark.read.parquet(parquet)
    mapping = touchpoints.columns(df.columns)
    started = time.perf_counter()
    job = partials_job(df, columns=mapping, partitions=partitions, partitioning="range", timed=True)
    rows = job.collect()
    rows.sort(key=lambda r: r["partition"])
    merge_started = time.perf_counter()
    report = touchpoints.merge([bytes(r["partial"]) for r in rows], preset="retail")
    done = time.perf_counter()
    kernel = sum(r["seconds"] for r in rows)
    return done - started, report["events"], kernel, done - merge_started


def cli_seconds(args) -> float:
    cli = os.environ.get("TOUCHPOINTS_BIN", str(ROOT / "target" / "release" / "touchpoints"))
    started = time.perf_counter()
    subprocess.run([cli, "report", *args, "--threads", "1", "--format", "json"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    p = argparse.ArgumentParser(description="partial kernel through mapInArrow against the CLI")
    p.add_argument("parquet")
    p.add_argument("csv")
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--cores", type=int, default=2)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()

    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master(f"local[{args.cores}]")
        .appName("touchpoints bench")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", str(args.partitions))
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    # The mapInArrow function lives in spark_report.py (imported, so pickled by reference):
    # ship the module to the Python workers.
    spark.sparkContext.addPyFile(str(Path(__file__).parent / "spark_report.py"))
    kernel_job(spark, args.parquet, args.partitions)  # warm-up
    runs = [kernel_job(spark, args.parquet, args.partitions) for _ in range(args.runs)]
    spark.stop()

    with tempfile.TemporaryDirectory() as tmp:
        one = os.path.join(tmp, "events.parquet")
        pq.write_table(pq.read_table(args.parquet), one)
        cli_csv = statistics.median(cli_seconds([args.csv, "--preset", "retail"]) for _ in range(args.runs))
        cli_parquet = statistics.median(cli_seconds([one, "--preset", "retail"]) for _ in range(args.runs))

    events = runs[0][1]
    wall = statistics.median(r[0] for r in runs)
    kernel = statistics.median(r[2] for r in runs)
    merge = statistics.median(r[3] for r in runs)
    per_core = events / kernel
    print(f"events                          {events:>12,}")
    print(f"partitions / local cores        {args.partitions:>12} / {args.cores}")
    print(f"kernel (partial in mapInArrow)  {per_core:>12,.0f} events/s per core  ({kernel:.2f} CPU s)")
    print(f"Spark job, wall                 {wall:>12.2f} s  ({events / wall:,.0f} events/s on {args.cores} cores)")
    print(f"  of which merge on the driver  {merge:>12.2f} s")
    print(f"CLI, CSV, wall                  {cli_csv:>12.2f} s  ({events / cli_csv:,.0f} events/s, 1 thread)")
    print(f"CLI, Parquet, wall              {cli_parquet:>12.2f} s  ({events / cli_parquet:,.0f} events/s, 1 thread)")
    print(f"overhead: Spark core-seconds / CLI seconds (CSV)  {wall * args.cores / cli_csv:.1f}x")
    print(f"overhead: kernel CPU s / CLI seconds (CSV)        {kernel / cli_csv:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
