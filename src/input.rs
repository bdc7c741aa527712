//! Text inputs, read one way everywhere: a scenario, an article, a manifest is named by a path
//! or by `-` (stdin); its bytes are read (up to a limit, when the caller has one), a UTF-8 byte
//! order mark is removed (spreadsheets and Windows editors write one), and bytes that are not
//! UTF-8 are refused with one message, naming the input and the first bad byte (counted from 1).
//!
//! ```
//! let text = diplomap::input::text(b"\xEF\xBB\xBFtitle = \"x\"".to_vec(), "story.toml").unwrap();
//! assert_eq!(text, "title = \"x\"");
//! let err = diplomap::input::text(b"caf\xE9".to_vec(), "latin1.toml").unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "latin1.toml: not UTF-8 text (invalid byte at byte 4); hint: save it as UTF-8, e.g. iconv -f latin1 -t utf-8"
//! );
//! ```

use std::io::Read;
use std::path::Path;

use anyhow::Context;

/// What an input is called in messages: `<stdin>` for `-`, else its path.
pub fn name(source: &str) -> String {
    if source == "-" {
        "<stdin>".to_string()
    } else {
        Path::new(source).display().to_string()
    }
}

/// The bytes of `source` (`-` is stdin), at most `limit` + 1 of them when a limit is given (so a
/// caller can tell an input over the limit). `what` names the kind of input in errors:
/// `cannot read scenario 'x.toml': …`.
pub fn bytes(source: &str, what: &str, limit: Option<usize>) -> anyhow::Result<Vec<u8>> {
    if source != "-" {
        return file_bytes(Path::new(source), what, limit);
    }
    let mut out = Vec::new();
    std::io::stdin()
        .take(limit.map_or(u64::MAX, |l| l as u64 + 1))
        .read_to_end(&mut out)
        .with_context(|| format!("cannot read the {what} from stdin"))?;
    Ok(out)
}

/// The bytes of a file (never stdin), at most `limit` + 1 of them when a limit is given.
pub fn file_bytes(path: &Path, what: &str, limit: Option<usize>) -> anyhow::Result<Vec<u8>> {
    let take = limit.map_or(u64::MAX, |l| l as u64 + 1);
    let mut out = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(take).read_to_end(&mut out))
        .with_context(|| format!("cannot read {what} '{}'", path.display()))?;
    Ok(out)
}

/// Bytes as text: a byte order mark removed; an error naming `name` when they are not UTF-8.
pub fn text(bytes: Vec<u8>, name: &str) -> anyhow::Result<String> {
    let mut text = String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("{name}: {}", not_utf8(e.utf8_error().valid_up_to())))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// The whole text of `source` (`-` is stdin) and its name in messages.
pub fn read(source: &str, what: &str) -> anyhow::Result<(String, String)> {
    let name = name(source);
    Ok((text(bytes(source, what, None)?, &name)?, name))
}

/// The whole text of a file (never stdin, whatever its name) and its name in messages.
pub fn read_file(path: &Path, what: &str) -> anyhow::Result<(String, String)> {
    let name = path.display().to_string();
    Ok((text(file_bytes(path, what, None)?, &name)?, name))
}

/// What is said of bytes that are not UTF-8, the first bad one at `offset` (from 0).
pub fn not_utf8(offset: usize) -> String {
    format!(
        "not UTF-8 text (invalid byte at byte {}); hint: save it as UTF-8, e.g. iconv -f latin1 -t utf-8",
        offset + 1
    )
}
