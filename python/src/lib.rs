//! The Touchpoints core as the Python extension module `touchpoints._core`
//! (re-exported by `touchpoints/__init__.py`). A thin facade, like
//! `src/wasm/` for the pages: arguments in, the core's report out as the
//! same JSON the command line prints, the core's positioned messages as
//! `touchpoints.Error`. Nothing here computes a number.

use arrow_array::ffi_stream::RecordBatchStreamReader;
use arrow_array::RecordBatch;

use arrow_pyarrow::FromPyArrow;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::path::PathBuf;
use touchpoints::analysis::{Analysis, AnalysisSettings};
use touchpoints::cli::parts::{merge_partials, write_partial, PartialHead};
use touchpoints::ingest::arrow::ArrowIngest;
use touchpoints::ingest::{ColumnMapping, IngestOptions};
use touchpoints::taxonomy::{self, RuleSet};

pyo3::create_exception!(
    touchpoints,
    Error,
    PyValueError,
    "Input the core cannot use: the message names the line (or row) and column, and what was expected. `line` and `column` hold them (0 / None when unknown)."
);

/// A core error as `touchpoints.Error`, with `line` and `column` attributes;
/// `prefix` (a file name) leads the message like the command line's.
fn core_error(py: Python<'_>, e: &touchpoints::Error, prefix: Option<&str>) -> PyErr {
    let message = match prefix {
        Some(p) => format!("{p}: {e}"),
        None => e.to_string(),
    };
    let err = Error::new_err(message);
    let value = err.value(py);
    // Setting attributes on a fresh exception instance cannot fail but for memory.
    let _ = value.setattr("line", e.line);
    let _ = value.setattr("column", e.column);
    err
}

/// The rule set: `rules` (a path to a rules JSON file, or the rule set as a
/// dict) over `preset` (default `generic`).
fn rule_set(
    py: Python<'_>,
    preset: Option<&str>,
    rules: Option<&Bound<'_, PyAny>>,
) -> PyResult<RuleSet> {
    let Some(rules) = rules.filter(|r| !r.is_none()) else {
        return taxonomy::preset(preset.unwrap_or("generic")).map_err(|e| core_error(py, &e, None));
    };
    if rules.is_instance_of::<PyDict>() {
        let json = py.import("json")?.call_method1("dumps", (rules,))?;
        let text: String = json.extract()?;
        return RuleSet::from_json(&text).map_err(|e| core_error(py, &e, Some("rules")));
    }
    let path: PathBuf = rules
        .extract()
        .map_err(|_| PyTypeError::new_err("rules must be a path to a rules JSON file or a dict"))?;
    let text = std::fs::read_to_string(&path)?;
    let shown = path.display().to_string();
    RuleSet::from_json(&text).map_err(|e| core_error(py, &e, Some(&shown)))
}

/// The analyses' settings from `settings` (a dict or a JSON string; the pages' settings:
/// `funnel`, `paths`, `attribution`, `engagement`, … each with its defaults), applied to
/// `analysis` (which then rebuilds its report). `None` keeps the defaults.
fn apply_settings(
    py: Python<'_>,
    analysis: &mut Analysis,
    settings: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let Some(settings) = settings.filter(|s| !s.is_none()) else { return Ok(()) };
    let text: String = if settings.is_instance_of::<PyString>() {
        settings.extract()?
    } else {
        py.import("json")?.call_method1("dumps", (settings,))?.extract()?
    };
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Error::new_err(format!("settings: {e}")))?;
    // A misspelt key would otherwise be ignored silently (the settings take defaults).
    let known = serde_json::to_value(AnalysisSettings::default())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    let known: Vec<&String> = known.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    if let Some(bad) = value.as_object().and_then(|o| o.keys().find(|k| !known.contains(k))) {
        let names: Vec<&str> = known.iter().map(|k| k.as_str()).collect();
        return Err(Error::new_err(format!(
            "settings: unknown key {bad:?}, expected one of {}",
            names.join(", ")
        )));
    }
    let settings: AnalysisSettings =
        serde_json::from_value(value).map_err(|e| Error::new_err(format!("settings: {e}")))?;
    py.detach(|| analysis.set_settings(settings));
    Ok(())
}

/// Ingest options from `columns` (canonical column → the input's column name).
fn ingest_options(columns: Option<&Bound<'_, PyDict>>) -> PyResult<IngestOptions> {
    let mut mapping = ColumnMapping::new();
    if let Some(columns) = columns {
        for (k, v) in columns.iter() {
            mapping.insert(k.extract()?, v.extract()?);
        }
    }
    Ok(IngestOptions { mapping, ..IngestOptions::default() })
}

/// The report as Python objects: the command line's `--format json` text, parsed.
fn report_dict(py: Python<'_>, analysis: &Analysis) -> PyResult<Py<PyAny>> {
    // The command line's JSON: the full report (the per-journey table listed).
    let text = serde_json::to_string(&analysis.full_report())
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// Writes the charts into `charts` (a directory) when given.
fn write_charts(analysis: &Analysis, charts: Option<PathBuf>) -> PyResult<()> {
    if let Some(dir) = charts {
        touchpoints::cli::write_charts(analysis, &dir)
            .map_err(pyo3::exceptions::PyOSError::new_err)?;
    }
    Ok(())
}

/// Calls `f` on every record batch of `data`: an object with the Arrow
/// PyCapsule stream interface (`pyarrow.Table`, `RecordBatchReader`, a Polars
/// or DuckDB result), one batch (`__arrow_c_array__`), or an iterable of batches
/// (Spark's `mapInArrow` iterator).
fn for_each_batch(
    data: &Bound<'_, PyAny>,
    mut f: impl FnMut(&RecordBatch) -> PyResult<()>,
) -> PyResult<()> {
    if data.hasattr("__arrow_c_stream__")? {
        let reader = RecordBatchStreamReader::from_pyarrow_bound(data)?;
        for batch in reader {
            f(&batch.map_err(|e| PyValueError::new_err(e.to_string()))?)?;
        }
        return Ok(());
    }
    if data.hasattr("__arrow_c_array__")? {
        return f(&RecordBatch::from_pyarrow_bound(data)?);
    }
    let items = data.try_iter().map_err(|_| {
        PyTypeError::new_err(
            "expected Arrow data: a pyarrow Table, RecordBatch or RecordBatchReader, an iterable of record batches, or an object with __arrow_c_stream__",
        )
    })?;
    for item in items {
        f(&RecordBatch::from_pyarrow_bound(&item?)?)?;
    }
    Ok(())
}

/// Reads Arrow data into an analysis (rows numbered from 1 in batch order).
fn analyse_arrow(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: IngestOptions,
    rule_set: RuleSet,
) -> PyResult<Analysis> {
    let mut ingest = ArrowIngest::new(options);
    let mut failed = None;
    for_each_batch(data, |batch| {
        if failed.is_none() {
            if let Err(e) = py.detach(|| ingest.push(batch)) {
                failed = Some(e);
            }
        }
        Ok(())
    })?;
    if let Some(e) = failed {
        return Err(core_error(py, &e, None));
    }
    py.detach(|| ingest.finish().and_then(|d| Analysis::new(d, rule_set)))
        .map_err(|e| core_error(py, &e, None))
}

/// report(source, *, preset="generic", rules=None, columns=None, charts=None, settings=None) -> dict
/// --
///
/// The report of one journey file or Arrow table: the same JSON, number for
/// number, as `touchpoints report FILE --format json`.
///
/// `source` is a path (CSV, TSV, JSON, JSON Lines, attribution paths,
/// Parquet, or an annotation file such as WebVTT), the file's bytes, or Arrow
/// data (a pyarrow Table / RecordBatch / RecordBatchReader, or anything with
/// `__arrow_c_stream__`). `preset` names the rule set (`generic`, `hotel`,
/// `retail`); `rules` is a rules JSON file or the rule set as a dict and wins
/// over `preset`. `columns` maps canonical columns to the input's names
/// (`{"journey": "user_id"}`) where the guess misses. `charts`, a directory,
/// receives the report's charts as SVG files (like `--charts DIR`).
/// `settings` (a dict or JSON text, the pages' analysis settings) sets the
/// analyses' options: `{"funnel": {"steps": ["Visit", "Cart", "Order"]}}` adds
/// the report's `funnel` (the same JSON as `touchpoints funnel FILE --funnel
/// SPEC.json --format json`); `paths`, `attribution`, `engagement`, … likewise
/// (docs/spark.md lists them).
///
/// Raises `touchpoints.Error` (a ValueError) when the input cannot be used,
/// with the line (or row) and column in the message; bad rows of a usable
/// input are listed in `report["problems"]["rows"]` instead.
#[pyfunction]
#[pyo3(signature = (source, *, preset = None, rules = None, columns = None, charts = None, settings = None))]
fn report(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    preset: Option<&str>,
    rules: Option<&Bound<'_, PyAny>>,
    columns: Option<&Bound<'_, PyDict>>,
    charts: Option<PathBuf>,
    settings: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let rule_set = rule_set(py, preset, rules)?;
    let options = ingest_options(columns)?;
    let mut analysis = if let Ok(bytes) = source.cast::<PyBytes>() {
        let bytes = bytes.as_bytes();
        py.detach(|| touchpoints::open::analyse_file("", bytes, &options, rule_set))
            .map_err(|e| core_error(py, &e, None))?
    } else if source.is_instance_of::<PyString>() || source.hasattr("__fspath__")? {
        let path: PathBuf = source.extract()?;
        let bytes = std::fs::read(&path)?;
        let name = path.display().to_string();
        py.detach(|| touchpoints::open::analyse_file(&name, &bytes, &options, rule_set))
            .map_err(|e| core_error(py, &e, Some(&name)))?
    } else if let Ok(buffer) = source.extract::<Vec<u8>>() {
        // bytearray, memoryview and other buffers.
        py.detach(|| touchpoints::open::analyse_file("", &buffer, &options, rule_set))
            .map_err(|e| core_error(py, &e, None))?
    } else {
        analyse_arrow(py, source, options, rule_set)?
    };
    apply_settings(py, &mut analysis, settings)?;
    write_charts(&analysis, charts)?;
    report_dict(py, &analysis)
}

/// partial(record_batches, *, columns=None, source=None) -> bytes
/// --
///
/// A mergeable partial report of Arrow record batches (one Spark partition,
/// say): bytes in the core's versioned partial format (docs/partials.md),
/// for `merge`. `record_batches` is a stream (pyarrow Table,
/// RecordBatchReader, anything with `__arrow_c_stream__`), one batch, or an
/// iterable of batches (Spark's `mapInArrow` iterator); it is read once.
///
/// Every row goes through the command line's row validation: bad rows are
/// kept in the partial and listed by the merged report with a row number
/// (rows are numbered from 1 in batch order). `columns` maps canonical
/// columns to the batches' names where the guess misses; the rules are
/// applied at `merge`. `source` names the batches (e.g. "partition 3"); it is
/// kept in the partial's head (docs/partials.md).
///
/// Raises `touchpoints.Error` when the batches cannot be used (no journey or
/// time column, batches with different columns).
#[pyfunction]
#[pyo3(signature = (record_batches, *, columns = None, source = None))]
fn partial(
    py: Python<'_>,
    record_batches: &Bound<'_, PyAny>,
    columns: Option<&Bound<'_, PyDict>>,
    source: Option<&str>,
) -> PyResult<Py<PyBytes>> {
    let options = ingest_options(columns)?;
    let mut ingest = ArrowIngest::new(options.clone());
    let mut failed = None;
    for_each_batch(record_batches, |b| {
        if failed.is_none() {
            match py.detach(|| ingest.push(b)) {
                Ok(()) => {}
                Err(e) => failed = Some(e),
            }
        }
        Ok(())
    })?;
    if let Some(e) = failed {
        return Err(core_error(py, &e, None));
    }
    let part = ingest.finish_part().map_err(|e| core_error(py, &e, None))?;
    let head = PartialHead::of(&part, source.unwrap_or("Arrow record batches"), "1/1", 1);
    Ok(PyBytes::new(py, &write_partial(&head, &part)).unbind())
}

/// merge(partials, *, preset="generic", rules=None, charts=None, settings=None) -> dict
/// --
///
/// The report of many partials (from `partial` or `touchpoints report FILE
/// --partial OUT`), as if their events were one file read in the order the
/// partials are given: the same JSON as `touchpoints merge PARTIAL...
/// --format json`. A journey whose events are in several partials is merged
/// into one. `preset`, `rules`, `charts` and `settings` as for `report`.
#[pyfunction]
#[pyo3(signature = (partials, *, preset = None, rules = None, charts = None, settings = None))]
fn merge(
    py: Python<'_>,
    partials: &Bound<'_, PyAny>,
    preset: Option<&str>,
    rules: Option<&Bound<'_, PyAny>>,
    charts: Option<PathBuf>,
    settings: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let rule_set = rule_set(py, preset, rules)?;
    let mut all: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, p) in partials.try_iter()?.enumerate() {
        all.push((format!("partial {}", i + 1), p?.extract()?));
    }
    let mut analysis = py
        .detach(|| {
            merge_partials(&all, &IngestOptions::default())
                .and_then(|part| touchpoints::ingest::check(part.dataset))
                .and_then(|d| Analysis::new(d, rule_set))
        })
        .map_err(|e| core_error(py, &e, None))?;
    apply_settings(py, &mut analysis, settings)?;
    write_charts(&analysis, charts)?;
    report_dict(py, &analysis)
}

/// columns(names, columns=None) -> dict
/// --
///
/// Which of `names` (a table's column names) the core reads as each
/// canonical column (`journey`, `time`, `touchpoint`, `channel`, `value` …),
/// by the same guess as a CSV header, with `columns` (canonical → name)
/// first. A Spark job uses it to repartition by the journey column.
///
/// Raises `touchpoints.Error` when no journey, time or touch point (or
/// amount) column is found, naming what was looked for.
#[pyfunction]
#[pyo3(signature = (names, columns = None))]
fn columns(
    py: Python<'_>,
    names: Vec<String>,
    columns: Option<&Bound<'_, PyDict>>,
) -> PyResult<ColumnMapping> {
    let options = ingest_options(columns)?;
    touchpoints::ingest::arrow::resolve_columns(names, &options.mapping)
        .map_err(|e| core_error(py, &e, None))
}

/// Customer-journey analytics from the Touchpoints core (Rust).
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(columns, m)?)?;
    m.add_function(wrap_pyfunction!(partial, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add("Error", m.py().get_type::<Error>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
