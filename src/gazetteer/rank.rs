//! Ranking: one score per (place, how the name matched), on a log10-population scale, plus the
//! rule that an admin-1 unit never beats its same-named city.
//!
//! The scale is "how many people would mean this place": log10(population), with bonuses for
//! capitals and seats of administration and penalties for weaker name matches. Countries matched
//! by an English name always win (Georgia, Armenia, Mexico, Luxembourg); matched by a name in
//! another language they compete like an alternate-named city (so "Granada", Spanish for
//! Grenada, stays the Spanish city).

use super::model::{NameKind, PlaceKind, FEATURE_CODES};
use super::store::PlaceRecord;

/// Score penalty per edit of a fuzzy match.
pub const FUZZY_EDIT_PENALTY: f64 = 1.5;
/// Penalty of a GeoNames alternate name against the primary name: Madras (alternate of Chennai,
/// 4.6 M) still beats Madras, Oregon (6,662), but New Delhi (PPLC) beats Delhi's alternate.
pub const ALTERNATE_PENALTY: f64 = 1.0;
/// An admin-1 unit ranks like a city this many orders of magnitude smaller than the estimated
/// population of its cities.
pub const ADMIN1_DISCOUNT: f64 = 1.5;

/// Ranking bonus of a GeoNames feature code.
pub fn feature_bonus(feature: u8) -> f64 {
    match FEATURE_CODES.get(feature as usize).copied().unwrap_or("") {
        "PPLC" => 2.0,
        "PPLG" => 1.5,
        "PPLA" => 1.0,
        "PPLA2" => 0.5,
        "PPLA3" | "PPLA4" | "PPLA5" => 0.2,
        "PPLX" => -0.5,
        "PPLH" | "PPLQ" | "PPLW" | "PPLCH" => -2.0,
        _ => 0.0,
    }
}

fn is_capital(feature: u8) -> bool {
    matches!(
        FEATURE_CODES.get(feature as usize).copied(),
        Some("PPLC" | "PPLG")
    )
}

fn magnitude(population: u32) -> f64 {
    (population as f64 + 1.0).log10()
}

/// The score of `place` found through a name of kind `name`. Higher is better.
pub fn score(place: &PlaceRecord<'_>, name: NameKind) -> f64 {
    let m = magnitude(place.population);
    match place.kind {
        PlaceKind::Country => match name {
            NameKind::Primary => 10.5 + m / 10.0,
            NameKind::Variant => 10.0 + m / 10.0,
            NameKind::Alternate => m - ALTERNATE_PENALTY,
            NameKind::Code => 6.5 + m / 100.0,
        },
        PlaceKind::Admin1 => {
            m - ADMIN1_DISCOUNT
                - match name {
                    NameKind::Primary | NameKind::Variant => 0.0,
                    NameKind::Alternate => ALTERNATE_PENALTY,
                    NameKind::Code => 1.5,
                }
        }
        PlaceKind::City => match name {
            NameKind::Primary | NameKind::Variant => m + feature_bonus(place.feature),
            // A capital's alternate names include old district names ("Victoria" for Hong Kong),
            // so the capital bonus is for its own name only; seats of provinces keep theirs
            // (Geneva, the English name of Genève, beats Geneva, Illinois).
            NameKind::Alternate | NameKind::Code => {
                m + feature_bonus(place.feature).min(1.0) * f64::from(!is_capital(place.feature))
                    - ALTERNATE_PENALTY
            }
        },
    }
}

/// A scored candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate<'a> {
    pub place: PlaceRecord<'a>,
    pub name: NameKind,
    /// Edit distance of a fuzzy match (0 for exact).
    pub edits: u8,
    pub score: f64,
}

impl<'a> Candidate<'a> {
    pub fn new(place: PlaceRecord<'a>, name: NameKind, edits: u8) -> Self {
        let score = score(&place, name) - FUZZY_EDIT_PENALTY * edits as f64;
        Candidate {
            place,
            name,
            edits,
            score,
        }
    }
}

/// Sort candidates best first, after applying the state-versus-city rule: an admin-1 unit ranks
/// just below a same-named city of its country when the city lies inside it or is big enough to
/// matter next to it (at least 1/50 of its population). "Kiev" is the city, not the oblast;
/// "Georgia, US" is still the state, not the town of 4,500 in Vermont.
/// Ties are broken by place index, so the order is deterministic. One entry per place survives.
pub fn rank(candidates: &mut Vec<Candidate<'_>>) {
    if candidates.iter().any(|c| c.place.kind == PlaceKind::Admin1) {
        let cities: Vec<Candidate<'_>> = candidates
            .iter()
            .filter(|c| c.place.kind == PlaceKind::City)
            .copied()
            .collect();
        for c in candidates
            .iter_mut()
            .filter(|c| c.place.kind == PlaceKind::Admin1)
        {
            let cap = cities
                .iter()
                .filter(|city| {
                    city.place.country == c.place.country
                        && (city.place.admin1 == Some(c.place.index)
                            || city.place.population as u64 * 50 >= c.place.population as u64)
                })
                .map(|city| city.score)
                .fold(f64::NEG_INFINITY, f64::max);
            if cap.is_finite() && c.score >= cap {
                c.score = cap - 0.01;
            }
        }
    }
    candidates.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.place.index.cmp(&b.place.index))
    });
    // Candidate lists are short (tens), so a linear scan beats hashing.
    let mut seen: Vec<u32> = Vec::with_capacity(candidates.len());
    candidates.retain(|c| {
        let new = !seen.contains(&c.place.index);
        seen.push(c.place.index);
        new
    });
}
