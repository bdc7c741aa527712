//! Where things are in a scenario file: byte offsets to line and column ([`Locator`]), the
//! section a key belongs to, and TOML errors rewritten as [`Diagnostics`] — an unknown key
//! (serde's `deny_unknown_fields`) gets a "did you mean" from the keys allowed there.

use toml::Spanned;

use super::diagnostic::Diagnostics;
use super::Origin;

/// Byte offsets to 1-based line and column (in characters).
pub(super) struct Locator<'a> {
    pub(super) text: &'a str,
    file: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub(super) fn new(text: &'a str, file: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            text,
            file,
            line_starts,
        }
    }

    pub(super) fn origin(&self, offset: usize) -> Origin {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Origin {
            file: self.file.into(),
            line,
            column,
        }
    }

    pub(super) fn at<T>(&self, s: &Spanned<T>) -> Origin {
        self.origin(s.span().start)
    }

    /// The `[table]` or `[[array]]` header in force at `offset`, for messages. A key in a
    /// header line itself belongs to the level above, so the search starts at the line before.
    fn section(&self, offset: usize) -> Option<&'a str> {
        let line_start = self.text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
        let before = self.text.get(..line_start)?;
        before.lines().rev().map(str::trim).find_map(|l| {
            l.starts_with('[')
                .then(|| l.split('#').next().unwrap_or(l).trim())
        })
    }
}

/// A TOML or structure error as one diagnostic; unknown keys get a "did you mean".
pub(super) fn toml_error(loc: &Locator<'_>, e: &toml::de::Error) -> Diagnostics {
    let offset = e.span().map_or(0, |s| s.start);
    let origin = loc.origin(offset);
    let message = e.message().trim().replace('\n', "; ");
    let text = match unknown_field(&message) {
        Some((key, allowed)) => {
            let section = loc
                .section(offset)
                .map_or_else(|| "at the top level".to_string(), |s| format!("in {s}"));
            match suggest(&key, &allowed) {
                Some(best) => format!("unknown key '{key}' {section}; did you mean '{best}'?"),
                None => format!(
                    "unknown key '{key}' {section}; hint: the keys allowed here are {}",
                    allowed.join(", ")
                ),
            }
        }
        None if message.starts_with("invalid type") || message.starts_with("invalid value") => {
            message
        }
        None => format!("invalid TOML: {message}"),
    };
    let mut d = Diagnostics::default();
    d.push(&origin, text);
    d
}

/// `unknown field `x`, expected one of `a`, `b`` → ("x", ["a", "b"]).
fn unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let allowed = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some((key.to_string(), allowed))
}

/// The allowed key closest to `key`, when it is close enough to be a typo.
pub fn suggest(key: &str, allowed: &[String]) -> Option<String> {
    let lower = key.to_lowercase();
    allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(&lower, a), a))
        .filter(|(d, a)| {
            *d <= (a.len() / 3).max(1)
                || a.starts_with(&lower)
                || (lower.starts_with(a.as_str()) && lower.len() <= a.len() + 2)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.clone())
}
