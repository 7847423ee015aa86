//! The crate's one error type. Every message says what is wrong, where (line and column
//! when there is one) and what to do.

use crate::Source;

/// What a sink returns to stop a read: any error, boxed. [`Cancelled`] is the usual one.
pub type SinkError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// A sink's way to say "stop here": `Err(Cancelled.into())`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("The import was cancelled.")
    }
}

impl std::error::Error for Cancelled {}

/// Why a file could not be read at all (as opposed to a [`crate::Problem`] on one row).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Nothing but (at most) white space.
    #[error("The file is empty. Choose the file your identity provider exported.")]
    Empty,

    /// NUL bytes or control characters where text should be.
    #[error(
        "This is not a text file (binary data near byte {offset}). Choose the CSV or JSON file your identity provider exported, not a spreadsheet or archive."
    )]
    NotText { offset: u64 },

    /// A file larger than the reader holds in memory (JSON is read whole).
    #[error(
        "The file is larger than {limit_mb} MB, the most Rolecall reads as JSON. Export fewer people at a time, or export CSV, which is read as it streams."
    )]
    TooLarge { limit_mb: u64 },

    /// A CSV header that matches no known export.
    #[error(
        "Line 1: Rolecall does not recognise these columns ({}). It looked for {}. Map the columns by hand to import this file.",
        header.join(", "),
        looked_for.join("; ")
    )]
    Unrecognised {
        header: Vec<String>,
        looked_for: Vec<String>,
    },

    /// The chosen (or detected) format needs columns that the header does not have.
    #[error(
        "Line 1: a {} file needs the column{} {}, which this file does not have (it has: {}). Choose another format or map the columns by hand.",
        format.label(),
        if missing.len() == 1 { "" } else { "s" },
        missing.join(", "),
        header.join(", ")
    )]
    MissingColumns {
        format: Source,
        missing: Vec<String>,
        header: Vec<String>,
    },

    /// A column mapping that does not fit the file.
    #[error("{0}")]
    Mapping(String),

    /// A header (or an empty list) and no people.
    #[error(
        "There are no people in the file: it has {what} but no rows of people. Export the users again, with the people included."
    )]
    NoPeople { what: String },

    /// A JSON file that cannot be parsed.
    #[error(
        "Line {line}, column {column}: the JSON is not valid ({message}). Export the file again."
    )]
    Json {
        line: u64,
        column: u64,
        message: String,
    },

    /// A JSON file of a shape no reader knows.
    #[error("{0}")]
    Shape(String),

    /// A CSV file the CSV parser could not read.
    #[error("Line {line}: the file could not be read as CSV ({message}).")]
    Csv { line: u64, message: String },

    /// The input could not be read.
    #[error("Could not read the file: {0}")]
    Io(#[from] std::io::Error),

    /// The sink stopped the read (see [`Cancelled`]).
    #[error("{0}")]
    Sink(SinkError),
}

impl Error {
    /// The sink stopped the read with [`Cancelled`].
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Error::Sink(e) if e.is::<Cancelled>())
    }
}
