//! What the resolver answers: a [`Resolution`] (the place, how it matched, the ranked
//! alternatives, whether it is ambiguous) or a [`ResolveError`] carrying [`Suggestion`]s; and
//! [`validate`], the checks of a query before any search; and [`label`], how a place is named in
//! every message: its name in quotes, then what tells it apart — its country, and its kind unless
//! it is a city or one of the user's own places.
//!
//! ```
//! use diplomap::gazetteer::answer::label;
//! use diplomap::gazetteer::{CountryCode, ResolvedKind};
//! let ru = CountryCode::new("RU");
//! assert_eq!(label("Vladivostok", ru, ResolvedKind::City).to_string(), "'Vladivostok' (RU)");
//! let us = CountryCode::new("US");
//! assert_eq!(label("Georgia", us, ResolvedKind::Admin1).to_string(), "'Georgia' (US, admin1)");
//! assert_eq!(label("Springfield", us, ResolvedKind::City).unquoted().to_string(), "Springfield (US)");
//! ```

use std::borrow::Cow;

use super::fuzzy;
use super::geo_uri::GeoUriError;
use super::model::{CountryCode, PlaceKind};
use super::rank::Candidate;
use super::store::PlaceRecord;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Candidates within this much score of the best make a result ambiguous.
pub const AMBIGUITY_MARGIN: f64 = 0.5;

/// What kind of thing a query resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResolvedKind {
    City,
    Country,
    Admin1,
    Port,
    Continent,
    Ocean,
    Sea,
    Gulf,
    Bay,
    Strait,
    Region,
    Disputed,
    Group,
    County,
    Airport,
    Custom,
    Coordinates,
}

impl ResolvedKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::City => "city",
            Self::Country => "country",
            Self::Admin1 => "admin1",
            Self::Port => "port",
            Self::Continent => "continent",
            Self::Ocean => "ocean",
            Self::Sea => "sea",
            Self::Gulf => "gulf",
            Self::Bay => "bay",
            Self::Strait => "strait",
            Self::Region => "region",
            Self::Disputed => "disputed",
            Self::Group => "group",
            Self::County => "county",
            Self::Airport => "airport",
            Self::Custom => "custom",
            Self::Coordinates => "coordinates",
        }
    }
}

impl From<PlaceKind> for ResolvedKind {
    fn from(k: PlaceKind) -> Self {
        match k {
            PlaceKind::City => Self::City,
            PlaceKind::Country => Self::Country,
            PlaceKind::Admin1 => Self::Admin1,
            PlaceKind::Port => Self::Port,
            PlaceKind::Continent => Self::Continent,
            PlaceKind::Ocean => Self::Ocean,
            PlaceKind::Sea => Self::Sea,
            PlaceKind::Gulf => Self::Gulf,
            PlaceKind::Bay => Self::Bay,
            PlaceKind::Strait => Self::Strait,
            PlaceKind::Region => Self::Region,
            PlaceKind::Disputed => Self::Disputed,
            PlaceKind::Group => Self::Group,
            PlaceKind::County => Self::County,
            PlaceKind::Airport => Self::Airport,
        }
    }
}

/// How the query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    Exact,
    Alternate,
    Qualified,
    Fuzzy,
    Coordinates,
    Custom,
}

impl MatchKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Alternate => "alternate",
            Self::Qualified => "qualified",
            Self::Fuzzy => "fuzzy",
            Self::Coordinates => "coordinates",
            Self::Custom => "custom",
        }
    }
}

/// A resolved place.
#[derive(Debug, Clone, PartialEq)]
pub struct Place<'a> {
    pub name: Cow<'a, str>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<CountryCode>,
    pub admin1: Option<&'a str>,
    pub kind: ResolvedKind,
    /// Degrees east, WGS 84.
    pub lon: f64,
    /// Degrees north, WGS 84.
    pub lat: f64,
    pub population: Option<u64>,
    /// The gazetteer place index, for gazetteer places.
    pub index: Option<u32>,
    pub score: f64,
}

/// The answer to one query.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution<'a> {
    pub place: Place<'a>,
    pub matched: MatchKind,
    /// Edit distance of a fuzzy match.
    pub edits: u8,
    /// Other candidates, best first (up to the resolver's limit).
    pub alternatives: Vec<Place<'a>>,
    /// True when the best alternative scores within [`AMBIGUITY_MARGIN`] of the answer.
    pub ambiguous: bool,
}

/// Why a query did not resolve.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    #[error("empty query; hint: give a place name such as Moscow, or geo:LAT,LON")]
    Empty,
    #[error("query is {0} bytes long; the longest accepted is {MAX_QUERY_BYTES}")]
    TooLong(usize),
    #[error("query contains a {0} character; hint: place names are plain text")]
    Control(&'static str),
    #[error(transparent)]
    GeoUri(#[from] GeoUriError),
    #[error("unknown qualifier '{qualifier}' in '{query}'; hint: a qualifier names a country (name, ISO code) or a state/province (name, postal code, ISO 3166-2 code){}", did_you_mean(.suggestions))]
    UnknownQualifier {
        query: String,
        qualifier: String,
        suggestions: Vec<Suggestion>,
    },
    #[error("unknown place '{query}'{}", did_you_mean(.suggestions))]
    Unknown {
        query: String,
        suggestions: Vec<Suggestion>,
    },
    #[error("'{query}' is close to several places{}", did_you_mean(.suggestions))]
    AmbiguousTypo {
        query: String,
        suggestions: Vec<Suggestion>,
    },
}

/// A place offered in an error message ("did you mean …").
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub name: String,
    pub country: Option<CountryCode>,
    pub kind: ResolvedKind,
    pub lon: f64,
    pub lat: f64,
    pub population: Option<u64>,
}

impl std::fmt::Display for Suggestion {
    /// `'Vladivostok' (RU)`, `'Georgia' (US, admin1)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        label(&self.name, self.country, self.kind).fmt(f)
    }
}

impl Suggestion {
    pub(super) fn from_place(p: &PlaceRecord<'_>) -> Self {
        Suggestion {
            name: p.name.to_string(),
            country: p.country,
            kind: p.kind.into(),
            lon: p.lon,
            lat: p.lat,
            population: (!p.population_estimated && p.population > 0)
                .then_some(p.population as u64),
        }
    }
}

fn did_you_mean(s: &[Suggestion]) -> String {
    let list: Vec<String> = s.iter().map(|s| s.to_string()).collect();
    match list.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        many => format!("; did you mean one of: {}?", many.join(", ")),
    }
}

impl ResolveError {
    /// Suggestions carried by the error (empty for most kinds).
    pub fn suggestions(&self) -> &[Suggestion] {
        match self {
            Self::Unknown { suggestions, .. }
            | Self::AmbiguousTypo { suggestions, .. }
            | Self::UnknownQualifier { suggestions, .. } => suggestions,
            _ => &[],
        }
    }
}

/// How far suggestions may reach: two edits from 6 characters, one from 3, none for shorter or
/// very long keys (suggestions are only offered, never chosen).
pub(super) fn suggestion_edits(key: &str) -> u8 {
    match key.chars().count() {
        _ if key.len() > 64 => 0,
        n if n >= fuzzy::MIN_FUZZY_CHARS => 2,
        n if n >= 3 => 1,
        _ => 0,
    }
}

/// The first five distinct suggestions of ranked candidates.
pub(super) fn dedup_suggestions(cands: &[Candidate<'_>]) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    for c in cands {
        let s = Suggestion::from_place(&c.place);
        if !out
            .iter()
            .any(|o| o.name == s.name && o.country == s.country && o.kind == s.kind)
        {
            out.push(s);
        }
        if out.len() == 5 {
            break;
        }
    }
    out
}

/// Check a query before resolving: not empty, not over [`MAX_QUERY_BYTES`], no control
/// characters.
pub fn validate(query: &str) -> Result<(), ResolveError> {
    if query.is_empty() {
        return Err(ResolveError::Empty);
    }
    if query.len() > MAX_QUERY_BYTES {
        return Err(ResolveError::TooLong(query.len()));
    }
    if query.contains('\0') {
        return Err(ResolveError::Control("NUL"));
    }
    if query.chars().any(|c| c.is_control()) {
        return Err(ResolveError::Control("control"));
    }
    Ok(())
}

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
