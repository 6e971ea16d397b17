"""Shared fixtures: the repository root and the command line the Python package is compared with."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "www" / "samples"


def cli_path() -> Path:
    """The touchpoints binary (TOUCHPOINTS_BIN, else the debug build `make test` makes)."""
    return Path(os.environ.get("TOUCHPOINTS_BIN", ROOT / "target" / "debug" / "touchpoints"))


def cli_json(command: str, *args: str) -> dict:
    """`touchpoints COMMAND ARGS --format json` (report, funnel, attribution …), parsed."""
    out = subprocess.run(
        [str(cli_path()), command, *args, "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def cli_report(args: List[str]) -> dict:
    """`touchpoints report ARGS --format json`, parsed."""
    return cli_json("report", *args)


@pytest.fixture(scope="session")
def cli():
    if not cli_path().exists():
        pytest.fail(f"{cli_path()} is missing: run `cargo build --features cli --bin touchpoints` (make test-python does)")
    return cli_report
