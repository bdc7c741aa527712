//! Ranking: one score per (place, how the name matched), on a log10-population scale, plus the
//! rule that an admin-1 unit never beats its same-named city.
//!
//! The scale is "how many people would mean this place": log10(population), with bonuses for
//! capitals and seats of administration and penalties for weaker name matches. Countries matched
//! by an English name always win (Georgia, Armenia, Mexico, Luxembourg); matched by a name in
//! another language they compete like an alternate-named city (so "Granada", Spanish for
//! Grenada, stays the Spanish city).

use super::model::{NameKind, PlaceKind, FEATURE_CODES};
use super::normalize::normalize;
use super::store::PlaceRecord;

/// Score penalty per edit of a fuzzy match.
pub const FUZZY_EDIT_PENALTY: f64 = 1.5;
/// Penalty of a GeoNames alternate name against the primary name: Madras (alternate of Chennai,
/// 4.6 M) still beats Madras, Oregon (6,662), but New Delhi (PPLC) beats Delhi's alternate.
pub const ALTERNATE_PENALTY: f64 = 1.0;
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
            // Ranked like a city of its estimated population (the cities inside it), so Goa and
            // Bali beat cities that merely list them as alternate names; `rank` keeps it below
            // a same-named city of its own country.
            m - match name {
                NameKind::Primary | NameKind::Variant => 0.0,
                NameKind::Alternate => ALTERNATE_PENALTY,
                NameKind::Code => 1.5,
            }
        }
        // A port has no population: ranked below a town of a thousand, the smallest city kept,
        // so a port answers only a name no city, state or country anywhere has (the importer
        // keeps only ports whose names no place of their own country has).
        PlaceKind::Port => 2.5 - f64::from(name != NameKind::Primary) * ALTERNATE_PENALTY,
        PlaceKind::Continent
        | PlaceKind::Ocean
        | PlaceKind::Sea
        | PlaceKind::Gulf
        | PlaceKind::Bay
        | PlaceKind::Strait
        | PlaceKind::Region
        | PlaceKind::Disputed
        | PlaceKind::Group
        | PlaceKind::County
        | PlaceKind::Airport => {
            area_level(place.kind)
                - AREA_RANK_STEP * f64::from(place.feature.min(10))
                - match name {
                    NameKind::Primary | NameKind::Variant => 0.0,
                    NameKind::Alternate => ALTERNATE_PENALTY,
                    NameKind::Code => 3.0,
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

/// Score lost per step of an area's prominence rank (Natural Earth's `scalerank`, 0 the most
/// prominent), so the Red Sea outranks a bay of the same name.
pub const AREA_RANK_STEP: f64 = 0.25;

/// The score of an area of prominence rank 0 found by its own name, on the same scale as a
/// city's log10(population). Areas have no population, so each kind gets the level of the
/// settlement a reader would have to mean instead: a continent or an ocean beats any same-named
/// town (Africa is not Mahdia, whose alternate name it is; Asia is not a Philippine village); a
/// sea, gulf or strait beats a province of a million named after it ("Red Sea" is the sea, the
/// Sudanese state needs its qualifier); a disputed area (Donbas, Gaza) beats a city of several
/// million; a physical region beats a town of a few hundred thousand; a county, whose names end
/// in "County" or "Parish", stays below a city of 100,000 of the same name, and so does an
/// airport ("Heathrow" is the airport, not the Florida town of 6,000). A country, by its
/// English name, still beats them all (Cuba the country, not the island).
fn area_level(kind: PlaceKind) -> f64 {
    match kind {
        PlaceKind::Continent => 9.0,
        PlaceKind::Group => 9.0,
        PlaceKind::Ocean => 8.5,
        PlaceKind::Sea | PlaceKind::Gulf | PlaceKind::Strait => 8.0,
        PlaceKind::Bay => 7.0,
        PlaceKind::Disputed => 7.5,
        PlaceKind::Region => 7.0,
        _ => 5.0,
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
    /// Set by [`rank`] on an admin-1 unit moved below a same-named city it yields to.
    pub yielded: bool,
}

impl<'a> Candidate<'a> {
    pub fn new(place: PlaceRecord<'a>, name: NameKind, edits: u8) -> Self {
        let score = score(&place, name) - FUZZY_EDIT_PENALTY * edits as f64;
        Candidate {
            place,
            name,
            edits,
            score,
            yielded: false,
        }
    }
}

/// Whether admin-1 unit `state` must rank below `city` (same country, same query).
///
/// - A city found by its own name wins when it is comparable in size (at least half the
///   state's estimated population), or lies inside the state and is not tiny next to it (1/20:
///   Rio de Janeiro, Tokyo, Veracruz); a small namesake does not (Delaware, Ohio).
/// - A city found only by an alternate name wins when it is comparable in size and is a seat of
///   government or lies inside the state (Kyiv against Kiev Oblast, Moscow against Moskva), or
///   when it lies inside the state and is either its seat under the state's own name, give or
///   take an edit (Genève in Genève, Odesa in Odessa), or a city of a million that spells the
///   state's name out (New York City in New York). Otherwise the state wins: Bahia is not
///   Salvador, Goa not Mormugao, Morelos not Ecatepec de Morelos, Oklahoma not Oklahoma City.
fn yields_to(state: &PlaceRecord<'_>, city: &Candidate<'_>) -> bool {
    let (city_pop, state_pop) = (city.place.population as u64, state.population as u64);
    let comparable = city_pop * 2 >= state_pop;
    let inside = city.place.admin1 == Some(state.index);
    match city.name {
        NameKind::Primary | NameKind::Variant => {
            comparable || (inside && city_pop * 20 >= state_pop)
        }
        NameKind::Alternate | NameKind::Code => {
            let seat = matches!(
                FEATURE_CODES.get(city.place.feature as usize).copied(),
                Some("PPLA" | "PPLC" | "PPLG")
            );
            let same_name = || {
                super::fuzzy::within_one_edit(&normalize(city.place.name), &normalize(state.name))
            };
            (comparable && (inside || seat))
                || (inside
                    && ((seat && same_name())
                        || (city_pop >= 1_000_000 && bears_name(city.place.name, state.name))))
        }
    }
}

/// True when a city's name is the state's name, give or take one edit (Odesa, Odessa), or
/// spells it out word for word (New York City, New York).
fn bears_name(city: &str, state: &str) -> bool {
    let (city, state) = (normalize(city), normalize(state));
    !state.is_empty()
        && (format!(" {city} ").contains(&format!(" {state} "))
            || super::fuzzy::within_one_edit(&city, &state))
}

/// Every place named `key` (a normalised name: [`normalize`]) that passes `keep`, ranked best
/// first by [`rank`] — which looks at the candidates together (a state yields to its
/// same-named city among them), so `keep` filters before the ranking. Used by `resolve` and by
/// `extract` alike.
pub fn ranked_candidates<'g>(
    gazetteer: &'g super::Gazetteer,
    key: &str,
    keep: impl Fn(&Candidate<'g>) -> bool,
) -> Vec<Candidate<'g>> {
    let store = gazetteer.store();
    let mut cands: Vec<Candidate<'g>> = store
        .postings(key)
        .into_iter()
        .filter_map(|(i, name)| store.place(i).map(|p| Candidate::new(p, name, 0)))
        .filter(|c| keep(c))
        .collect();
    rank(&mut cands);
    cands
}

/// Sort candidates best first, after applying the state-versus-city rule: an admin-1 unit ranks
/// just below a same-named city of its country that it yields to (see `yields_to`). "Kiev" is the city, not the oblast;
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
                .filter(|city| city.place.country == c.place.country && yields_to(&c.place, city))
                .map(|city| city.score)
                .fold(f64::NEG_INFINITY, f64::max);
            if cap.is_finite() {
                c.yielded = true;
                c.score = c.score.min(cap - 0.01);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::model::feature_index;
    use crate::gazetteer::CountryCode;

    fn place(
        index: u32,
        kind: PlaceKind,
        country: &[u8; 2],
        admin1: Option<u32>,
        pop: u32,
        feature: &str,
    ) -> PlaceRecord<'static> {
        PlaceRecord {
            index,
            name: "x",
            lon: 0.0,
            lat: 0.0,
            population: pop,
            population_estimated: kind == PlaceKind::Admin1,
            country: CountryCode::from_bytes(*country),
            admin1,
            source_id: index,
            kind,
            feature: feature_index(feature),
        }
    }

    fn ranked(mut c: Vec<Candidate<'static>>) -> Vec<u32> {
        rank(&mut c);
        c.iter().map(|c| c.place.index).collect()
    }

    #[test]
    fn an_alternate_name_of_a_big_city_beats_a_small_primary_match() {
        // Madras: Chennai (4.6 M, PPLA, alternate) against Madras, Oregon (6,662, primary).
        let chennai = Candidate::new(
            place(1, PlaceKind::City, b"IN", None, 4_646_732, "PPLA"),
            NameKind::Alternate,
            0,
        );
        let oregon = Candidate::new(
            place(2, PlaceKind::City, b"US", None, 6_662, "PPL"),
            NameKind::Primary,
            0,
        );
        assert_eq!(ranked(vec![oregon, chennai]), [1, 2]);
    }

    #[test]
    fn a_country_beats_a_same_named_capital_but_not_by_a_foreign_language_name() {
        let country = place(1, PlaceKind::Country, b"LU", None, 619_896, "ADM0");
        let capital = Candidate::new(
            place(2, PlaceKind::City, b"LU", None, 76_684, "PPLC"),
            NameKind::Primary,
            0,
        );
        assert_eq!(
            ranked(vec![capital, Candidate::new(country, NameKind::Primary, 0)]),
            [1, 2]
        );
        // "Granada" is Spanish for Grenada (112 k): the Spanish city (232 k) wins.
        let grenada = Candidate::new(
            place(3, PlaceKind::Country, b"GD", None, 112_003, "ADM0"),
            NameKind::Alternate,
            0,
        );
        let granada = Candidate::new(
            place(4, PlaceKind::City, b"ES", None, 232_208, "PPLA2"),
            NameKind::Primary,
            0,
        );
        assert_eq!(ranked(vec![grenada, granada]), [4, 3]);
    }

    #[test]
    fn a_state_yields_to_its_same_named_city_but_not_to_a_small_town() {
        let oblast = place(1, PlaceKind::Admin1, b"UA", None, 1_700_000, "");
        let kyiv = Candidate::new(
            place(2, PlaceKind::City, b"UA", Some(9), 2_797_553, "PPLC"),
            NameKind::Alternate,
            0,
        );
        assert_eq!(
            ranked(vec![Candidate::new(oblast, NameKind::Primary, 0), kyiv]),
            [2, 1]
        );
        let georgia = place(3, PlaceKind::Admin1, b"US", None, 10_000_000, "");
        let town = Candidate::new(
            place(4, PlaceKind::City, b"US", Some(7), 4_500, "PPL"),
            NameKind::Primary,
            0,
        );
        assert_eq!(
            ranked(vec![town, Candidate::new(georgia, NameKind::Primary, 0)]),
            [3, 4]
        );
        // A city listing the state's name only as an alternate must be comparable in size.
        let goa = place(5, PlaceKind::Admin1, b"IN", None, 822_240, "");
        let mormugao = Candidate::new(
            place(6, PlaceKind::City, b"IN", Some(5), 102_345, "PPLA2"),
            NameKind::Alternate,
            0,
        );
        assert_eq!(
            ranked(vec![mormugao, Candidate::new(goa, NameKind::Primary, 0)]),
            [5, 6]
        );
    }

    #[test]
    fn a_major_city_that_spells_out_the_state_wins_an_old_alternate_name_does_not() {
        let named = |name: &'static str, p: PlaceRecord<'static>| PlaceRecord { name, ..p };
        let ny = named(
            "New York",
            place(1, PlaceKind::Admin1, b"US", None, 30_806_954, ""),
        );
        let nyc = named(
            "New York City",
            place(2, PlaceKind::City, b"US", Some(1), 8_804_190, "PPL"),
        );
        let got = ranked(vec![
            Candidate::new(ny, NameKind::Primary, 0),
            Candidate::new(nyc, NameKind::Alternate, 0),
        ]);
        assert_eq!(got, [2, 1]);
        // Salvador lists "Bahia" as an alternate name; the state keeps it.
        let bahia = named(
            "Bahia",
            place(3, PlaceKind::Admin1, b"BR", None, 8_261_595, ""),
        );
        let salvador = named(
            "Salvador",
            place(4, PlaceKind::City, b"BR", Some(3), 2_711_840, "PPLA"),
        );
        let got = ranked(vec![
            Candidate::new(salvador, NameKind::Alternate, 0),
            Candidate::new(bahia, NameKind::Primary, 0),
        ]);
        assert_eq!(got, [3, 4]);
        // A small namesake in another state does not beat the state (Delaware, Ohio).
        let delaware = named(
            "Delaware",
            place(5, PlaceKind::Admin1, b"US", None, 392_979, ""),
        );
        let ohio_town = named(
            "Delaware",
            place(6, PlaceKind::City, b"US", Some(99), 41_283, "PPLA2"),
        );
        let got = ranked(vec![
            Candidate::new(ohio_town, NameKind::Primary, 0),
            Candidate::new(delaware, NameKind::Primary, 0),
        ]);
        assert_eq!(got, [5, 6]);
    }

    #[test]
    fn ties_break_by_index_and_each_place_appears_once() {
        let a = Candidate::new(
            place(7, PlaceKind::City, b"US", None, 1_000, "PPL"),
            NameKind::Primary,
            0,
        );
        let b = Candidate::new(
            place(3, PlaceKind::City, b"US", None, 1_000, "PPL"),
            NameKind::Primary,
            0,
        );
        let b_alt = Candidate::new(
            place(3, PlaceKind::City, b"US", None, 1_000, "PPL"),
            NameKind::Alternate,
            0,
        );
        assert_eq!(ranked(vec![a, b_alt, b]), [3, 7]);
    }
}
