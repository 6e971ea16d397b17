"""The Spark test's data: the benchmark generator's CSV, and the same events as Parquet part files.

    python python/tests/spark_data.py EVENTS.csv OUT_DIR [--parts 8]

Writes OUT_DIR/part-00000.parquet … with typed columns (timestamps in UTC, numbers as
doubles, converted as a boolean, names as dictionary-encoded strings), cut into PARTS
files of consecutive rows, so journeys are cut across files as an export would cut them.
"""

from __future__ import annotations

import argparse
import os
from typing import List

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

TYPES = {
    "journey": pa.string(),
    "time": pa.timestamp("s", tz="UTC"),
    "touchpoint": pa.string(),
    "channel": pa.string(),
    "value": pa.float64(),
    "cost": pa.float64(),
    "rating": pa.float64(),
    "expectation": pa.float64(),
    "converted": pa.bool_(),
}


def read_events(csv_path: str) -> pa.Table:
    """The generator's CSV with typed columns (ISO times with offsets read as UTC instants)."""
    convert = pacsv.ConvertOptions(column_types=TYPES, strings_can_be_null=True)
    return pacsv.read_csv(csv_path, convert_options=convert)


def write_parts(table: pa.Table, out_dir: str, parts: int) -> List[str]:
    """Writes ``parts`` Parquet files of consecutive rows; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    for name in os.listdir(out_dir):
        if name.endswith(".parquet"):
            os.remove(os.path.join(out_dir, name))
    step = -(-table.num_rows // parts)
    paths = []
    for k in range(parts):
        path = os.path.join(out_dir, f"part-{k:05d}.parquet")
        pq.write_table(table.slice(k * step, step), path, compression="snappy")
        paths.append(path)
    return paths


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("csv")
    p.add_argument("out_dir")
    p.add_argument("--parts", type=int, default=8)
    args = p.parse_args()
    table = read_events(args.csv)
    paths = write_parts(table, args.out_dir, args.parts)
    print(f"{args.out_dir}: {table.num_rows:,} events in {len(paths)} Parquet files")


if __name__ == "__main__":
    main()
