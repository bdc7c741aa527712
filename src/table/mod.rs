//! Event tables: CSV or TSV files with a header, one event per row — the exports analysts
//! already have (ACLED's conflict events, lists of meetings) — read as a stream of [`Event`]s
//! of the scenario model, so that they become layers exactly as a scenario's events do.
//!
//! The delimiter is a tab for `.tsv`/`.tab` files, a comma for `.csv`, and for other names (and
//! stdin) whichever of the two the header line has. Columns are matched to fields by
//! [`columns`]; each row is read and checked by [`row`]. Rows stream: a table is never held
//! whole in memory.

pub mod columns;
pub mod limited;
pub mod row;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use anyhow::Context;

use crate::scenario::{Diagnostics, Event};
use columns::{ColumnSpec, Layout};
use row::{Row, RowAt};

/// An open event table, positioned after its header.
pub struct TableReader {
    /// The table's name in messages: its path, or `<stdin>`.
    pub name: String,
    /// The same, shared by the origins of its rows.
    file: std::sync::Arc<str>,
    /// Its file stem, for the ids of rows that have none (`<stem>-<line>`).
    stem: String,
    reader: csv::Reader<limited::Limited>,
    delimiter: u8,
    layout: Layout,
    /// Each header column's position on line 1 (from 1).
    header_columns: Vec<usize>,
    record: csv::StringRecord,
    /// Rows of a preset's kind with no diplomap layer, by that kind.
    pub no_layer: BTreeMap<String, u64>,
    /// Rows read (data rows, the header not counted).
    pub rows: u64,
    size: Option<u64>,
}

impl TableReader {
    /// Open `source` (a path, or `-` for stdin) and read its header.
    /// The columns that pass through as properties: the column's position on line 1 (from 1)
    /// and the property name.
    pub fn property_columns(&self) -> Vec<(usize, &str)> {
        self.layout
            .extra
            .iter()
            .map(|(i, name)| (self.header_columns[*i], name.as_str()))
            .collect()
    }

    pub fn open(source: &str, spec: &ColumnSpec) -> anyhow::Result<TableReader> {
        let size = (source != "-")
            .then(|| std::fs::metadata(source).ok().map(|m| m.len()))
            .flatten();
        let (name, stem, input): (String, String, Box<dyn Read + Send>) = if source == "-" {
            (
                "<stdin>".to_string(),
                "stdin".to_string(),
                Box::new(std::io::stdin()),
            )
        } else {
            let path = Path::new(source);
            let file = std::fs::File::open(path)
                .with_context(|| format!("cannot read event table '{source}'"))?;
            let stem = path
                .file_stem()
                .map(|s| crate::scenario::ids::slug(&s.to_string_lossy()))
                .unwrap_or_else(|| "table".to_string());
            (source.to_string(), stem, Box::new(file))
        };
        let mut input = BufReader::with_capacity(1 << 16, input);
        let ext = Path::new(source)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let delimiter = match ext.as_deref() {
            Some("tsv" | "tab") => b'\t',
            Some("csv") => b',',
            _ => {
                let head = input
                    .fill_buf()
                    .with_context(|| format!("cannot read event table '{name}'"))?;
                let line = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
                if line.contains(&b'\t') && !line.contains(&b',') {
                    b'\t'
                } else {
                    b','
                }
            }
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(limited::Limited::new(Box::new(input)));
        let header = match reader.headers() {
            Ok(h) => h.clone(),
            Err(e) => match too_long(&e, reader.get_ref()) {
                Some(why) => anyhow::bail!("{name}:1:1: the header {why}"),
                None => anyhow::bail!("{name}:1:1: cannot read the header: {}", csv_reason(&e)),
            },
        };
        let next = reader.position().byte();
        reader.get_mut().mark(next);
        if header.is_empty() || header.iter().all(|h| h.trim().is_empty()) {
            anyhow::bail!("{name}:1:1: the table is empty; hint: the first line names the columns, such as kind,place,date");
        }
        let fields: Vec<&str> = header
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}'))
            .collect();
        // Each column's position on line 1: the fields and delimiters before it.
        let header_columns: Vec<usize> = fields
            .iter()
            .scan(1, |at, f| {
                let here = *at;
                *at += f.len() + 1;
                Some(here)
            })
            .collect();
        let layout = Layout::new(&fields, spec).map_err(|e| {
            let column = header_columns.get(e.field).copied().unwrap_or(1);
            anyhow::anyhow!("{name}:1:{column}: {e}")
        })?;
        Ok(TableReader {
            file: name.as_str().into(),
            name,
            stem,
            reader,
            delimiter,
            layout,
            header_columns,
            record: csv::StringRecord::new(),
            no_layer: BTreeMap::new(),
            rows: 0,
            size,
        })
    }

    /// Bytes of the table read so far.
    pub fn bytes_read(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The table's size in bytes, when it is a file.
    pub fn size(&self) -> Option<u64> {
        self.size
    }

    /// The next event; `Ok(None)` at the end. A row with problems is `Err`, its problems in
    /// `errors`; reading can go on after it.
    pub fn next_event(
        &mut self,
        errors: &mut Diagnostics,
    ) -> anyhow::Result<Option<Result<Event, ()>>> {
        loop {
            match self.reader.read_record(&mut self.record) {
                Ok(false) => return Ok(None),
                Ok(true) => {}
                Err(e) => {
                    self.rows += 1;
                    if let Some(why) = too_long(&e, self.reader.get_ref()) {
                        anyhow::bail!(
                            "{}:{}:1: the row {why}",
                            self.file,
                            self.reader.position().line()
                        );
                    }
                    let line = e.position().map_or(0, |p| p.line());
                    let origin = crate::scenario::Origin {
                        file: self.file.clone(),
                        line: line as usize,
                        column: 1,
                    };
                    if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                        anyhow::bail!("{origin}: cannot read the table: {}", csv_reason(&e));
                    }
                    errors.push(&origin, csv_reason(&e));
                    return Ok(Some(Err(())));
                }
            }
            self.rows += 1;
            let start = self.record.position().map_or(0, |p| p.byte());
            let end = self.reader.position().byte();
            // A row of one line has no line break inside (the common case, checked for free).
            let record_line = self.record.position().map_or(0, |p| p.line());
            if self.reader.position().line() > record_line + 1 {
                let raw = self.reader.get_ref().raw(start, end);
                if let Some(at) = limited::unclosed_quote(raw, self.delimiter) {
                    let before = &raw[..at];
                    let newlines = before.iter().filter(|b| **b == b'\n').count() as u64;
                    let line_start = before
                        .iter()
                        .rposition(|b| *b == b'\n')
                        .map_or(0, |p| p + 1);
                    let column = String::from_utf8_lossy(&before[line_start..])
                        .chars()
                        .count()
                        + 1;
                    let line = self.record.position().map_or(0, |p| p.line()) + newlines;
                    anyhow::bail!(
                        "{}:{line}:{column}: a quote opens here and never closes, so every row after it would be read as one value; hint: close the quote, or double a quote inside a quoted value (\"\")",
                        self.file
                    );
                }
            }
            self.reader.get_mut().mark(end);
            let at = RowAt {
                file: &self.file,
                stem: &self.stem,
                line: self.record.position().map_or(0, |p| p.line()),
            };
            match row::read(&self.record, &self.layout, &at, errors) {
                Some(Row::Event(e)) => return Ok(Some(Ok(e))),
                Some(Row::NoLayer(kind)) => *self.no_layer.entry(kind).or_default() += 1,
                None => return Ok(Some(Err(()))),
            }
        }
    }
}

/// "is longer than …" when `e` is a row over [`limited::MAX_ROW_BYTES`], with its start.
fn too_long(e: &csv::Error, input: &limited::Limited) -> Option<String> {
    let csv::ErrorKind::Io(io) = e.kind() else {
        return None;
    };
    io.get_ref()
        .is_some_and(|inner| inner.is::<limited::RowTooLong>())
        .then(|| {
            format!(
                "is longer than 1 MiB (it starts '{}…'); hint: a table has one event per line; check that the file is a CSV or TSV table",
                input.row_start(200)
            )
        })
}

/// A csv error as a message with a hint, without its position (the caller gives that).
fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "the row has {len} field{} but the header has {expected_len}; hint: quote a value that holds the delimiter, such as \"Kyiv, Ukraine\"",
            if *len == 1 { "" } else { "s" }
        ),
        csv::ErrorKind::Utf8 { .. } => {
            "the row is not UTF-8 text; hint: save the table as UTF-8".to_string()
        }
        csv::ErrorKind::Io(io) => crate::mapdir::io_reason(io),
        _ => e.to_string(),
    }
}
