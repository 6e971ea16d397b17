"""touchpoints.report(): the command line's JSON, number for number, from a path, bytes or Arrow data."""

from __future__ import annotations

import pathlib

import pytest

import touchpoints
from conftest import SAMPLES

CASES = [
    ("retail-journeys.csv", "retail"),
    ("hotel-journeys.csv", "hotel"),
    ("bad-rows.csv", "hotel"),
    ("attribution-paths.csv", "generic"),
    ("transactions.csv", "retail"),
    ("demo-journey.key.vtt", "generic"),
]


@pytest.mark.parametrize("name,preset", CASES)
def test_report_of_a_path_is_the_cli_json(cli, name, preset):
    path = SAMPLES / name
    assert touchpoints.report(path, preset=preset) == cli([str(path), "--preset", preset])
    assert touchpoints.report(str(path), preset=preset) == cli([str(path), "--preset", preset])


def test_report_of_bytes_is_the_report_of_the_file():
    path = SAMPLES / "hotel-journeys.csv"
    data = path.read_bytes()
    assert touchpoints.report(data, preset="hotel") == touchpoints.report(path, preset="hotel")
    assert touchpoints.report(bytearray(data), preset="hotel") == touchpoints.report(path, preset="hotel")


def test_bad_rows_are_listed_with_their_lines():
    report = touchpoints.report(SAMPLES / "bad-rows.csv", preset="hotel")
    rows = report["problems"]["rows"]
    assert report["problems"]["count"] == len(rows) > 0
    first = rows[0]
    assert first["line"] == 4 and first["column"] == 2
    assert "yesterday" in first["message"]


def test_rules_as_a_dict_or_a_file_win_over_the_preset(tmp_path: pathlib.Path, cli):
    rules = {
        "name": "mine",
        "rules": [{"if": {"touchpoint": ["newsletter"]}, "then": {"kind": "mass-communication"}}],
    }
    import json

    file = tmp_path / "rules.json"
    file.write_text(json.dumps(rules))
    by_dict = touchpoints.report(SAMPLES / "retail-journeys.csv", rules=rules)
    by_file = touchpoints.report(SAMPLES / "retail-journeys.csv", rules=file, preset="hotel")
    assert by_dict["rules"] == "mine"
    assert by_dict == by_file == cli([str(SAMPLES / "retail-journeys.csv"), "--rules", str(file)])


def test_charts_are_written_as_svg(tmp_path: pathlib.Path):
    touchpoints.report(SAMPLES / "retail-journeys.csv", preset="retail", charts=tmp_path / "charts")
    names = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert "by_kind.svg" in names and "top_touchpoints.svg" in names
    svg = (tmp_path / "charts" / "by_kind.svg").read_text()
    assert svg.startswith("<svg") and "<title" in svg


def test_an_unusable_file_raises_the_positioned_error():
    with pytest.raises(touchpoints.Error) as caught:
        touchpoints.report(b"name,colour\nAnna,red\n")
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.line == 1 and e.column is None
    assert str(e).startswith("line 1: no column for the journey or customer")


def test_a_file_name_leads_the_message(tmp_path: pathlib.Path):
    file = tmp_path / "empty.csv"
    file.write_text("")
    with pytest.raises(touchpoints.Error, match=r"empty\.csv: the file is empty"):
        touchpoints.report(file)


def test_a_missing_file_is_an_os_error(tmp_path: pathlib.Path):
    with pytest.raises(FileNotFoundError):
        touchpoints.report(tmp_path / "nope.csv")


def test_an_unknown_preset_is_an_error():
    with pytest.raises(touchpoints.Error, match="no preset"):
        touchpoints.report(SAMPLES / "retail-journeys.csv", preset="banking")


def test_the_package_is_typed():
    package = pathlib.Path(touchpoints.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "__init__.pyi").exists()
    assert touchpoints.report.__doc__ and "same JSON" in touchpoints.report.__doc__
