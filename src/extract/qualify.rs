//! Qualifiers: a region written after a name and a comma says where the name is ("Paris,
//! Texas", "Buffalo, New York", "ALEXANDRIA, La. —"). The region is read as the state or country
//! that holds one of the name's readings — "New York" after Buffalo is the state, not the city
//! a name alone would be — and both names take those readings. A list is not a qualifier:
//! in "cases in Washington, Pennsylvania and California" the three are states. A qualifier is
//! written by its own name or abbreviation, not an alternate one ("Quebec City" does not
//! qualify as the province); a country named by its own name is not taken for a town by what
//! follows ("in Russia, U.S. officials said"); and a city that holds the name ("Queens, New
//! York") stays the city.

use foldhash::HashMap;

use super::text::Token;
use crate::gazetteer::model::{NameKind, PlaceKind};
use crate::gazetteer::rank::Candidate;
use crate::geodesy::great_circle::distance_km;
use crate::geodesy::LonLat;

/// The readings as a state or a country of each name that could qualify another, by its first
/// token.
pub struct Regions<'g> {
    by_token: HashMap<usize, Region<'g>>,
}

/// A name that could qualify another.
struct Region<'g> {
    len: usize,
    /// Its readings as a state or a country, best first.
    regions: Vec<Candidate<'g>>,
    /// Its best reading.
    best: Candidate<'g>,
}

/// Within this distance, in km, of a city that a qualifier's name reads as best, the qualified
/// place is part of that city ("Queens, New York") and the qualifier stays the city.
const CITY_PART_KM: f64 = 30.0;

/// What a qualifier settles: the readings of the name inside the region, and the region's own
/// reading with the token it starts at.
pub struct Qualified<'g> {
    pub inside: Vec<Candidate<'g>>,
    pub region_token: usize,
    pub region: Candidate<'g>,
    /// The qualifier's best reading, when it is a city ("New York" after "Queens, ").
    city: Option<Candidate<'g>>,
}

impl<'g> Qualified<'g> {
    /// The reading the qualifier takes when the name reads as `chosen`: its region, unless the
    /// city it reads as holds `chosen`; `None` leaves it to be read on its own.
    pub fn region_for(&self, chosen: &Candidate<'_>) -> Option<Candidate<'g>> {
        if !holds(&self.region, chosen) {
            return None;
        }
        let part_of_city = self.city.is_some_and(|city| {
            distance_km(
                LonLat::new(city.place.lon, city.place.lat),
                LonLat::new(chosen.place.lon, chosen.place.lat),
            ) < CITY_PART_KM
        });
        (!part_of_city).then_some(self.region)
    }
}

impl<'g> Regions<'g> {
    /// From the names found: (first token, tokens, their readings best first, whether found by
    /// name rather than as a demonym).
    pub fn new<'c>(
        tokens: &[Token<'_>],
        found: impl Iterator<Item = (usize, usize, &'c [Candidate<'g>], bool)>,
    ) -> Self
    where
        'g: 'c,
    {
        let by_token = found
            .filter(|(.., by_name)| *by_name)
            .filter_map(|(i, len, cands, _)| {
                // "D.C.", "Ky.", "TX": abbreviations are alternate names that qualify.
                let abbreviated = tokens[i..i + len].iter().all(Token::is_acronym)
                    || tokens.get(i + len).is_some_and(|n| {
                        n.text == "." && n.start_byte() == tokens[i + len - 1].end_byte()
                    });
                let regions: Vec<Candidate<'g>> = cands
                    .iter()
                    .filter(|c| matches!(c.place.kind, PlaceKind::Admin1 | PlaceKind::Country))
                    .filter(|c| c.name != NameKind::Alternate || abbreviated)
                    .copied()
                    .collect();
                let best = *cands.first()?;
                (!regions.is_empty()).then_some((i, Region { len, regions, best }))
            })
            .collect();
        Regions { by_token }
    }

    /// The qualifier after the `len` tokens from `i`, if one follows and holds one of `cands`:
    /// the readings inside the first of its regions (best first) that holds any.
    pub fn qualify(
        &self,
        tokens: &[Token<'_>],
        i: usize,
        len: usize,
        cands: &[Candidate<'g>],
    ) -> Option<Qualified<'g>> {
        let comma = i + len;
        if tokens.get(comma).is_none_or(|t| t.text != ",") {
            return None;
        }
        let at = comma + 1;
        let found = self.by_token.get(&at)?;
        if self.continues_list(tokens, at + found.len, &found.regions) {
            return None;
        }
        // A country by its own name takes a qualifier only as one of its states would.
        let country = cands.first().is_some_and(|c| {
            c.place.kind == PlaceKind::Country
                && matches!(c.name, NameKind::Primary | NameKind::Variant)
        });
        found.regions.iter().find_map(|region| {
            let inside: Vec<Candidate<'g>> = cands
                .iter()
                .filter(|c| holds(region, c))
                .filter(|c| !country || c.place.kind == PlaceKind::Admin1)
                .copied()
                .collect();
            (!inside.is_empty()).then(|| Qualified {
                inside,
                region_token: at,
                region: *region,
                city: Some(found.best).filter(|b| b.place.kind == PlaceKind::City),
            })
        })
    }

    /// True when, at token `end` (just after a region), the list goes on with a region of the
    /// same kind: ", California", "and California", ", and California" (not ", Richmond,
    /// Virginia": a town first).
    fn continues_list(&self, tokens: &[Token<'_>], end: usize, regions: &[Candidate<'g>]) -> bool {
        let mut k = end;
        if tokens.get(k).is_some_and(|t| t.text == ",") {
            k += 1;
        }
        if tokens
            .get(k)
            .is_some_and(|t| t.text == "and" || t.text == "or")
        {
            k += 1;
        }
        // The next name must read first as a region itself: in "Cordova, Tennessee, Richmond,
        // Virginia" the list is of towns, and Richmond a town before it is anything else.
        k > end
            && self.by_token.get(&k).is_some_and(|next| {
                matches!(next.best.place.kind, PlaceKind::Admin1 | PlaceKind::Country)
                    && next
                        .regions
                        .iter()
                        .any(|n| regions.iter().any(|r| r.place.kind == n.place.kind))
            })
    }
}

/// True when `region` (a state or a country) holds `c`, a place that is not a country.
fn holds(region: &Candidate<'_>, c: &Candidate<'_>) -> bool {
    c.place.kind != PlaceKind::Country
        && c.place.index != region.place.index
        && c.place.country == region.place.country
        && (region.place.kind == PlaceKind::Country || c.place.admin1 == Some(region.place.index))
}
