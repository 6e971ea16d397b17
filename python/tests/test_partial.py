"""touchpoints.partial and merge: the merged report of a table's parts is the table's report."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

import touchpoints
from conftest import SAMPLES, cli_json


def retail_table() -> pa.Table:
    path = SAMPLES / "retail-journeys.csv"
    convert = pacsv.ConvertOptions(column_types={"time": pa.timestamp("s", tz="UTC"), "journey": pa.string()}, strings_can_be_null=True)
    return pacsv.read_csv(path, convert_options=convert)


def without_bytes(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "bytes"}


def test_one_partial_merges_into_the_report_of_its_table():
    table = retail_table()
    part = touchpoints.partial(table)
    assert isinstance(part, bytes) and len(part) > 0
    assert without_bytes(touchpoints.merge([part], preset="retail")) == without_bytes(touchpoints.report(table, preset="retail"))


@pytest.mark.parametrize("cuts", [[1], [5000, 5001], [3, 7000, 12000, 16000]])
def test_parts_cut_inside_journeys_merge_into_the_whole(cuts):
    table = retail_table()
    # The sample's rows are in time order, so every cut splits journeys between parts.
    bounds = [0, *cuts, table.num_rows]
    parts = [touchpoints.partial(table.slice(a, b - a).to_batches()) for a, b in zip(bounds, bounds[1:])]
    merged = touchpoints.merge(parts, preset="retail")
    whole = touchpoints.report(table, preset="retail")
    assert merged["journeys"] == whole["journeys"] == 2000
    assert without_bytes(merged) == without_bytes(whole)


def test_the_rules_are_the_merges():
    part = touchpoints.partial(retail_table())
    assert touchpoints.merge([part], preset="hotel")["rules"] == "hotel"
    assert touchpoints.merge([part])["rules"] == "generic"


def test_bad_rows_in_partials_are_listed():
    good = pa.table({"journey": ["a", "a"], "time": ["2026-01-01", "2026-01-02"], "touchpoint": ["Ad", "Visit"]})
    bad = pa.table({"journey": ["b", "b"], "time": ["2026-01-03", "later"], "touchpoint": ["Ad", "Visit"]})
    report = touchpoints.merge([touchpoints.partial(good), touchpoints.partial(bad)])
    assert report["events"] == 3 and report["problems"]["count"] == 1
    assert "later" in report["problems"]["rows"][0]["message"]


def test_merge_writes_charts(tmp_path):
    touchpoints.merge([touchpoints.partial(retail_table())], preset="retail", charts=tmp_path)
    assert (tmp_path / "by_kind.svg").read_text().startswith("<svg")


def test_nothing_to_merge_is_an_error():
    with pytest.raises(touchpoints.Error):
        touchpoints.merge([])


def test_a_partial_of_unusable_batches_is_an_error():
    with pytest.raises(touchpoints.Error, match="no column for the journey"):
        touchpoints.partial(pa.table({"colour": ["red"]}))


FUNNEL = {"steps": ["Instagram ad", "Website visit", "Fitting room"], "window": "30d"}


def test_funnel_paths_and_attribution_of_merged_partials_are_the_command_lines(cli, tmp_path):
    # Partials hold events, so the merge rebuilds journeys cut between parts whole: the
    # funnel (by settings), paths and attribution equal those of the one file.
    table = retail_table()
    bounds = [0, 3, 7000, 12000, table.num_rows]
    parts = [touchpoints.partial(table.slice(a, b - a).to_batches()) for a, b in zip(bounds, bounds[1:])]
    merged = touchpoints.merge(parts, preset="retail", settings={"funnel": FUNNEL})
    spec = tmp_path / "funnel.json"
    spec.write_text(json.dumps(FUNNEL))
    sample = str(SAMPLES / "retail-journeys.csv")
    assert merged["funnel"] == cli_json("funnel", sample, "--funnel", str(spec), "--preset", "retail")
    assert merged["funnel"]["steps"][0]["count"] > merged["funnel"]["steps"][2]["count"] > 0
    assert merged["attribution"] == cli_json("attribution", sample, "--preset", "retail")
    assert merged["paths"] == cli(["--preset", "retail", sample])["paths"]
    # Without settings there is no funnel, and settings given as JSON text work the same.
    assert touchpoints.merge(parts, preset="retail").get("funnel") is None
    assert touchpoints.merge(parts, preset="retail", settings=json.dumps({"funnel": FUNNEL}))["funnel"] == merged["funnel"]


def test_bad_settings_name_what_is_wrong():
    part = touchpoints.partial(retail_table())
    with pytest.raises(touchpoints.Error, match="settings: unknown field `colour`"):
        touchpoints.merge([part], settings={"funnel": {"steps": ["A"], "colour": "red"}})
    with pytest.raises(touchpoints.Error, match='settings: unknown key "funnels", expected one of .*funnel'):
        touchpoints.merge([part], settings={"funnels": {"steps": ["A"]}})
