//! CSV files: delimiter sniffing, the header, and rows streamed through the `csv` crate
//! (quoted fields with line breaks keep their starting line).

use crate::columns::{self, Resolved};
use crate::people::{Pipeline, RowReader, clip, feed};
use crate::text::Head;
use crate::{Error, Header, Mapping, Problem, Row, SinkError, Source, Summary};
use encoding_rs::UTF_8;
use std::io::Read;

/// The delimiter (`,` `;` tab `|`) that the header line uses most outside quotes, or the
/// one named by Excel's `sep=X` first line.
fn sniff(text: &str) -> u8 {
    let first = text
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    if let Some(c) = first
        .strip_prefix("sep=")
        .or_else(|| first.strip_prefix("SEP="))
        .and_then(|rest| rest.bytes().next())
        .filter(|c| c.is_ascii() && *c != b'"')
    {
        return c;
    }
    let mut counts = [0usize; 4];
    let candidates = [b',', b';', b'\t', b'|'];
    let mut quoted = false;
    for b in first.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if let Some(i) = candidates.iter().position(|c| *c == b && !quoted) {
            counts[i] += 1;
        }
    }
    let mut best = 0;
    for i in 1..candidates.len() {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    candidates[best]
}

/// Runs of line breaks seen in the stream, so a record's true first line is known: the
/// `csv` crate places a record's start right after the previous record's terminator
/// (before the `\n` of a CRLF and before skipped blank lines).
#[derive(Default)]
struct Breaks {
    /// (first byte, one past the last byte, line feeds before the end) of each run.
    runs: std::collections::VecDeque<(u64, u64, u64)>,
    offset: u64,
    lines: u64,
    in_run: bool,
}

impl Breaks {
    fn see(&mut self, bytes: &[u8]) {
        for b in bytes {
            let brk = matches!(b, b'\r' | b'\n');
            if brk {
                if *b == b'\n' {
                    self.lines += 1;
                }
                if self.in_run {
                    if let Some(last) = self.runs.back_mut() {
                        last.1 = self.offset + 1;
                        last.2 = self.lines;
                    }
                } else {
                    self.runs
                        .push_back((self.offset, self.offset + 1, self.lines));
                }
            }
            self.in_run = brk;
            self.offset += 1;
        }
    }

    /// The 1-based line of the first byte at or after `at` that is not a line break;
    /// forgets what lies before it.
    fn line_at(&mut self, at: u64) -> u64 {
        while self.runs.len() > 1 && self.runs.get(1).is_some_and(|r| r.0 <= at) {
            self.runs.pop_front();
        }
        match self.runs.front() {
            // Inside the run or after it: the line after its last line feed.
            Some(&(start, _, lines)) if start <= at => lines + 1,
            _ => 1,
        }
    }
}

struct Tracked<R> {
    inner: R,
    breaks: std::rc::Rc<std::cell::RefCell<Breaks>>,
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let (Ok(mut breaks), Some(seen)) = (self.breaks.try_borrow_mut(), buf.get(..n)) {
            breaks.see(seen);
        }
        Ok(n)
    }
}

fn reader<R: Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input)
}

fn is_sep_line(record: &csv::StringRecord) -> bool {
    record
        .get(0)
        .is_some_and(|c| c.len() <= 5 && c.to_ascii_lowercase().starts_with("sep="))
        && record.iter().skip(1).all(|c| c.is_empty())
}

fn csv_error(e: csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(0);
    match e.into_kind() {
        csv::ErrorKind::Io(e) => Error::Io(e),
        other => Error::Csv {
            line,
            message: format!("{other:?}"),
        },
    }
}

/// The header row (the first record that is not Excel's `sep=` line), trimmed.
fn header_of<R: Read>(rdr: &mut csv::Reader<R>) -> Result<Option<(Vec<String>, u64)>, Error> {
    let mut record = csv::StringRecord::new();
    loop {
        if !rdr.read_record(&mut record).map_err(csv_error)? {
            return Ok(None);
        }
        if is_sep_line(&record) || record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(1);
        return Ok(Some((
            record.iter().map(|c| c.trim().to_string()).collect(),
            line,
        )));
    }
}

/// Names the source from the head's header row.
pub fn detect(head: &Head) -> Result<Source, Error> {
    let mut rdr = reader(head.text.as_bytes(), sniff(&head.text));
    match header_of(&mut rdr)? {
        Some((header, _)) => columns::detect(&header),
        None => Err(Error::Empty),
    }
}

/// The header row of a CSV head.
pub fn header(head: &Head) -> Result<Header, Error> {
    let mut rdr = reader(head.text.as_bytes(), sniff(&head.text));
    match header_of(&mut rdr)? {
        Some((columns, _)) => Ok(Header { columns }),
        None => Err(Error::Empty),
    }
}

/// Streams a CSV file to the sink.
pub fn read(
    input: impl Read,
    head: &Head,
    source: Source,
    mapping: Option<&Mapping>,
    sink: &mut dyn FnMut(Row) -> Result<(), SinkError>,
) -> Result<Summary, Error> {
    let delimiter = sniff(&head.text);
    let breaks = std::rc::Rc::new(std::cell::RefCell::new(Breaks::default()));
    let tracked = Tracked {
        inner: head.decoder(input),
        breaks: std::rc::Rc::clone(&breaks),
    };
    let mut rdr = reader(tracked, delimiter);
    let line_of = |record: &csv::StringRecord| {
        let at = record.position().map(|p| p.byte()).unwrap_or(0);
        breaks
            .try_borrow_mut()
            .map(|mut b| b.line_at(at))
            .unwrap_or(0)
    };
    let Some((header, _)) = header_of(&mut rdr)? else {
        return Err(Error::Empty);
    };
    let res: Resolved = columns::resolve(source, &header, mapping)?;
    let mut pipe = Pipeline::new(sink);
    if let Some(note) = head.note() {
        pipe.notes.push(note);
    }
    if delimiter != b',' {
        pipe.notes.push(format!(
            "Columns separated by {}.",
            match delimiter {
                b'\t' => "tabs".to_string(),
                b';' => "semicolons".to_string(),
                b'|' => "vertical bars".to_string(),
                other => format!("'{}'", char::from(other)),
            }
        ));
    }
    let width = header.len();
    let mut record = csv::StringRecord::new();
    while rdr.read_record(&mut record).map_err(csv_error)? {
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = line_of(&record);
        pipe.rows += 1;
        let cells: Vec<&str> = record.iter().collect();
        let n = cells.len();
        let extra = cells.iter().skip(width).any(|c| !c.trim().is_empty());
        if n < width || extra {
            let (what, todo) = if n < width {
                (
                    "fewer",
                    "a value may be missing, or a quote left open on the row before",
                )
            } else {
                ("more", "a value with a comma needs quotes around it")
            };
            pipe.problem(Problem {
                line,
                column: None,
                message: format!(
                    "Line {line} has {n} cells, {what} than the {width} columns of the header: {todo}. Correct the row, or skip it."
                ),
            })?;
            continue;
        }
        if let Some(i) = cells
            .iter()
            .position(|c| head.encoding == UTF_8 && c.contains('\u{FFFD}'))
        {
            let column = header.get(i).cloned().unwrap_or_default();
            pipe.problem(Problem {
                line,
                message: format!(
                    "Line {line}, column \"{column}\": \"{}\" has characters that are not UTF-8 (shown as �). Save the file as UTF-8 (\"CSV UTF-8\" in Excel) and import it again, or skip this row.",
                    clip(cells[i])
                ),
                column: Some(column),
            })?;
            continue;
        }
        let built = RowReader {
            source,
            res: &res,
            line,
            cells: &cells,
            problems: Vec::new(),
            assumed_utc: Vec::new(),
        }
        .build();
        feed(&mut pipe, built)?;
    }
    if pipe.rows == 0 {
        return Err(Error::NoPeople {
            what: "a header row".into(),
        });
    }
    Ok(pipe.finish(source, Some(Header { columns: header })))
}
