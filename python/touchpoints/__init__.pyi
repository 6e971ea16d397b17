"""Type stubs for the Touchpoints Python package (the extension module touchpoints._core)."""

import os
from typing import Any, Dict, Iterable, Mapping, Optional, Protocol, Union

__version__: str

class Error(ValueError):
    """Input the core cannot use. The message names the line (or row) and column."""

    line: int
    """1-based line of a file, or row of Arrow data; 0 when the input has no line to point at."""
    column: Optional[int]
    """1-based column (field) number, when known."""

class ArrowStream(Protocol):
    """Arrow data with the PyCapsule stream interface (pyarrow Table, RecordBatchReader, Polars, DuckDB)."""

    def __arrow_c_stream__(self, requested_schema: Optional[object] = ...) -> object: ...

class ArrowArray(Protocol):
    """One Arrow record batch (pyarrow.RecordBatch and anything with __arrow_c_array__)."""

    def __arrow_c_array__(self, requested_schema: Optional[object] = ...) -> Any: ...

ArrowData = Union[ArrowStream, ArrowArray, Iterable[ArrowArray]]
"""Record batches: a stream, one batch, or an iterable of batches (Spark's mapInArrow iterator)."""

Rules = Union[str, "os.PathLike[str]", Mapping[str, Any]]
"""A rules JSON file, or the rule set itself as a dict (see docs/rules.md)."""

Report = Dict[str, Any]
"""The report, as ``touchpoints report FILE --format json`` prints it."""

Settings = Union[str, Mapping[str, Any]]
"""The analyses' settings as a dict or JSON text (the pages' settings): ``funnel`` (a funnel
spec, as ``touchpoints funnel --funnel SPEC.json``), ``paths``, ``attribution``, ``engagement``,
``rfm``, ``lifecycle``, ``satisfaction``, ``customer_value``, ``journey_map``; missing keys keep
their defaults (docs/spark.md)."""

def report(
    source: Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, ArrowData],
    *,
    preset: Optional[str] = None,
    rules: Optional[Rules] = None,
    columns: Optional[Mapping[str, str]] = None,
    charts: Optional[Union[str, "os.PathLike[str]"]] = None,
    settings: Optional[Settings] = None,
) -> Report:
    """The report of one journey file (path or bytes) or of Arrow data.

    Same JSON, number for number, as ``touchpoints report FILE --format json``.
    ``preset``: ``generic`` (default), ``hotel`` or ``retail``; ``rules`` wins over it.
    ``columns`` maps canonical columns to the input's names, e.g. ``{"journey": "user_id"}``.
    ``charts``: a directory that receives the charts as SVG files.
    ``settings``: the analyses' options, e.g. ``{"funnel": {"steps": ["Visit", "Cart", "Order"]}}``
    adds ``report["funnel"]`` (the same JSON as ``touchpoints funnel``).
    Raises :class:`Error` when the input cannot be used.
    """

def columns(names: Iterable[str], columns: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """Which of ``names`` the core reads as each canonical column (canonical → name).

    The same guess as a CSV header, ``columns`` first. Raises :class:`Error` when no
    journey, time or touch point (or amount) column is found.
    """

def partial(
    record_batches: ArrowData,
    *,
    columns: Optional[Mapping[str, str]] = None,
    source: Optional[str] = None,
) -> bytes:
    """A mergeable partial report of Arrow record batches (one Spark partition, say).

    Every row goes through the command line's row validation; bad rows are kept and listed
    by :func:`merge` with their row number (from 1, in batch order). ``columns`` maps
    canonical columns to the batches' names. Raises :class:`Error` when the batches cannot
    be used (no journey or time column, batches with other columns than the first).
    """

def merge(
    partials: Iterable[bytes],
    *,
    preset: Optional[str] = None,
    rules: Optional[Rules] = None,
    charts: Optional[Union[str, "os.PathLike[str]"]] = None,
    settings: Optional[Settings] = None,
) -> Report:
    """The report of many partials, as if their events were one input in the order given.

    A journey whose events are in several partials is merged into one journey. ``preset``,
    ``rules``, ``charts`` and ``settings`` as for :func:`report`. Raises :class:`Error` when there is
    nothing usable to merge.
    """
