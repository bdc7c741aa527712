//! How a place is named in messages, everywhere: its name in quotes, then what tells it apart —
//! its country, and its kind unless it is a city or one of the user's own places:
//! `'Vladivostok' (RU)`, `'Georgia' (US, admin1)`, `'Antarctica' (country)`.
//!
//! ```
//! use diplomap::gazetteer::label::label;
//! use diplomap::gazetteer::{CountryCode, ResolvedKind};
//! let ru = CountryCode::new("RU");
//! assert_eq!(label("Vladivostok", ru, ResolvedKind::City).to_string(), "'Vladivostok' (RU)");
//! let us = CountryCode::new("US");
//! assert_eq!(label("Georgia", us, ResolvedKind::Admin1).to_string(), "'Georgia' (US, admin1)");
//! assert_eq!(label("Springfield", us, ResolvedKind::City).unquoted().to_string(), "Springfield (US)");
//! ```

use super::model::CountryCode;
use super::resolve::ResolvedKind;

/// A place as named in a message ([`label`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Label<'a> {
    name: &'a str,
    country: Option<CountryCode>,
    kind: ResolvedKind,
    quoted: bool,
}

/// The label of a place of `kind` named `name`, in `country`.
pub fn label(name: &str, country: Option<CountryCode>, kind: ResolvedKind) -> Label<'_> {
    Label {
        name,
        country,
        kind,
        quoted: true,
    }
}

impl Label<'_> {
    /// Without quotes around the name (a table cell).
    pub fn unquoted(self) -> Self {
        Label {
            quoted: false,
            ..self
        }
    }
}

impl std::fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.quoted {
            write!(f, "'{}'", self.name)?;
        } else {
            f.write_str(self.name)?;
        }
        let plain = matches!(self.kind, ResolvedKind::City | ResolvedKind::Custom);
        match (self.country, plain) {
            (None, true) => Ok(()),
            (None, false) => write!(f, " ({})", self.kind.as_str()),
            (Some(c), true) => write!(f, " ({c})"),
            (Some(c), false) => write!(f, " ({c}, {})", self.kind.as_str()),
        }
    }
}
