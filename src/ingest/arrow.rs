//! Arrow record batches in: Parquet files (the command line), pyarrow tables
//! and Spark's `mapInArrow` batches (the Python package). The schema's field
//! names are mapped to canonical columns once, like a CSV header; each row
//! then goes through the same row validation as a CSV row ([`rows::Builder`]),
//! with typed columns read as they are: timestamps and dates as seconds,
//! numbers and decimals as `f64`, booleans as booleans, dictionary-encoded
//! and plain strings as names.
//!
//! Rows are numbered from 1 in the order of the batches (for Spark: within
//! the partition); that number stands where a text file's line number
//! stands, in bad-row messages and in [`Dataset::line`].
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampSecondArray};
//! use touchpoints::ingest::{arrow::ArrowIngest, IngestOptions};
//! let columns: Vec<(&str, ArrayRef)> = vec![
//!     ("customer_id", Arc::new(StringArray::from(vec!["c1", "c1"]))),
//!     ("event_time", Arc::new(TimestampSecondArray::from(vec![1772442900, 1772443000]).with_timezone("UTC"))),
//!     ("event", Arc::new(StringArray::from(vec![Some("Newsletter"), None]))),
//! ];
//! let batch = RecordBatch::try_from_iter(columns).unwrap();
//! let mut ingest = ArrowIngest::new(IngestOptions::default());
//! ingest.push(&batch).unwrap();
//! let dataset = ingest.finish().unwrap();
//! assert_eq!(dataset.len(), 1);
//! assert_eq!(dataset.problems()[0].to_string(), "line 2, column 3: the touch point is empty");
//! ```

use super::columns::{HeaderMap, COLUMNS};
use super::delimited::check_required;
use super::rows::{Builder, Fields, COLUMN_COUNT};
use super::{ColumnMapping, IngestOptions, Layout};
use crate::error::{Error, Result};
use crate::model::Dataset;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal256Type, Float16Type, Float32Type, Float64Type,
    Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{DataType, Schema, TimeUnit};

/// One cell of a typed row, as the Arrow column holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// A null (or the column is not in the batch).
    Null,
    /// Text (string, large string, string view, or a dictionary's string value).
    Text(&'a str),
    /// A whole number.
    Int(i64),
    /// A floating-point or decimal number.
    Number(f64),
    /// A point in time: seconds since 1970-01-01T00:00:00Z (timestamps and dates).
    Time(f64),
    /// A boolean.
    Bool(bool),
}

/// How one column of a batch is read.
enum Column<'a> {
    Text(Texts<'a>),
    /// Dictionary-encoded strings: the row's key into the values.
    Dictionary {
        array: &'a dyn Array,
        keys: Vec<usize>,
        values: Texts<'a>,
    },
    Int(Box<dyn Fn(usize) -> i64 + 'a>, &'a dyn Array),
    Number(Box<dyn Fn(usize) -> f64 + 'a>, &'a dyn Array),
    Time(Box<dyn Fn(usize) -> f64 + 'a>, &'a dyn Array),
    Bool(&'a arrow_array::BooleanArray),
    /// A type no row can use (lists, structs, binary …): every cell is a bad value.
    Unsupported(&'a DataType, &'a dyn Array),
}

enum Texts<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
}

impl<'a> Texts<'a> {
    fn of(array: &'a dyn Array) -> Option<Texts<'a>> {
        match array.data_type() {
            DataType::Utf8 => Some(Texts::Utf8(array.as_string::<i32>())),
            DataType::LargeUtf8 => Some(Texts::Large(array.as_string::<i64>())),
            DataType::Utf8View => Some(Texts::View(array.as_string_view())),
            _ => None,
        }
    }

    fn get(&self, i: usize) -> Option<&'a str> {
        match self {
            Texts::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// Seconds per unit of a timestamp.
fn unit_seconds(unit: &TimeUnit) -> f64 {
    match unit {
        TimeUnit::Second => 1.0,
        TimeUnit::Millisecond => 1e3,
        TimeUnit::Microsecond => 1e6,
        TimeUnit::Nanosecond => 1e9,
    }
}

impl<'a> Column<'a> {
    fn of(array: &'a ArrayRef) -> Column<'a> {
        let a: &'a dyn Array = array.as_ref();
        macro_rules! int {
            ($t:ty) => {{
                let p = a.as_primitive::<$t>();
                Column::Int(Box::new(move |i| p.value(i) as i64), a)
            }};
        }
        macro_rules! float {
            ($t:ty) => {{
                let p = a.as_primitive::<$t>();
                Column::Number(Box::new(move |i| f64::from(p.value(i))), a)
            }};
        }
        macro_rules! timestamp {
            ($t:ty, $unit:expr) => {{
                let p = a.as_primitive::<$t>();
                let per = unit_seconds($unit);
                Column::Time(Box::new(move |i| p.value(i) as f64 / per), a)
            }};
        }
        if let Some(texts) = Texts::of(a) {
            return Column::Text(texts);
        }
        match a.data_type() {
            DataType::Int8 => int!(Int8Type),
            DataType::Int16 => int!(Int16Type),
            DataType::Int32 => int!(Int32Type),
            DataType::Int64 => int!(Int64Type),
            DataType::UInt8 => int!(UInt8Type),
            DataType::UInt16 => int!(UInt16Type),
            DataType::UInt32 => int!(UInt32Type),
            DataType::UInt64 => {
                let p = a.as_primitive::<UInt64Type>();
                // Above i64::MAX only as a number (ids that large are rare; the digits stay exact in Text below).
                Column::Number(Box::new(move |i| p.value(i) as f64), a)
            }
            DataType::Float16 => {
                let p = a.as_primitive::<Float16Type>();
                Column::Number(Box::new(move |i| p.value(i).to_f64()), a)
            }
            DataType::Float32 => float!(Float32Type),
            DataType::Float64 => float!(Float64Type),
            DataType::Decimal128(_, scale) => {
                let p = a.as_primitive::<Decimal128Type>();
                let scale = *scale as i32;
                // Both operands exact for the usual precisions: the quotient is the correctly
                // rounded value, as reading the decimal's text gives.
                Column::Number(Box::new(move |i| decimal(p.value(i) as f64, scale)), a)
            }
            DataType::Decimal256(_, scale) => {
                let p = a.as_primitive::<Decimal256Type>();
                let scale = *scale as i32;
                Column::Number(
                    Box::new(move |i| {
                        decimal(p.value(i).to_i128().map_or(f64::NAN, |v| v as f64), scale)
                    }),
                    a,
                )
            }
            DataType::Boolean => Column::Bool(a.as_boolean()),
            DataType::Timestamp(unit, _) => match unit {
                TimeUnit::Second => timestamp!(TimestampSecondType, &TimeUnit::Second),
                TimeUnit::Millisecond => {
                    timestamp!(TimestampMillisecondType, &TimeUnit::Millisecond)
                }
                TimeUnit::Microsecond => {
                    timestamp!(TimestampMicrosecondType, &TimeUnit::Microsecond)
                }
                TimeUnit::Nanosecond => timestamp!(TimestampNanosecondType, &TimeUnit::Nanosecond),
            },
            DataType::Date32 => {
                let p = a.as_primitive::<Date32Type>();
                Column::Time(Box::new(move |i| p.value(i) as f64 * 86400.0), a)
            }
            DataType::Date64 => {
                let p = a.as_primitive::<Date64Type>();
                Column::Time(Box::new(move |i| p.value(i) as f64 / 1e3), a)
            }
            DataType::Dictionary(_, value_type) => {
                let dict = a.as_any_dictionary();
                match Texts::of(dict.values().as_ref()) {
                    // `normalized_keys` needs at least one value; with none every key is null.
                    Some(values) if !dict.values().is_empty() => {
                        Column::Dictionary { array: a, keys: dict.normalized_keys(), values }
                    }
                    Some(_) => Column::Unsupported(value_type, a),
                    None => Column::Unsupported(a.data_type(), a),
                }
            }
            other => Column::Unsupported(other, a),
        }
    }

    fn cell(&self, i: usize) -> std::result::Result<Cell<'a>, &'a DataType> {
        Ok(match self {
            Column::Text(t) => t.get(i).map_or(Cell::Null, Cell::Text),
            Column::Dictionary { array, keys, values } => {
                if array.is_null(i) {
                    Cell::Null
                } else {
                    values.get(keys[i]).map_or(Cell::Null, Cell::Text)
                }
            }
            Column::Int(f, a) => valid(*a, i, || Cell::Int(f(i))),
            Column::Number(f, a) => valid(*a, i, || Cell::Number(f(i))),
            Column::Time(f, a) => valid(*a, i, || Cell::Time(f(i))),
            Column::Bool(a) => valid(*a, i, || Cell::Bool(a.value(i))),
            Column::Unsupported(t, a) => {
                if a.is_null(i) {
                    Cell::Null
                } else {
                    return Err(t);
                }
            }
        })
    }
}

fn valid<'a>(a: &dyn Array, i: usize, cell: impl FnOnce() -> Cell<'a>) -> Cell<'a> {
    if a.is_null(i) {
        Cell::Null
    } else {
        cell()
    }
}

fn decimal(unscaled: f64, scale: i32) -> f64 {
    if scale >= 0 {
        unscaled / 10f64.powi(scale)
    } else {
        unscaled * 10f64.powi(-scale)
    }
}

/// Reads record batches into a [`Dataset`]: [`push`](ArrowIngest::push)
/// each batch, then [`finish`](ArrowIngest::finish).
pub struct ArrowIngest {
    options: IngestOptions,
    builder: Builder,
    /// The first batch's field names and their canonical columns.
    header: Option<HeaderMap>,
    /// Rows read so far (the last row's number).
    rows: u64,
    bytes: u64,
}

impl ArrowIngest {
    /// A new reader; `options.mapping` maps canonical columns to field names.
    pub fn new(options: IngestOptions) -> ArrowIngest {
        let builder = Builder::new(options.max_problems);
        ArrowIngest { options, builder, header: None, rows: 0, bytes: 0 }
    }

    /// Counts `n` bytes of input (a Parquet file's size), for the report.
    pub fn add_bytes(&mut self, n: u64) {
        self.bytes += n;
    }

    /// Rows read so far.
    pub fn rows_read(&self) -> u64 {
        self.rows
    }

    /// Maps a schema's fields to canonical columns: the first batch's (or the
    /// Parquet file's) schema decides, like a CSV header.
    fn header_for(&mut self, schema: &Schema) -> Result<&HeaderMap> {
        let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        if let Some(header) = &self.header {
            if header.headers != names {
                return Err(Error::at(
                    self.rows + 1,
                    format!(
                        "the batch starting at row {} has other columns ({}) than the first ({})",
                        self.rows + 1,
                        names.join(", "),
                        header.headers.join(", ")
                    ),
                ));
            }
        } else {
            let map = HeaderMap::new(names, &self.options.mapping);
            check_required(&map, 0, &Layout::Columns)?;
            for (column, note) in &map.notes {
                self.builder.warning(0, Some(*column), note.clone());
            }
            self.builder.set_columns(
                COLUMNS.iter().zip(&map.fields).filter(|(_, f)| f.is_some()).map(|(c, _)| c.name),
            );
            self.header = Some(map);
        }
        // Set just above, or checked equal.
        self.header.as_ref().ok_or_else(|| Error::at(0, "no columns"))
    }

    /// Reads one batch. An `Err` means the input is unusable (no journey
    /// column, or a batch whose columns differ from the first's).
    pub fn push(&mut self, batch: &RecordBatch) -> Result<()> {
        let header = self.header_for(batch.schema_ref())?;
        let positions = header.fields.clone();
        self.push_columns(batch, &positions, &positions)
    }

    /// Reads the rows of `batch`, whose column `positions[c]` holds canonical
    /// column `c`; `fields[c]` is that column's field in the schema (for messages).
    fn push_columns(
        &mut self,
        batch: &RecordBatch,
        positions: &[Option<usize>],
        fields: &[Option<usize>],
    ) -> Result<()> {
        let columns: Vec<Option<Column>> =
            positions.iter().map(|p| p.map(|k| Column::of(batch.column(k)))).collect();
        let mut numbers = [None; COLUMNS.len()];
        for (n, f) in numbers.iter_mut().zip(fields) {
            *n = f.map(|fi| fi as u64 + 1);
        }
        let mut texts: Vec<Option<String>> = vec![None; COLUMNS.len()];
        for i in 0..batch.num_rows() {
            self.rows += 1;
            let line = self.rows;
            let mut unusable = None;
            for (ci, column) in columns.iter().enumerate() {
                texts[ci] = match column.as_ref().map(|c| c.cell(i)) {
                    None => None,
                    Some(Ok(cell)) => Some(cell_text(cell)),
                    Some(Err(data_type)) => {
                        unusable = Some((ci, data_type));
                        None
                    }
                };
            }
            if let Some((ci, data_type)) = unusable {
                self.builder.data.add_rows(1);
                self.builder.problem(
                    line,
                    numbers[ci],
                    format!(
                        "{} is of type {data_type}, which is not read (expected text, a number, a timestamp or a boolean)",
                        COLUMNS[ci].name
                    ),
                );
                continue;
            }
            let mut fields: Fields = [None; COLUMN_COUNT];
            for (f, t) in fields.iter_mut().zip(&texts) {
                *f = t.as_deref().map(str::as_bytes);
            }
            self.builder.add_row(line, &fields, &numbers);
        }
        Ok(())
    }

    /// Ends the input: the dataset, or an error when nothing usable was read.
    pub fn finish(self) -> Result<Dataset> {
        if self.header.is_none() {
            return Err(Error::at(
                0,
                "no record batch (expected the columns journey, time, touch point)",
            ));
        }
        super::finish_rows(self.builder, self.bytes)
    }

    /// Ends the input as one part of a bigger whole (a Spark partition): its
    /// dataset unchecked (an empty part is fine; the merged dataset is checked).
    pub fn finish_part(self) -> Result<super::Part> {
        if self.builder.overflowed() {
            return Err(Error::at(0, super::overflow()));
        }
        let base_decided = self.builder.time_base().is_some();
        let mut dataset = self.builder.finish();
        dataset.set_bytes(self.bytes);
        Ok(super::Part { dataset, base_decided, ends_clean: true })
    }
}

/// Interim: a cell as the text a CSV field would hold.
fn cell_text(cell: Cell) -> String {
    match cell {
        Cell::Null => String::new(),
        Cell::Text(t) => t.to_string(),
        Cell::Int(v) => v.to_string(),
        Cell::Number(v) => v.to_string(),
        Cell::Time(s) => s.to_string(),
        Cell::Bool(b) => b.to_string(),
    }
}

/// The canonical columns a table with these column `names` is read by
/// (canonical → name), by the same guess as a CSV header with `mapping`
/// first; an error naming what is missing when no journey, time or touch
/// point (or amount) column is found.
pub fn resolve_columns(names: Vec<String>, mapping: &ColumnMapping) -> Result<ColumnMapping> {
    let map = HeaderMap::new(names, mapping);
    check_required(&map, 0, &Layout::Columns)?;
    Ok(map.mapping())
}

/// Rows per batch read from a Parquet file.
const PARQUET_BATCH_ROWS: usize = 64 * 1024;

/// Reads a whole Parquet file: only the columns that map to canonical
/// columns are decoded.
pub fn read_parquet(bytes: bytes::Bytes, options: &IngestOptions) -> Result<Dataset> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use parquet::arrow::ProjectionMask;
    let size = bytes.len() as u64;
    let unreadable = |e: parquet::errors::ParquetError| {
        Error::at(0, format!("this Parquet file cannot be read: {e}"))
    };
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes).map_err(unreadable)?;
    let schema = builder.schema().clone();
    let mut ingest = ArrowIngest::new(options.clone());
    ingest.add_bytes(size);
    // Decide the columns from the file's schema, then decode only those.
    let header = ingest.header_for(&schema)?.clone();
    let mut wanted: Vec<usize> = header.fields.iter().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    let mask = ProjectionMask::roots(builder.parquet_schema(), wanted.iter().copied());
    let reader = builder
        .with_projection(mask)
        .with_batch_size(PARQUET_BATCH_ROWS)
        .build()
        .map_err(unreadable)?;
    // The projected batches hold the wanted fields in the schema's order.
    let positions: Vec<Option<usize>> = header
        .fields
        .iter()
        .map(|f| f.and_then(|fi| wanted.iter().position(|&w| w == fi)))
        .collect();
    for batch in reader {
        let batch =
            batch.map_err(|e| Error::at(0, format!("this Parquet file cannot be read: {e}")))?;
        ingest.push_columns(&batch, &positions, &header.fields)?;
    }
    ingest.finish()
}
