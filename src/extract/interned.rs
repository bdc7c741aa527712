//! How a mention was found ([`FoundBy`]), the place it resolved to ([`MentionPlace`]), and the strings of an article's mentions,
//! interned: each spelling and each place's name is made once and shared, however often the
//! article repeats it.

use std::cell::RefCell;
use std::sync::Arc;

use foldhash::HashMap;

use crate::gazetteer::model::PlaceKind;
use crate::gazetteer::rank::Candidate;
use crate::gazetteer::CountryCode;

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FoundBy {
    /// A place name.
    Name,
    /// A demonym, for its country.
    Demonym,
}

/// The place a mention resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct MentionPlace {
    /// The gazetteer's name (shared by every mention of the place).
    pub name: Arc<str>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<CountryCode>,
    pub kind: PlaceKind,
    pub lon: f64,
    pub lat: f64,
    /// The gazetteer place.
    pub index: u32,
    pub population: u32,
}

/// The strings of the mentions, each spelling and each place's name made once: an article that
/// names Moscow 100,000 times holds "Moscow" twice, not 200,000 times.
#[derive(Default)]
pub struct Names {
    texts: RefCell<HashMap<String, Arc<str>>>,
    places: RefCell<HashMap<u32, Arc<str>>>,
}

impl Names {
    pub fn text(&self, surface: &str) -> Arc<str> {
        let mut texts = self.texts.borrow_mut();
        if let Some(t) = texts.get(surface) {
            return t.clone();
        }
        let t: Arc<str> = surface.into();
        texts.insert(surface.to_string(), t.clone());
        t
    }

    pub fn resolved(&self, c: &Candidate<'_>) -> MentionPlace {
        let name = self
            .places
            .borrow_mut()
            .entry(c.place.index)
            .or_insert_with(|| c.place.name.into())
            .clone();
        resolved_as(c, name)
    }
}

fn resolved_as(c: &Candidate<'_>, name: Arc<str>) -> MentionPlace {
    MentionPlace {
        name,
        country: c.place.country,
        kind: c.place.kind,
        lon: c.place.lon,
        lat: c.place.lat,
        index: c.place.index,
        population: c.place.population,
    }
}
