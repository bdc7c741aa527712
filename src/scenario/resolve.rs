//! Resolving a scenario's place names against the gazetteer, each distinct name once. Venues
//! defined in `[[place]]` come first; `geo:` URIs and qualified names ("Astana, Kazakhstan") work
//! as in `diplomap resolve`.
//!
//! Unknown names are errors with suggestions. Typos matched by the fuzzy search and ambiguous
//! names are warnings (errors with `strict`), each naming the place chosen, so nothing is guessed
//! silently. Summit `hosts`, `members` and `absent` must resolve to countries; meeting
//! `participants` that name countries are resolved too, and people are left alone.

use std::collections::{BTreeMap, BTreeSet};

use crate::gazetteer::custom::{CustomPlace, CustomPlaces};
use crate::gazetteer::resolve::{
    MatchKind, Place, Resolution, ResolvedKind, Resolver, AMBIGUITY_MARGIN,
};
use crate::gazetteer::Gazetteer;
use crate::geodesy::great_circle::distance_km;
use crate::geodesy::LonLat;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::{Detail, PlaceRef, Scenario};

/// A resolved place.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The gazetteer's (or the scenario's) name for it.
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub kind: ResolvedKind,
    /// Degrees east, WGS 84.
    pub lon: f64,
    /// Degrees north, WGS 84.
    pub lat: f64,
}

/// Every place name of a set of scenarios, resolved.
#[derive(Debug, Clone, Default)]
pub struct Places {
    by_name: BTreeMap<String, Resolved>,
    /// Participants that named a country.
    participant_countries: BTreeMap<String, Resolved>,
}

impl Places {
    /// The resolution of a name as written.
    pub fn get(&self, place: &PlaceRef) -> Option<&Resolved> {
        self.by_name.get(&place.name)
    }

    /// The country a participant names, if it names one.
    pub fn participant_country(&self, participant: &PlaceRef) -> Option<&Resolved> {
        self.participant_countries.get(&participant.name)
    }
}

/// Resolve every place of `scenarios`. Returns the places and the warnings, or every error.
pub fn resolve(
    scenarios: &[Scenario],
    gazetteer: &Gazetteer,
    strict: bool,
) -> Result<(Places, Vec<Diagnostic>), Diagnostics> {
    let mut errors = Diagnostics::default();
    let mut custom = CustomPlaces::new();
    for def in scenarios.iter().flat_map(|s| &s.places) {
        if let Some(code) = &def.country {
            let known = matches!(code.as_bytes(), [a, b] if gazetteer.has_country([*a, *b]));
            if !known {
                errors.push(&def.origin, format!("unknown country code '{code}' for place '{}'; hint: an ISO 3166-1 alpha-2 code such as RU", def.name));
            }
        }
        custom.add(CustomPlace {
            name: def.name.clone(),
            lon: def.lon,
            lat: def.lat,
            country: def.country.clone(),
            aliases: def.aliases.clone(),
        });
    }
    let resolver = Resolver::new(gazetteer).with_custom(custom);
    let mut places = Places::default();
    let mut warnings = Vec::new();
    let mut failed: BTreeSet<String> = BTreeSet::new();

    let mut resolve_one = |p: &PlaceRef,
                           must_be_country: Option<&str>,
                           errors: &mut Diagnostics| {
        if let Some(r) = places.by_name.get(&p.name) {
            if let Some(field) = must_be_country {
                if r.kind != ResolvedKind::Country {
                    errors.push(&p.origin, not_a_country(p, r, field));
                }
            }
            return;
        }
        if failed.contains(&p.name) {
            return;
        }
        match resolver.resolve(&p.name) {
            Ok(res) => {
                let place = Resolved {
                    name: res.place.name.to_string(),
                    country: res.place.country.map(|c| c.as_str().to_string()),
                    kind: res.place.kind,
                    lon: res.place.lon,
                    lat: res.place.lat,
                };
                let chosen = describe(&place);
                let mut problem = None;
                if res.matched == MatchKind::Fuzzy {
                    problem = Some(format!(
                        "'{}' is not a known name; {} {chosen}, {} edit{} away; hint: fix the spelling{}",
                        p.name,
                        if strict { "closest is" } else { "using" },
                        res.edits,
                        if res.edits == 1 { "" } else { "s" },
                        if strict { "" } else { ", or pass --strict to make this an error" },
                    ));
                } else if let Some(rivals) = far_rivals(&res) {
                    let others: Vec<String> = rivals
                        .into_iter()
                        .take(3)
                        .map(|a| {
                            describe(&Resolved {
                                name: a.name.to_string(),
                                country: a.country.map(|c| c.as_str().to_string()),
                                kind: a.kind,
                                lon: a.lon,
                                lat: a.lat,
                            })
                        })
                        .collect();
                    problem = Some(format!(
                        "'{}' is ambiguous; {} {chosen}, also {}; hint: qualify it, such as '{}, {}'",
                        p.name,
                        if strict { "best is" } else { "using" },
                        others.join(", "),
                        p.name,
                        place.country.as_deref().unwrap_or("XX"),
                    ));
                }
                if let Some(message) = problem {
                    let d = Diagnostic {
                        origin: p.origin.clone(),
                        message,
                    };
                    if strict {
                        errors.0.push(d);
                    } else {
                        warnings.push(d);
                    }
                }
                if let Some(field) = must_be_country {
                    if place.kind != ResolvedKind::Country {
                        errors.push(&p.origin, not_a_country(p, &place, field));
                    }
                }
                places.by_name.insert(p.name.clone(), place);
            }
            Err(e) => {
                let hint = if e.suggestions().is_empty() {
                    "; hint: check the spelling, qualify the name (\"Paris, TX\"), or define the place in [[place]]"
                } else {
                    ""
                };
                errors.push(&p.origin, format!("{e}{hint}"));
                failed.insert(p.name.clone());
            }
        }
    };

    for s in scenarios {
        for e in &s.events {
            if let Some(p) = &e.place {
                resolve_one(p, None, &mut errors);
            }
            match &e.detail {
                Detail::Meeting { from, .. } => {
                    from.iter().for_each(|p| resolve_one(p, None, &mut errors))
                }
                Detail::Strike { from, .. } => {
                    from.iter().for_each(|p| resolve_one(p, None, &mut errors))
                }
                Detail::Summit {
                    hosts,
                    members,
                    absent,
                    ..
                } => {
                    for (field, list) in
                        [("hosts", hosts), ("members", members), ("absent", absent)]
                    {
                        list.iter()
                            .for_each(|p| resolve_one(p, Some(field), &mut errors));
                    }
                }
                Detail::Corridor { from, to, via, .. } => std::iter::once(from)
                    .chain(via)
                    .chain(std::iter::once(to))
                    .for_each(|p| resolve_one(p, None, &mut errors)),
            }
        }
    }
    // Participants: countries named by their name or code; anything else is a person.
    for s in scenarios {
        for e in &s.events {
            if let Detail::Meeting { participants, .. } = &e.detail {
                for p in participants {
                    if places.participant_countries.contains_key(&p.name) {
                        continue;
                    }
                    if let Ok(res) = resolver.resolve(&p.name) {
                        let exact = matches!(res.matched, MatchKind::Exact | MatchKind::Alternate);
                        if exact && res.place.kind == ResolvedKind::Country {
                            places.participant_countries.insert(
                                p.name.clone(),
                                Resolved {
                                    name: res.place.name.to_string(),
                                    country: res.place.country.map(|c| c.as_str().to_string()),
                                    kind: res.place.kind,
                                    lon: res.place.lon,
                                    lat: res.place.lat,
                                },
                            );
                        }
                    }
                }
            }
        }
    }
    errors.into_result()?;
    Ok((places, warnings))
}

/// Alternatives that score as well as the answer and lie elsewhere (more than [`NEAR_KM`] away,
/// and not a same-named state of the same country): New Delhi beside Delhi is not an ambiguity
/// worth a warning; Paris, TX is.
fn far_rivals<'a>(res: &'a Resolution<'_>) -> Option<Vec<&'a Place<'a>>> {
    if !res.ambiguous {
        return None;
    }
    let here = LonLat::new(res.place.lon, res.place.lat);
    let rivals: Vec<_> = res
        .alternatives
        .iter()
        .filter(|a| res.place.score - a.score < AMBIGUITY_MARGIN)
        .filter(|a| distance_km(here, LonLat::new(a.lon, a.lat)) > NEAR_KM)
        // A state named like the city chosen in it (Odessa, the oblast) is that city's region.
        .filter(|a| !(a.kind == ResolvedKind::Admin1 && a.country == res.place.country))
        .collect();
    (!rivals.is_empty()).then_some(rivals)
}

/// Candidates closer than this to the answer are the same place for a map's purposes, in km.
pub const NEAR_KM: f64 = 50.0;

fn describe(r: &Resolved) -> String {
    match (&r.country, r.kind) {
        (Some(c), ResolvedKind::City | ResolvedKind::Custom) => format!("'{}' ({c})", r.name),
        (Some(c), kind) => format!("'{}' ({c}, {})", r.name, kind.as_str()),
        (None, ResolvedKind::City) => format!("'{}'", r.name),
        (None, kind) => format!("'{}' ({})", r.name, kind.as_str()),
    }
}

fn not_a_country(p: &PlaceRef, r: &Resolved, field: &str) -> String {
    format!(
        "'{}' in '{field}' is {} {}, not a country; hint: summit hosts, members and absent name countries, such as \"Kazakhstan\" or \"KZ\"",
        p.name,
        if matches!(r.kind, ResolvedKind::Admin1) { "the state/province" } else { "the place" },
        describe(r),
    )
}
