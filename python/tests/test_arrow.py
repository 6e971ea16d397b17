"""Arrow data in: typed columns read as they are, every row through the CLI's row validation."""

from __future__ import annotations

import datetime as dt
import decimal

import pyarrow as pa
import pytest

import touchpoints
from conftest import SAMPLES

UTC = dt.timezone.utc


def without_bytes(report: dict) -> dict:
    """The report less its input size (a CSV's bytes are not an Arrow table's)."""
    return {k: v for k, v in report.items() if k != "bytes"}


def csv_report(text: str, **kw) -> dict:
    return without_bytes(touchpoints.report(text.encode(), **kw))


def arrow_report(data, **kw) -> dict:
    return without_bytes(touchpoints.report(data, **kw))


def test_a_typed_table_reports_like_its_csv():
    csv = (
        "journey,time,touchpoint,channel,value,converted\n"
        "c1,2026-03-02T09:15:00Z,Newsletter,email,,\n"
        "c1,2026-03-03T10:00:00Z,Checkout,web,12.5,true\n"
        "c2,2026-03-04T08:00:30Z,Store visit,store,,false\n"
    )
    table = pa.table(
        {
            "journey": ["c1", "c1", "c2"],
            "time": pa.array(
                [dt.datetime(2026, 3, 2, 9, 15, tzinfo=UTC), dt.datetime(2026, 3, 3, 10, 0, tzinfo=UTC), dt.datetime(2026, 3, 4, 8, 0, 30, tzinfo=UTC)],
                pa.timestamp("us", tz="UTC"),
            ),
            "touchpoint": pa.array(["Newsletter", "Checkout", "Store visit"]).dictionary_encode(),
            "channel": pa.array(["email", "web", "store"], pa.large_string()),
            "value": pa.array([None, decimal.Decimal("12.50"), None], pa.decimal128(10, 2)),
            "converted": pa.array([None, True, False]),
        }
    )
    assert arrow_report(table, preset="retail") == csv_report(csv, preset="retail")
    # One batch, a list of batches, a reader: the same.
    batches = table.to_batches(max_chunksize=1)
    assert len(batches) == 3
    assert arrow_report(batches, preset="retail") == csv_report(csv, preset="retail")
    assert arrow_report(iter(batches), preset="retail") == csv_report(csv, preset="retail")
    reader = pa.RecordBatchReader.from_batches(table.schema, batches)
    assert arrow_report(reader, preset="retail") == csv_report(csv, preset="retail")
    assert arrow_report(table.combine_chunks().to_batches()[0], preset="retail") == csv_report(csv, preset="retail")


@pytest.mark.parametrize(
    "array",
    [
        pa.array([1772442900, 1772446500], pa.timestamp("s", tz="Europe/Amsterdam")),
        pa.array([1772442900_000, 1772446500_000], pa.timestamp("ms")),
        pa.array([1772442900_000_000_000, 1772446500_000_000_000], pa.timestamp("ns", tz="UTC")),
        pa.array([1772442900, 1772446500], pa.int64()),  # Unix seconds, as in a CSV
        pa.array([1772442900_000, 1772446500_000], pa.int64()),  # Unix milliseconds
        pa.array([1772442900.0, 1772446500.0], pa.float64()),
        pa.array(["2026-03-02T09:15:00Z", "2026-03-02T10:15:00Z"]),
    ],
)
def test_times_in_every_shape_are_the_same_instants(array):
    table = pa.table({"customer": ["a", "a"], "when": array, "event": ["Ad", "Visit"]})
    report = touchpoints.report(table)
    assert report["time_base"] == "calendar"
    assert report["span"]["first"] == 1772442900 and report["span"]["last"] == 1772446500


def test_dates_are_midnight_utc():
    table = pa.table({"customer": ["a"], "date": pa.array([dt.date(2026, 3, 2)], pa.date32()), "event": ["Ad"]})
    assert touchpoints.report(table)["span"]["first"] == dt.datetime(2026, 3, 2, tzinfo=UTC).timestamp()


def test_small_numbers_are_video_offsets_as_in_a_csv():
    table = pa.table({"observation": ["o1", "o1"], "start_s": [1.5, 75.25], "behavior": ["Smile", "Nod"]})
    report = touchpoints.report(table)
    assert report["time_base"] == "video-offset"
    assert report == touchpoints.report(b"observation,start_s,behavior\no1,1.5,Smile\no1,75.25,Nod\n") | {"bytes": 0}


def test_bad_rows_name_their_row_and_column():
    table = pa.table(
        {
            "journey": ["c1", None, "c1", "c2", "c2"],
            "time": pa.array([1772442900, 1772442901, None, -5, 1772442903], pa.int64()),
            "touchpoint": ["Ad", "Ad", "Ad", "Ad", ""],
            "value": pa.array([1.0, None, None, None, float("inf")]),
        }
    )
    report = touchpoints.report(table)
    rows = [(p["line"], p["column"], p["message"]) for p in report["problems"]["rows"]]
    assert rows == [
        (2, 1, "the journey (customer) is empty"),
        (3, 2, "the time is empty"),
        (4, 2, 'time "-5" is negative; ' + rows[2][2].split("; ", 1)[1]),
        (5, 3, "the touch point is empty"),
    ]
    assert report["events"] == 1 and report["rows"] == 5


def test_row_numbers_run_on_across_batches():
    good = pa.record_batch({"journey": ["a", "a"], "time": ["2026-01-01", "2026-01-02"], "touchpoint": ["Ad", "Visit"]})
    bad = pa.record_batch({"journey": ["a", "b"], "time": ["2026-01-03", "soon"], "touchpoint": ["Ad", "Visit"]})
    report = touchpoints.report([good, bad])
    assert [(p["line"], p["column"]) for p in report["problems"]["rows"]] == [(4, 2)]


def test_a_number_that_is_not_finite_is_a_bad_value():
    table = pa.table({"journey": ["a", "a"], "time": ["2026-01-01", "2026-01-02"], "touchpoint": ["Ad", "Buy"], "value": [float("nan"), 5.0]})
    report = touchpoints.report(table)
    assert [(p["line"], p["column"]) for p in report["problems"]["rows"]] == [(1, 4)]


def test_a_column_of_an_unread_type_is_a_bad_row_per_value():
    table = pa.table(
        {
            "journey": ["a", "a"],
            "time": ["2026-01-01", "2026-01-02"],
            "touchpoint": ["Ad", "Visit"],
            "channel": pa.array([None, [1, 2]], pa.list_(pa.int64())),
        }
    )
    report = touchpoints.report(table)
    assert report["events"] == 1
    [problem] = report["problems"]["rows"]
    assert (problem["line"], problem["column"]) == (2, 4)
    assert problem["message"].startswith("channel is of type List")


def test_batches_with_other_columns_are_refused():
    one = pa.record_batch({"journey": ["a"], "time": ["2026-01-01"], "touchpoint": ["Ad"]})
    two = pa.record_batch({"journey": ["a"], "time": ["2026-01-01"], "event": ["Ad"]})
    with pytest.raises(touchpoints.Error, match="the batch starting at row 2 has other columns") as caught:
        touchpoints.report([one, two])
    assert caught.value.line == 2


def test_missing_columns_are_named():
    table = pa.table({"who": ["a"], "what": ["Ad"]})
    with pytest.raises(touchpoints.Error) as caught:
        touchpoints.report(table)
    assert "no column for the journey or customer" in str(caught.value)
    assert "Parquet/Arrow columns" in str(caught.value)
    assert caught.value.line == 0


def test_columns_map_names_the_guess_misses():
    table = pa.table({"who": ["a", "a"], "at": ["2026-01-01", "2026-01-02"], "what": ["Ad", "Visit"]})
    mapping = {"journey": "who", "time": "at", "touchpoint": "what"}
    assert touchpoints.report(table, columns=mapping)["events"] == 2
    assert touchpoints.columns(["who", "at", "what", "channel"], mapping) == mapping | {"channel": "channel"}
    with pytest.raises(touchpoints.Error, match="no column for the time"):
        touchpoints.columns(["customer_id", "event"])


def test_the_retail_sample_as_arrow_equals_its_csv():
    import pyarrow.csv as pacsv

    path = SAMPLES / "retail-journeys.csv"
    table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types={"time": pa.timestamp("s", tz="UTC"), "journey": pa.string()}, strings_can_be_null=True))
    assert table.schema.field("converted").type == pa.bool_()
    assert arrow_report(table, preset="retail") == without_bytes(touchpoints.report(path, preset="retail"))


def test_something_else_is_a_type_error():
    with pytest.raises(TypeError, match="expected Arrow data"):
        touchpoints.report(42)
