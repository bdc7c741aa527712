//! Resolving a scenario's place names against the gazetteer, each distinct name once. Venues
//! defined in `[[place]]` come first; `geo:` URIs and qualified names ("Astana, Kazakhstan") work
//! as in `diplomap resolve`.
//!
//! Unknown names are errors with suggestions. Typos matched by the fuzzy search and ambiguous
//! names are warnings (errors with `strict`), each naming the place chosen, so nothing is guessed
//! silently. Summit `hosts`, `members` and `absent` must resolve to countries; meeting
//! `participants` that name countries are resolved too, and people are left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::gazetteer::custom::{CustomPlace, CustomPlaces};
use crate::gazetteer::resolve::{
    MatchKind, Place, Resolution, ResolvedKind, Resolver, AMBIGUITY_MARGIN,
};
use crate::gazetteer::{CountryCode, Gazetteer};
use crate::geodesy::great_circle::distance_km;
use crate::geodesy::LonLat;

use super::diagnostic::{Diagnostic, Diagnostics};
use super::{Detail, Event, PlaceRef, Scenario};

/// A resolved place.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The gazetteer's (or the scenario's) name for it.
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: Option<CountryCode>,
    pub kind: ResolvedKind,
    /// Degrees east, WGS 84.
    pub lon: f64,
    /// Degrees north, WGS 84.
    pub lat: f64,
    /// For an area (a sea, a region, a disputed area…) its outline, and for a group of
    /// countries (EU, BRICS) its members; shared, so a million rows at the Red Sea hold one copy.
    pub area: Option<Arc<Area>>,
}

impl Resolved {
    /// A place with no outline and no members.
    pub fn at(
        name: String,
        country: Option<CountryCode>,
        kind: ResolvedKind,
        lon: f64,
        lat: f64,
    ) -> Self {
        Self {
            name,
            country,
            kind,
            lon,
            lat,
            area: None,
        }
    }

    /// Its outline, when it is an area the gazetteer has one for.
    pub fn outline(&self) -> Option<&geo::MultiPolygon<f64>> {
        self.area.as_ref()?.outline.as_ref()
    }

    /// The countries it stands for: itself for a country, its members for a group.
    pub fn countries(&self) -> Vec<&Resolved> {
        match (&self.area, self.kind) {
            (Some(a), ResolvedKind::Group) => a.members.iter().collect(),
            _ if self.kind == ResolvedKind::Country => vec![self],
            _ => Vec::new(),
        }
    }
}

/// What an area or a group brings besides its point.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// Degrees, WGS 84, exterior rings counter-clockwise.
    pub outline: Option<geo::MultiPolygon<f64>>,
    /// A group's member countries, each resolved.
    pub members: Vec<Resolved>,
}

/// Every place name of a set of scenarios, resolved.
#[derive(Debug, Clone, Default)]
pub struct Places {
    by_name: BTreeMap<String, Resolved>,
    /// Participants that named a country.
    participant_countries: BTreeMap<String, Resolved>,
}

impl Places {
    /// The resolution of a name as written (or the position given with it).
    pub fn get<'a>(&'a self, place: &'a PlaceRef) -> Option<&'a Resolved> {
        match &place.at {
            Some(at) => Some(at),
            None => self.by_name.get(&place.name),
        }
    }

    /// The country a participant names, if it names one.
    pub fn participant_country<'a>(&'a self, participant: &'a PlaceRef) -> Option<&'a Resolved> {
        match &participant.at {
            Some(at) => Some(at),
            None => self.participant_countries.get(&participant.name),
        }
    }
}

/// Resolve every place of `scenarios`. Returns the places and the warnings, or every error.
pub fn resolve(
    scenarios: &[Scenario],
    gazetteer: &Gazetteer,
    strict: bool,
) -> Result<(Places, Vec<Diagnostic>), Diagnostics> {
    let mut errors = Diagnostics::default();
    let mut resolver = PlaceResolver::new(scenarios, gazetteer, strict, &mut errors);
    for e in scenarios.iter().flat_map(|s| &s.events) {
        resolver.event(e, &mut errors);
    }
    errors.into_result()?;
    Ok((resolver.places, resolver.warnings))
}

/// Resolves the places of events one event at a time, each distinct name once however many
/// events name it: the scenarios' events, then the rows of event tables as they stream past.
pub struct PlaceResolver<'g> {
    resolver: Resolver<'g>,
    gazetteer: &'g Gazetteer,
    strict: bool,
    /// Every name resolved so far.
    pub places: Places,
    /// Fuzzy and ambiguous matches (with `strict`, these are errors instead).
    pub warnings: Vec<Diagnostic>,
    /// Names that did not resolve (reported once, at their first use).
    failed: BTreeSet<String>,
}

impl<'g> PlaceResolver<'g> {
    /// A resolver that knows the scenarios' `[[place]]` venues; a venue with an unknown country
    /// code is reported to `errors`.
    pub fn new(
        scenarios: &[Scenario],
        gazetteer: &'g Gazetteer,
        strict: bool,
        errors: &mut Diagnostics,
    ) -> Self {
        let mut custom = CustomPlaces::new();
        for def in scenarios.iter().flat_map(|s| &s.places) {
            let country = def.country.as_deref().and_then(CountryCode::from_upper);
            if let Some(code) = &def.country {
                if !country.is_some_and(|c| gazetteer.has_country(c)) {
                    errors.push(&def.origin, format!("unknown country code '{code}' for place '{}'; hint: an ISO 3166-1 alpha-2 code such as RU", def.name));
                }
            }
            custom.add(CustomPlace {
                name: def.name.clone(),
                lon: def.lon,
                lat: def.lat,
                country,
                aliases: def.aliases.clone(),
            });
        }
        Self {
            resolver: Resolver::new(gazetteer).with_custom(custom),
            gazetteer,
            strict,
            places: Places::default(),
            warnings: Vec::new(),
            failed: BTreeSet::new(),
        }
    }

    /// Resolve every place of one event; false when one of them did not resolve (reported to
    /// `errors` the first time the name is met) or is not the country its field asks for.
    pub fn event(&mut self, e: &Event, errors: &mut Diagnostics) -> bool {
        let mut ok = true;
        if let Some(p) = &e.place {
            ok &= self.one(p, None, errors);
        }
        match &e.detail {
            Detail::Meeting { from, participants } => {
                for p in from {
                    ok &= self.one(p, None, errors);
                }
                for p in participants {
                    self.participant(p);
                }
            }
            Detail::Strike { from, .. } => {
                if let Some(p) = from {
                    ok &= self.one(p, None, errors);
                }
            }
            Detail::Summit {
                hosts,
                members,
                absent,
                ..
            } => {
                for (field, list) in [("hosts", hosts), ("members", members), ("absent", absent)] {
                    for p in list {
                        ok &= self.one(p, Some(field), errors);
                    }
                }
            }
            Detail::Corridor { from, to, via, .. } => {
                for p in std::iter::once(from).chain(via).chain(std::iter::once(to)) {
                    ok &= self.one(p, None, errors);
                }
            }
        }
        ok
    }

    fn one(
        &mut self,
        p: &PlaceRef,
        must_be_country: Option<&str>,
        errors: &mut Diagnostics,
    ) -> bool {
        if let Some(at) = &p.at {
            if let Some(field) = must_be_country {
                errors.push(&p.origin, not_a_country(p, at, field));
                return false;
            }
            return true;
        }
        if let Some(r) = self.places.by_name.get(&p.name) {
            if let Some(field) = must_be_country {
                if r.countries().is_empty() {
                    errors.push(&p.origin, not_a_country(p, r, field));
                    return false;
                }
            }
            return true;
        }
        if self.failed.contains(&p.name) {
            return false;
        }
        let strict = self.strict;
        match self.resolver.resolve_to_draw(&p.name) {
            Ok(res) => {
                let place = self.resolved(&res.place);
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
                            describe(&Resolved::at(
                                a.name.to_string(),
                                a.country,
                                a.kind,
                                a.lon,
                                a.lat,
                            ))
                        })
                        .collect();
                    problem = Some(format!(
                        "'{}' is ambiguous; {} {chosen}, also {}; hint: qualify it, such as '{}, {}'",
                        p.name,
                        if strict { "best is" } else { "using" },
                        others.join(", "),
                        p.name,
                        place.country.as_ref().map_or("XX", |c| c.as_str()),
                    ));
                }
                let mut ok = true;
                if let Some(message) = problem {
                    let d = Diagnostic {
                        origin: p.origin.clone(),
                        message,
                    };
                    if strict {
                        errors.0.push(d);
                        ok = false;
                    } else {
                        self.warnings.push(d);
                    }
                }
                if let Some(field) = must_be_country {
                    if place.countries().is_empty() {
                        errors.push(&p.origin, not_a_country(p, &place, field));
                        ok = false;
                    }
                }
                self.places.by_name.insert(p.name.clone(), place);
                ok
            }
            Err(e) => {
                let hint = if e.suggestions().is_empty() {
                    "; hint: check the spelling, qualify the name (\"Paris, TX\"), or define the place in [[place]]"
                } else {
                    ""
                };
                errors.push(&p.origin, format!("{e}{hint}"));
                self.failed.insert(p.name.clone());
                false
            }
        }
    }

    /// Give every place of an event (already [`PlaceResolver::event`]-resolved) its resolution,
    /// and every participant that names a country that country, so the event can be drawn
    /// with no [`Places`] at hand (on another thread, while this one resolves the next rows).
    pub fn materialise(&self, e: &mut Event) {
        let places = &self.places;
        e.for_each_place_mut(|p, participant| {
            if p.at.is_none() {
                let from = if participant {
                    &places.participant_countries
                } else {
                    &places.by_name
                };
                p.at = from.get(&p.name).cloned().map(Box::new);
            }
        });
    }

    /// A gazetteer answer as a [`Resolved`], with its outline or its members.
    fn resolved(&self, place: &Place<'_>) -> Resolved {
        let mut r = Resolved::at(
            place.name.to_string(),
            place.country,
            place.kind,
            place.lon,
            place.lat,
        );
        let Some(index) = place.index else { return r };
        let store = self.gazetteer.store();
        let outline = store.outline(index);
        let members: Vec<Resolved> = if place.kind == ResolvedKind::Group {
            store
                .members(index)
                .into_iter()
                .filter_map(|code| {
                    let c = store.place(self.gazetteer.country(code)?)?;
                    Some(Resolved::at(
                        c.name.to_string(),
                        Some(code),
                        ResolvedKind::Country,
                        c.lon,
                        c.lat,
                    ))
                })
                .collect()
        } else {
            Vec::new()
        };
        if outline.is_some() || !members.is_empty() {
            r.area = Some(Arc::new(Area { outline, members }));
        }
        r
    }

    /// A meeting participant: a country (or a group of countries) named by its name or code;
    /// anything else is a person.
    fn participant(&mut self, p: &PlaceRef) {
        if self.places.participant_countries.contains_key(&p.name) {
            return;
        }
        if let Ok(res) = self.resolver.resolve(&p.name) {
            let exact = matches!(res.matched, MatchKind::Exact | MatchKind::Alternate);
            let countries = matches!(res.place.kind, ResolvedKind::Country | ResolvedKind::Group);
            if exact && countries {
                let place = self.resolved(&res.place);
                self.places
                    .participant_countries
                    .insert(p.name.clone(), place);
            }
        }
    }
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
    crate::gazetteer::answer::label(&r.name, r.country, r.kind).to_string()
}

fn not_a_country(p: &PlaceRef, r: &Resolved, field: &str) -> String {
    format!(
        "'{}' in '{field}' is {} {}, not a country; hint: summit hosts, members and absent name countries or groups of countries, such as \"Kazakhstan\", \"KZ\" or \"EU\"",
        p.name,
        if matches!(r.kind, ResolvedKind::Admin1) { "the state/province" } else { "the place" },
        describe(r),
    )
}
