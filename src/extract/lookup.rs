//! Looking up a surface of an article in the gazetteer, for the readers of places and people:
//! its ranked candidates (ports left out: in running text "Mina", "Eden", "Victoria" are the
//! towns, or nothing), a country by its code, whether a word is an ordinary one, and whether a
//! place is a strong city (a capital, or a city of a million).

use super::lexicon;
use super::text::Token;
use crate::gazetteer::model::{PlaceKind, FEATURE_CODES};
use crate::gazetteer::normalize::normalize;
use crate::gazetteer::rank::{ranked_candidates, Candidate};
use crate::gazetteer::{CountryCode, Gazetteer};

/// A capital or a city this large is a place even when a person bears its name.
const STRONG_CITY: u32 = 1_000_000;

/// A capital, or a city of a million.
pub fn strong_city(c: &Candidate<'_>) -> bool {
    c.place.kind == PlaceKind::City
        && (c.place.population >= STRONG_CITY
            || FEATURE_CODES.get(c.place.feature as usize) == Some(&"PPLC"))
}

/// Connectors allowed inside a multi-word name ("Sea of Japan", "Bosnia and Herzegovina").
pub const CONNECTORS: &[&str] = &[
    "of", "the", "and", "de", "del", "la", "le", "les", "du", "des", "da", "do", "dos", "das",
    "di", "al", "el", "upon", "on", "sur", "am", "an", "im",
];

/// Exact gazetteer matches of a surface, ranked.
pub fn candidates<'g>(gazetteer: &'g Gazetteer, surface: &str) -> Vec<Candidate<'g>> {
    candidates_by_key(gazetteer, &normalize(surface))
}

/// Exact gazetteer matches of an index key, ranked (ports and groups left out, as above).
pub fn candidates_by_key<'g>(gazetteer: &'g Gazetteer, key: &str) -> Vec<Candidate<'g>> {
    if key.is_empty() {
        return Vec::new();
    }
    // Ports are for places a scenario names; in running text their names (Mina, Eden,
    // Victoria) are read as the towns they are named after, or not at all.
    // Groups (EU, NATO) are organisations in running text, not places.
    ranked_candidates(gazetteer, key, |c| {
        !matches!(c.place.kind, PlaceKind::Port | PlaceKind::Group)
    })
}

/// The country of a code, as a candidate: the best-ranked record bearing the code (a code is
/// shared by a country and its territories: FR is France, not Clipperton I.).
pub fn country_candidates(gazetteer: &Gazetteer, code: CountryCode) -> Vec<Candidate<'_>> {
    candidates(gazetteer, code.as_str())
        .into_iter()
        .filter(|c| c.place.kind == PlaceKind::Country && c.place.country == Some(code))
        .take(1)
        .collect()
}

/// Whether a capitalised word is "plain": a country, a demonym or a common word, so that it
/// does not make its neighbour part of a person's name. A town's name does ("George
/// Washington", "Paris Hilton"): two places side by side that are not one place are a name.
pub fn plain_word(gazetteer: &Gazetteer, t: &Token<'_>) -> bool {
    let lower = t.text.to_lowercase();
    lexicon::is_common(&lower)
        || lexicon::is_title(t.text)
        || lexicon::is_calendar(t.text)
        || lexicon::demonym(t.text).is_some()
        || lexicon::organisation(t.text).is_some()
        || CONNECTORS.contains(&lower.as_str())
        || candidates(gazetteer, t.text)
            .first()
            .is_some_and(|c| c.place.kind == PlaceKind::Country)
}
