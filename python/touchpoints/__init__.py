"""Customer-journey analytics from the Touchpoints core (Rust), for Python and Spark.

The same core as the command line and the web pages, so the same numbers:

* :func:`report` — the report of a journey file, its bytes, or Arrow data
  (the same JSON as ``touchpoints report FILE --format json``);
* :func:`partial` — a mergeable partial report of Arrow record batches
  (one Spark partition, say), as bytes in the core's versioned partial format;
* :func:`merge` — the report of many partials, as if their events were one file.

Errors in the input raise :class:`Error` (a :class:`ValueError`) whose message
names the line (or row) and column and what was expected.
"""

from ._core import Error, __version__, columns, merge, partial, report

__all__ = ["Error", "__version__", "columns", "merge", "partial", "report"]
