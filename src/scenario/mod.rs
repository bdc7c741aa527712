//! Scenarios: what happened, written in words. A scenario is read from TOML ([`toml`]), checked
//! (dates in [`when`], ids in [`ids`]), and its place names resolved against the gazetteer
//! ([`resolve`]). Every value that came from a file keeps its file, line and column
//! ([`Origin`], [`diagnostic::Diagnostic`]) so that errors point at it.
//!
//! The model is plain data: an [`Event`] has the fields every kind shares and a [`Detail`] with
//! the fields of its kind. Nothing here computes geometry.

pub mod diagnostic;
mod fields;
pub mod ids;
mod locate;
pub mod resolve;
pub mod toml;
pub mod when;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use fields::{property_name_problem, RESERVED_PROPERTIES, STORAGE_COLUMNS};
pub use when::When;

/// The seed scenario compiled into the binary: the July 2024 story diplomap started from.
pub const SEED: &str = include_str!("../../data/scenarios/india-russia-july-2024.toml");

/// The name the seed scenario goes by in messages.
pub const SEED_NAME: &str = "india-russia-july-2024.toml (built in)";

/// Where a value was written: file, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Shared by every value of one file (a table has millions).
    pub file: std::sync::Arc<str>,
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A place named in a scenario, as written, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceRef {
    pub name: String,
    pub origin: Origin,
    /// A position given with the name (an event table's `lon`/`lat`), used as it is: such a
    /// place never goes to the gazetteer.
    pub at: Option<Box<resolve::Resolved>>,
}

/// A venue defined in the scenario itself (`[[place]]`), for places the gazetteer lacks.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceDef {
    pub name: String,
    /// Degrees east, WGS 84.
    pub lon: f64,
    /// Degrees north, WGS 84.
    pub lat: f64,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    pub aliases: Vec<String>,
    pub origin: Origin,
}

/// A whole scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub title: String,
    pub description: Option<String>,
    pub places: Vec<PlaceDef>,
    pub events: Vec<Event>,
}

/// The kind of an event, which decides its layer.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum, serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Meeting,
    Strike,
    Summit,
    Corridor,
}

impl EventKind {
    /// Every kind, in the order the layers are written.
    pub const ALL: [EventKind; 4] = [
        EventKind::Corridor,
        EventKind::Summit,
        EventKind::Meeting,
        EventKind::Strike,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meeting => "meeting",
            Self::Strike => "strike",
            Self::Summit => "summit",
            Self::Corridor => "corridor",
        }
    }
}

/// How a corridor travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorridorMode {
    /// A great circle through the waypoints.
    Air,
    /// Along sea lanes, by the sea router.
    Sea,
}

impl CorridorMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Air => "air",
            Self::Sea => "sea",
        }
    }
}

/// Casualty figures as the source gives them: a count, or words ("at least 41").
#[derive(Debug, Clone, PartialEq)]
pub enum Casualties {
    Count(u64),
    Text(String),
}

/// One event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable id: given in the scenario, or derived from the content ([`ids`]).
    pub id: String,
    pub kind: EventKind,
    /// Where it happened; corridors have none (they run `from` → `to`).
    pub place: Option<PlaceRef>,
    pub start: Option<When>,
    /// The last day or instant; equal to `start` for a one-day event.
    pub end: Option<When>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub tags: Vec<String>,
    /// The free `[properties]` table (or a table's extra columns), passed through to every
    /// feature of the event: in order, each key once (as TOML tables and table headers are).
    /// A list, not a map: a million-row table would hash every key of every row.
    pub properties: Vec<(String, serde_json::Value)>,
    pub detail: Detail,
    /// Where the event's table starts.
    pub origin: Origin,
}

impl Event {
    /// Visit every place the event names, mutably: its place, then those of its kind's fields;
    /// `participant` is true for a meeting's participants (people or countries).
    pub fn for_each_place_mut(&mut self, mut f: impl FnMut(&mut PlaceRef, bool)) {
        if let Some(p) = &mut self.place {
            f(p, false);
        }
        match &mut self.detail {
            Detail::Meeting { participants, from } => {
                participants.iter_mut().for_each(|p| f(p, true));
                from.iter_mut().for_each(|p| f(p, false));
            }
            Detail::Strike { from, .. } => from.iter_mut().for_each(|p| f(p, false)),
            Detail::Summit {
                hosts,
                members,
                absent,
                ..
            } => hosts
                .iter_mut()
                .chain(members.iter_mut())
                .chain(absent.iter_mut())
                .for_each(|p| f(p, false)),
            Detail::Corridor { from, to, via, .. } => {
                f(from, false);
                f(to, false);
                via.iter_mut().for_each(|p| f(p, false));
            }
        }
    }
}

/// The fields of each kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    Meeting {
        /// People or countries; countries also go to the `countries` layer.
        participants: Vec<PlaceRef>,
        /// Places the participants travelled from (travel arcs to the venue).
        from: Vec<PlaceRef>,
    },
    Strike {
        actor: Option<String>,
        target: Option<String>,
        weapon: Option<String>,
        casualties: Option<Casualties>,
        /// Launch area: a strike vector line to the place hit.
        from: Option<PlaceRef>,
    },
    Summit {
        organization: Option<String>,
        hosts: Vec<PlaceRef>,
        members: Vec<PlaceRef>,
        absent: Vec<PlaceRef>,
    },
    Corridor {
        from: PlaceRef,
        to: PlaceRef,
        via: Vec<PlaceRef>,
        mode: CorridorMode,
        /// Passages a sea corridor keeps out of (indices into `routing::passages::PASSAGES`).
        avoid: Vec<usize>,
        /// Ice-bound passages a sea corridor may use (closed otherwise).
        allow: Vec<usize>,
        cited_length_nm: Option<f64>,
        cited_days: Option<f64>,
        cited_source: Option<String>,
    },
}
