//! A story's readings made to agree with each other, after each name was read on its own
//! ([`super::context::choose`]):
//! - **lists**: the names of a list ("Colorado, Georgia, Illinois", "Texas and Georgia") are of
//!   one kind, so a name listed beside a state reads as a state of that country when it can
//!   (Georgia the US state, not the country), and one listed beside a country as a country;
//! - **one reading per story**: a name that a qualifier or a cue settles once ("London,
//!   Ontario", "the city of Turkey") means the same place wherever else the story writes it, as
//!   readers take it ("London police", "returns to Turkey on Thursday").

use foldhash::{HashMap, HashMapExt};

use super::context::Reason;
use super::interned::FoundBy;
use super::text::Token;
use crate::gazetteer::model::{NameKind, PlaceKind};
use crate::gazetteer::rank::Candidate;

/// One mention's reading, with the readings it was chosen from.
#[derive(Debug, Clone)]
pub struct Reading<'g, 'c> {
    /// First token and number of tokens.
    pub token: usize,
    pub tokens: usize,
    pub via: FoundBy,
    /// The name as written.
    pub surface: &'c str,
    /// The hash of the name in lower case ([`super::context::surface_key`]): the key of one
    /// reading per story.
    pub key: u64,
    /// Every reading of the name, best first.
    pub cands: &'c [Candidate<'g>],
    pub chosen: Candidate<'g>,
    /// Score margin of the chosen reading over the next.
    pub margin: f64,
    pub reason: Reason,
}

/// Margin given to a reading that agreement chose: as sure as a clear ranking.
const AGREED_MARGIN: f64 = 1.5;

impl<'g> Reading<'g, '_> {
    fn switch(&mut self, to: Candidate<'g>, reason: Reason) {
        self.chosen = to;
        self.reason = reason;
        self.margin = AGREED_MARGIN;
    }

    /// A reason that a reader would not overturn from elsewhere in the story.
    fn settled(&self) -> bool {
        matches!(
            self.reason,
            Reason::Only | Reason::Qualifier | Reason::Cue | Reason::List
        )
    }
}

/// The names of a list read as the same kind of place: a name beside a state (joined by a
/// comma, "and" or "or") reads as a state of that country if it can, a name beside a country as
/// a country. `readings` are in text order.
pub fn lists(readings: &mut [Reading<'_, '_>], tokens: &[Token<'_>]) {
    // A chain ("Colorado, Georgia, Illinois, Missouri") settles from both ends in two rounds.
    for _ in 0..2 {
        for k in 0..readings.len() {
            if readings[k].settled() || readings[k].via != FoundBy::Name {
                continue;
            }
            let mut neighbours = Vec::with_capacity(2);
            if k > 0 && joined(tokens, &readings[k - 1], &readings[k]) {
                neighbours.push(k - 1);
            }
            if k + 1 < readings.len() && joined(tokens, &readings[k], &readings[k + 1]) {
                neighbours.push(k + 1);
            }
            let own = readings[k].chosen.place.kind;
            let better = neighbours.iter().find_map(|&n| {
                let other = &readings[n].chosen.place;
                if readings[n].via != FoundBy::Name
                    || other.kind == own
                    || !matches!(other.kind, PlaceKind::Admin1 | PlaceKind::Country)
                {
                    return None;
                }
                readings[k]
                    .cands
                    .iter()
                    .find(|c| {
                        c.place.kind == other.kind
                            && c.name != NameKind::Code
                            && (other.kind == PlaceKind::Country
                                || c.place.country == other.country)
                    })
                    .copied()
            });
            if let Some(c) = better {
                readings[k].switch(c, Reason::List);
            }
        }
    }
}

/// True when `b` follows `a` in a list: only ",", "and", "or", ", and" or ", or" between them,
/// in one sentence.
fn joined(tokens: &[Token<'_>], a: &Reading<'_, '_>, b: &Reading<'_, '_>) -> bool {
    let end = a.token + a.tokens;
    if b.token <= end || tokens[a.token].sentence() != tokens[b.token].sentence() {
        return false;
    }
    let between: Vec<&str> = tokens[end..b.token].iter().map(|t| t.text).collect();
    matches!(
        between.as_slice(),
        [","] | ["and"] | ["or"] | [",", "and"] | [",", "or"]
    )
}

/// Every reading of a name that a qualifier or a cue settled elsewhere in the story takes that
/// place, when the name can mean it and nothing settled it otherwise; a name settled to two
/// different places is left as each mention reads it.
pub fn one_reading_per_story(readings: &mut [Reading<'_, '_>]) {
    // Each name's settled place, or `None` once two disagree.
    let mut settled: HashMap<u64, Option<u32>> = HashMap::new();
    for r in readings.iter() {
        if matches!(r.reason, Reason::Qualifier | Reason::Cue) {
            let entry = settled.entry(r.key).or_insert(Some(r.chosen.place.index));
            if *entry != Some(r.chosen.place.index) {
                *entry = None;
            }
        }
    }
    let settled: HashMap<u64, u32> = settled
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
    if settled.is_empty() {
        return;
    }
    for r in readings.iter_mut() {
        if r.settled() {
            continue;
        }
        let Some(&place) = settled.get(&r.key) else {
            continue;
        };
        if r.chosen.place.index == place {
            continue;
        }
        if let Some(c) = r.cands.iter().find(|c| c.place.index == place).copied() {
            r.switch(c, Reason::Repeated);
        }
    }
}
