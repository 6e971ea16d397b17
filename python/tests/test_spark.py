"""The Spark example on a local Spark session: its report equals the command line's, number for number.

500,000 generated events (the benchmark generator, journeys one after another) as 8
Parquet part files cut through journeys; the job repartitions them by journey into 8
partitions, makes a partial per partition with mapInArrow and merges them on the driver.
The command line reads the same events as one CSV. Fields that legitimately differ:
DIFFERS (the input size: CSV bytes against Arrow columns).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, cli_json
from spark_data import read_events, write_parts

pytestmark = pytest.mark.spark

EVENTS = 500_000
PARTS = 8
EXAMPLE = ROOT / "python" / "examples" / "spark_report.py"
DATA = ROOT / "bench-data" / "spark"
# Report fields that legitimately differ between the CSV and the Spark run.
DIFFERS = {"bytes"}


@pytest.fixture(scope="session")
def events():
    """bench-data/spark/events-500k.csv (500,000 events) and parquet-500k/ (8 part files)."""
    csv = DATA / "events-500k.csv"
    subprocess.run(
        ["cargo", "run", "--quiet", "--example", "generate_bench", "--", str(csv), "--events", str(EVENTS)],
        cwd=ROOT,
        check=True,
    )
    parquet = DATA / "parquet-500k"
    write_parts(read_events(str(csv)), str(parquet), PARTS)
    return csv, parquet


def spark_env() -> dict:
    env = dict(os.environ)
    # Executors run this interpreter, where the wheel is installed.
    env["PYSPARK_PYTHON"] = sys.executable
    env["PYSPARK_DRIVER_PYTHON"] = sys.executable
    return env


def run_example(args, out: Path) -> dict:
    subprocess.run(
        [sys.executable, str(EXAMPLE), *args, "--out", str(out), "--master", "local[2]"],
        check=True,
        env=spark_env(),
    )
    return json.loads((out / "report.json").read_text())


def drop(report: dict, fields) -> dict:
    return {k: v for k, v in report.items() if k not in fields}


FUNNEL = {"steps": ["Instagram ad", "Website visit", "Fitting room"], "window": "30d"}


def test_spark_report_equals_the_command_line(events, cli, tmp_path):
    csv, parquet = events
    assert len(list(parquet.glob("*.parquet"))) == PARTS
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"funnel": FUNNEL}))
    spec = tmp_path / "funnel.json"
    spec.write_text(json.dumps(FUNNEL))
    got = run_example(
        [str(parquet), "--preset", "retail", "--partitions", str(PARTS), "--settings", str(settings)], tmp_path / "out"
    )
    want = cli([str(csv), "--preset", "retail"])
    assert got["events"] == EVENTS
    # The funnel comes from the settings; the command line's is `touchpoints funnel`.
    assert set(got) == set(want) | {"funnel"}
    assert drop(got, DIFFERS | {"funnel"}) == drop(want, DIFFERS)
    # Paths and attribution are in every report: the same as the command line's, as is the funnel.
    assert got["paths"] == want["paths"] and got["attribution"] == want["attribution"]
    assert got["funnel"] == cli_json("funnel", str(csv), "--funnel", str(spec), "--preset", "retail")
    assert got["funnel"]["steps"][0]["count"] > 0
    charts = sorted(p.name for p in (tmp_path / "out" / "charts").glob("*.svg"))
    assert "by_kind.svg" in charts and "timeline.svg" in charts and "funnel.svg" in charts
