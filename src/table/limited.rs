//! The byte stream under a table's CSV reader, which keeps the raw text of the row being read:
//! a row longer than [`MAX_ROW_BYTES`] is an error as soon as that much is read (a 2 GB line is
//! never buffered whole), its start can be quoted in the message, and a row's raw bytes can be
//! checked for a quote that never closes (which the CSV reader takes to run to the end of the
//! file, swallowing every row after it).

use std::io::Read;

/// The longest row a table may have, in bytes.
pub const MAX_ROW_BYTES: u64 = 1 << 20;

/// A reader that keeps the bytes from the start of the current row (its mark) on.
pub struct Limited {
    inner: Box<dyn Read + Send>,
    /// Bytes kept, starting at stream offset `kept_from`.
    kept: Vec<u8>,
    kept_from: u64,
    /// Stream offset of the current row's start.
    mark: u64,
    /// Stream offset of the next byte read.
    at: u64,
}

/// The error a too-long row gives (its text is replaced by the table reader's message).
#[derive(Debug)]
pub struct RowTooLong;

impl std::fmt::Display for RowTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a row is longer than {MAX_ROW_BYTES} bytes")
    }
}

impl std::error::Error for RowTooLong {}

impl Limited {
    pub fn new(inner: Box<dyn Read + Send>) -> Self {
        Limited {
            inner,
            kept: Vec::new(),
            kept_from: 0,
            mark: 0,
            at: 0,
        }
    }

    /// The current row starts at stream offset `offset`.
    pub fn mark(&mut self, offset: u64) {
        self.mark = offset.max(self.kept_from);
    }

    /// The kept bytes of stream offsets `from..to` (clipped to what is kept).
    pub fn raw(&self, from: u64, to: u64) -> &[u8] {
        let start = from.saturating_sub(self.kept_from) as usize;
        let end = (to.saturating_sub(self.kept_from) as usize).min(self.kept.len());
        self.kept.get(start..end).unwrap_or(&[])
    }

    /// The current row's start, as text, at most `chars` characters.
    pub fn row_start(&self, chars: usize) -> String {
        let raw = self.raw(self.mark, self.at);
        let line = raw.split(|b| *b == b'\n').next().unwrap_or(raw);
        let text = String::from_utf8_lossy(&line[..line.len().min(chars * 4)]);
        text.chars().take(chars).collect()
    }
}

impl Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at - self.mark > MAX_ROW_BYTES {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                RowTooLong,
            ));
        }
        // Drop what lies before the row, once it is worth the move.
        let before = (self.mark - self.kept_from) as usize;
        if before > (1 << 16) && before * 2 > self.kept.len() {
            self.kept.drain(..before);
            self.kept_from = self.mark;
        }
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(&buf[..n]);
        self.at += n as u64;
        Ok(n)
    }
}

/// Where, in a row's raw bytes, a quoted field opens and never closes: the CSV rules of the
/// `csv` crate (a quote opens a field only at its start; `""` inside is a quote; text after a
/// closing quote joins the field). `None` when every quote closes.
pub fn unclosed_quote(raw: &[u8], delimiter: u8) -> Option<usize> {
    enum State {
        FieldStart,
        Unquoted,
        Quoted(usize),
        QuoteInQuoted(usize),
    }
    let mut state = State::FieldStart;
    for (i, &b) in raw.iter().enumerate() {
        let end_of_field = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::FieldStart if b == b'"' => State::Quoted(i),
            State::FieldStart | State::Unquoted if end_of_field => State::FieldStart,
            State::FieldStart | State::Unquoted => State::Unquoted,
            State::Quoted(at) if b == b'"' => State::QuoteInQuoted(at),
            State::Quoted(at) => State::Quoted(at),
            State::QuoteInQuoted(at) if b == b'"' => State::Quoted(at),
            State::QuoteInQuoted(_) if end_of_field => State::FieldStart,
            State::QuoteInQuoted(_) => State::Unquoted,
        };
    }
    match state {
        State::Quoted(at) => Some(at),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_that_close_and_one_that_does_not() {
        assert_eq!(
            unclosed_quote(b"strike,\"Kyiv, Ukraine\",2024-07-08\n", b','),
            None
        );
        assert_eq!(unclosed_quote(b"a,\"say \"\"hi\"\"\",b\n", b','), None);
        assert_eq!(unclosed_quote(b"a,12\" pipe,b\n", b','), None);
        assert_eq!(
            unclosed_quote(b"strike,Kyiv,\"notes\nstrike,Dnipro,x\n", b','),
            Some(12)
        );
    }

    #[test]
    fn a_long_row_is_refused_once_read_that_far() {
        let row = vec![b'a'; (MAX_ROW_BYTES + 10) as usize];
        let mut r = Limited::new(Box::new(std::io::Cursor::new(row)));
        let mut buf = vec![0; 1 << 16];
        let err = loop {
            match r.read(&mut buf) {
                Ok(0) => panic!("read to the end"),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert!(err.get_ref().is_some_and(|e| e.is::<RowTooLong>()));
        assert_eq!(r.row_start(5), "aaaaa");
    }
}
