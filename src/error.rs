//! The one error type for unusable input: its message names the position
//! (line, and column or cue when known) and what was expected.

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
}

impl Error {
    /// An error at `line`.
    pub fn at(line: u64, message: impl Into<String>) -> Error {
        Error { line, column: None, message: message.into() }
    }

    /// An error at `line`, `column`.
    pub fn at_column(line: u64, column: u64, message: impl Into<String>) -> Error {
        Error { line, column: Some(column), message: message.into() }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (0, _) => f.write_str(&self.message),
            (line, Some(column)) => write!(f, "line {line}, column {column}: {}", self.message),
            (line, None) => write!(f, "line {line}: {}", self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Result with the crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
