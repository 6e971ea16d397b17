//! The one error type for unusable input: its message names the position
//! (line, and column or cue when known) and what was expected, and its
//! [`ErrorKind`] says what sort of problem it is, so a page or a program acts
//! on the kind (offer the column mapping, say "pick a text file") instead of
//! matching the English text.

use serde::Serialize;

/// What sort of unusable input an [`Error`] is. The page reads it as the
/// thrown error's `kind` (kebab-case: `"missing-column"`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// Input that cannot be read as what it should be (the message says why).
    #[default]
    Invalid,
    /// Nothing to read: an empty file, or a header without rows.
    Empty,
    /// A binary file (an image, a PDF, a workbook) where text is expected.
    NotText,
    /// A journey file whose header has no column for a required field: the
    /// user can name the columns by hand.
    MissingColumn,
}

impl ErrorKind {
    /// The kebab-case name (`"missing-column"`), as serialized.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Invalid => "invalid",
            ErrorKind::Empty => "empty",
            ErrorKind::NotText => "not-text",
            ErrorKind::MissingColumn => "missing-column",
        }
    }
}

/// Input that cannot be used at all. Bad rows in a usable input are
/// [`crate::model::Problem`]s instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// 1-based line (0 when the input has no line to point at, e.g. it is empty).
    pub line: u64,
    /// 1-based column or field, when known.
    pub column: Option<u64>,
    /// What was wrong and what was expected.
    pub message: String,
    /// What sort of problem it is.
    pub kind: ErrorKind,
}

impl Error {
    /// An error at `line`.
    pub fn at(line: u64, message: impl Into<String>) -> Error {
        Error { line, column: None, message: message.into(), kind: ErrorKind::Invalid }
    }

    /// An error at `line`, `column`.
    pub fn at_column(line: u64, column: u64, message: impl Into<String>) -> Error {
        Error { line, column: Some(column), message: message.into(), kind: ErrorKind::Invalid }
    }

    /// The same error, of `kind`.
    pub fn of_kind(self, kind: ErrorKind) -> Error {
        Error { kind, ..self }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => f.write_str(&self.message),
            line => f.write_str(&positioned(line, self.column, &self.message)),
        }
    }
}

/// `message` with where it is, in the page's language: `line 3, column 2: …`,
/// `line 3: …`, `column 2: …` (line 0: about the input as a whole), or the
/// message alone. Errors and the problems listed beside results read the same.
pub fn positioned(line: u64, column: Option<u64>, message: &str) -> String {
    match (line, column) {
        (0, Some(column)) => crate::text::t(
            "core.error.at.column",
            "column {column}: {message}",
            &[("column", &column), ("message", &message)],
        ),
        (0, None) => message.to_string(),
        (line, Some(column)) => crate::text::t(
            "core.error.at.lineColumn",
            "line {line}, column {column}: {message}",
            &[("line", &line), ("column", &column), ("message", &message)],
        ),
        (line, None) => crate::text::t(
            "core.error.at.line",
            "line {line}: {message}",
            &[("line", &line), ("message", &message)],
        ),
    }
}

impl std::error::Error for Error {}

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
