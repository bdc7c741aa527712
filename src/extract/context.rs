//! Choosing a mention's reading from the story around it. The gazetteer ranks a name's readings
//! as if it stood alone (Edmonton is the Canadian city, London the British capital); the story
//! then moves them:
//! - a place (a city, a state, a county…) in a country the story names, or whose other places
//!   lie in it, gains [`STORY_CITY_BONUS`] (a story about India and Russia puts "Hyderabad" in
//!   India; one about Texas and Colorado keeps "Missouri" the state, not a town of that name);
//! - a town in a state the story names gains [`STATE_BONUS`] ("Augusta" in a story about Georgia),
//!   and a state that holds the story's other places, away from its same-named town, gains
//!   [`HOLDS_BONUS`] ("Quebec" beside Montreal is the province);
//! - a state beats a same-named country when more of the story's places are in the state's
//!   country than anything supports the country ("Georgia" beside Atlanta and Savannah);
//! - a place near the story's other places — those read without doubt, and the dateline's —
//!   gains up to [`NEARBY_BONUS`], falling to nothing at [`NEARBY_KM`] (Edmonton beside Enfield
//!   and Tottenham is the London district; beside Cairns, the Queensland town).
//!
//! Each answer says which of these won it ([`Reason`]), so `extract --json` can tell a reader
//! why Paris is in Texas.

use foldhash::{HashMap, HashSet};

use crate::gazetteer::model::{NameKind, PlaceKind};
use crate::gazetteer::rank::Candidate;
use crate::gazetteer::CountryCode;
use crate::geodesy::great_circle::distance_km;
use crate::geodesy::LonLat;

use super::interned::FoundBy;

/// Score bonus of a place in a country the story names or places its other places in.
pub const STORY_CITY_BONUS: f64 = 2.0;
/// Score bonus of a state over a same-named country when the story is in the state's country.
pub const STORY_STATE_BONUS: f64 = 5.0;
/// Score bonus of a town in a state the story names.
pub const STATE_BONUS: f64 = 1.0;
/// Score bonus of a state that holds the story's other places, over its same-named town.
pub const HOLDS_BONUS: f64 = 1.0;
/// Score bonus of a place at a sure place of the story; it falls linearly to 0 at [`NEARBY_KM`].
pub const NEARBY_BONUS: f64 = 2.0;
/// Beyond this distance from every sure place of the story, in km, a place gains nothing.
pub const NEARBY_KM: f64 = 400.0;
/// A sure place nearer than this (km) to the town of a state's name is a part of the town
/// (Lévis, Brooklyn), and says nothing of the state.
const STATE_TOWN_KM: f64 = 30.0;
/// The dateline's place counts this much more than another sure place.
const DATELINE_WEIGHT: f64 = 1.5;

/// Why a reading won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// The name has one reading.
    Only,
    /// The gazetteer's ranking: the most prominent bearer of the name.
    Prominence,
    /// A qualifier written after it ("Paris, Texas", "ALEXANDRIA, La. —"), or it qualifies the
    /// name before it ("New York" in "Buffalo, New York" is the state).
    Qualifier,
    /// A word beside it says what kind of place it is ("the state of Washington", "Idlib
    /// province", "the city of Turkey"): see [`super::cues`].
    Cue,
    /// It is listed beside places of one kind ("Colorado, Georgia, Illinois").
    List,
    /// A qualifier or a cue settles the same name elsewhere in the story ("London, Ontario" …
    /// "London police").
    Repeated,
    /// The story names the place's country, or places its other places there.
    Country,
    /// The story names the state it is in; or, for a state, the story's other places lie in
    /// it ("Quebec" beside Montreal).
    State,
    /// It lies near the story's other places.
    Nearby,
}

/// The bonuses a reading gains from the story, each with the reason it stands for.
type Bonuses = [(Reason, f64); 3];

/// A place the story names without doubt, which draws the readings of other names near it.
#[derive(Debug, Clone, Copy)]
pub struct Anchor {
    pub at: LonLat,
    /// The hash of the surface it was read from ([`surface_key`]): a name is never its own
    /// anchor.
    pub surface: u64,
    pub dateline: bool,
}

/// A surface's key for [`Anchor::surface`].
pub fn surface_key(surface: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x5eed).hash_one(surface)
}

/// What the story says, for [`choose`].
pub struct Story<'s, F: Fn(CountryCode, bool) -> usize> {
    /// `support(country, places_only)`: how many of the story's other surfaces read as places
    /// of a country (only its cities and states, with `places_only`).
    pub support: F,
    /// The admin-1 units (place indices) the story names.
    pub states: &'s HashSet<u32>,
    /// The story's sure towns and counties by the admin-1 unit (place index) that holds them.
    pub held: &'s HashMap<u32, Vec<Anchor>>,
    pub anchors: &'s [Anchor],
}

/// The best candidate for the story, its margin over the next, and why it won. `surface` is
/// the name as written (its own anchors do not count); `fixed` is the reason, when a qualifier
/// or a cue already narrowed `cands`.
pub fn choose<'g, F: Fn(CountryCode, bool) -> usize>(
    cands: &[Candidate<'g>],
    story: &Story<'_, F>,
    surface: u64,
    fixed: Option<Reason>,
) -> Option<(Candidate<'g>, f64, Reason)> {
    let support = &story.support;
    let first = cands.first()?;
    let country_support = (first.place.kind == PlaceKind::Country)
        .then_some(first.place.country)
        .flatten()
        .map_or(0, |cc| support(cc, false));
    let best_is_country = first.place.kind == PlaceKind::Country;
    let mut scored: Vec<(f64, Bonuses, Candidate<'g>)> = cands
        .iter()
        .map(|c| {
            let in_story = c.place.country.is_some_and(|cc| support(cc, false) > 0);
            let mut bonuses = [
                (Reason::Country, 0.0),
                (Reason::State, 0.0),
                (Reason::Nearby, 0.0),
            ];
            match c.place.kind {
                PlaceKind::Country => {}
                // A country wins over a same-named state unless the story is in the state's
                // country.
                PlaceKind::Admin1 if best_is_country => {
                    let state_story = c
                        .place
                        .country
                        .is_some_and(|cc| support(cc, true) > country_support);
                    if state_story {
                        bonuses[0].1 = STORY_STATE_BONUS;
                    }
                }
                kind => {
                    if in_story {
                        bonuses[0].1 = STORY_CITY_BONUS;
                    }
                    if kind == PlaceKind::Admin1 && holds_story(c, cands, story, surface) {
                        bonuses[1].1 = HOLDS_BONUS;
                    }
                    if matches!(kind, PlaceKind::City | PlaceKind::County) {
                        // A state this very name may mean does not draw its own readings.
                        let state = c.place.admin1.filter(|a| {
                            story.states.contains(a) && !cands.iter().any(|o| o.place.index == *a)
                        });
                        if state.is_some() {
                            bonuses[1].1 = STATE_BONUS;
                        }
                        bonuses[2].1 = nearby(c, story.anchors, surface);
                    }
                }
            }
            let score = if c.yielded {
                c.score.min(first.score)
            } else {
                c.score
            };
            let total: f64 = bonuses.iter().map(|b| b.1).sum();
            (score + total, bonuses, *c)
        })
        .collect();
    // The gazetteer's first reading's bonuses: a winner's reason is the bonus it gained most
    // over that reading (both in the story's country, a state's own places decide).
    let first_bonuses = scored[0].1;
    // Stable: the gazetteer's order breaks ties.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best_score, bonuses, best) = *scored.first()?;
    let reason = bonuses
        .iter()
        .zip(first_bonuses)
        .map(|(b, f)| (b.0, b.1 - f.1))
        .filter(|b| b.1 > 0.0)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map_or(Reason::Prominence, |b| b.0);
    let margin = scored.get(1).map_or(f64::INFINITY, |s| best_score - s.0);
    let reason = if let Some(fixed) = fixed {
        fixed
    } else if cands.len() == 1 {
        Reason::Only
    } else if best.place.index == first.place.index {
        Reason::Prominence
    } else {
        reason
    };
    Some((best, margin, reason))
}

/// True when the story's other sure places lie in the admin-1 unit `state`, away from the town
/// of the same name that is among `cands` ("Quebec" beside Montreal is the province; beside
/// Lévis, across the river from Québec, the city).
fn holds_story<F: Fn(CountryCode, bool) -> usize>(
    state: &Candidate<'_>,
    cands: &[Candidate<'_>],
    story: &Story<'_, F>,
    surface: u64,
) -> bool {
    let Some(inside) = story.held.get(&state.place.index) else {
        return false;
    };
    let towns: Vec<LonLat> = cands
        .iter()
        .filter(|o| o.place.kind == PlaceKind::City && o.place.admin1 == Some(state.place.index))
        .map(|o| LonLat::new(o.place.lon, o.place.lat))
        .collect();
    inside.iter().any(|a| {
        a.surface != surface && towns.iter().all(|t| distance_km(a.at, *t) > STATE_TOWN_KM)
    })
}

/// The bonus of a place near the story's sure places other than this surface's own.
fn nearby(c: &Candidate<'_>, anchors: &[Anchor], surface: u64) -> f64 {
    let here = LonLat::new(c.place.lon, c.place.lat);
    anchors
        .iter()
        .filter(|a| a.surface != surface)
        // A cheap box first: a degree of latitude is 111 km.
        .filter(|a| (a.at.lat - here.lat).abs() < NEARBY_KM / 111.0)
        .map(|a| {
            let d = distance_km(a.at, here);
            let weight = if a.dateline { DATELINE_WEIGHT } else { 1.0 };
            (NEARBY_BONUS * weight * (1.0 - d / NEARBY_KM)).max(0.0)
        })
        .fold(0.0, f64::max)
}

/// 0 to 1: how sure a reading is.
pub fn confidence(c: &Candidate<'_>, via: FoundBy, margin: f64, context: bool) -> f64 {
    let base: f64 = match (via, c.place.kind, c.name) {
        (FoundBy::Demonym, ..) => 0.9,
        (_, PlaceKind::Country, _) => 0.95,
        (_, PlaceKind::Admin1, _) => 0.85,
        (_, PlaceKind::City, NameKind::Primary | NameKind::Variant) => 0.9,
        (_, PlaceKind::City | PlaceKind::Port, _) => 0.8,
        (_, _, NameKind::Primary | NameKind::Variant) => 0.85,
        _ => 0.75,
    };
    let mut p = base;
    if margin < 0.5 {
        p *= 0.7;
    } else if margin < 1.5 {
        p *= 0.9;
    }
    if c.place.kind == PlaceKind::City && c.place.population < 50_000 {
        p *= 0.85;
    }
    if context {
        p += 0.05;
    }
    (p.min(0.99) * 100.0).round() / 100.0
}
