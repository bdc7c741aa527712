//! Place mentions in article text: every span the gazetteer knows as a city, country or state
//! (the longest first: "New Delhi", "Kryvyi Rih"), and every demonym ("Russian missiles" →
//! Russia), each resolved to one place.
//!
//! A capitalised word is not always a place: [`super::accept`] says when a span reads as one.
//!
//! Among the places a span can mean, the gazetteer's ranking decides, moved by the story
//! ([`super::context`]): its countries, its states, its dateline and its places read without
//! doubt, so a story about India and Russia puts "Hyderabad" in India, one about Atlanta puts
//! "Georgia" in the US and one about Enfield puts "Edmonton" in London.

// foldhash: the hashing of token indices and names is most of the work on a long article.
use crate::gazetteer::CountryCode;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::rc::Rc;
use std::sync::Arc;

use super::accept::{accept, county_after, has_context, opens_dateline, preposition_before, span};
use super::coherence::{self, Reading};
pub use super::context::Reason;
use super::context::{choose, confidence, surface_key, Anchor, Story};
use super::cues::{self, Level};
use super::interned::Names;
pub use super::interned::{FoundBy, MentionPlace};
use super::lexicon;
pub use super::lookup::country_candidates;
use super::lookup::{candidates, strong_city};
pub use super::people::{country_named, people, People};
use super::qualify::Regions;
use super::text::{Text, Token, TokenKind};
use crate::gazetteer::model::{NameKind, PlaceKind};
use crate::gazetteer::rank::Candidate;
use crate::gazetteer::Gazetteer;

/// Longest place name tried, in words.
const MAX_WORDS: usize = 5;
/// One place mention.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// As written (shared by every mention written alike).
    pub text: Arc<str>,
    /// Character offsets in the article, end exclusive.
    pub start: usize,
    pub end: usize,
    /// First token and number of tokens.
    pub token: usize,
    pub tokens: usize,
    pub sentence: usize,
    pub via: FoundBy,
    pub place: MentionPlace,
    /// 0 to 1: how sure the reading is.
    pub confidence: f64,
    /// Why this reading won over the name's others.
    pub reason: Reason,
}

/// Find every place mention.
pub fn find(text: &Text<'_>, gazetteer: &Gazetteer, people: &People) -> Vec<Mention> {
    // Each mention's readings. A name repeated a thousand times shares one list: the lists
    // kept for a surface differ only by the filter `accept` applied, which their length tells.
    // Vectors of a long article are sized once, not grown: each doubling leaves the old buffer
    // to the allocator, which would hold as much again as the mentions themselves.
    let mut found: Vec<(usize, usize, FoundBy, Rc<[Candidate<'_>]>)> = Vec::with_capacity(
        text.tokens
            .iter()
            .filter(|t| t.is_capitalised() || t.is_acronym())
            .count(),
    );
    let mut looked_up: HashMap<(&str, bool, bool), Vec<Candidate<'_>>> = HashMap::new();
    let names = Names::default();
    let mut kept_lists: HashMap<(&str, usize), Rc<[Candidate<'_>]>> = HashMap::new();
    let tokens = &text.tokens;
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if !(t.is_capitalised() || t.is_acronym()) || people.tokens.contains(&i) {
            i += 1;
            continue;
        }
        let mut taken = 0;
        for len in (1..=MAX_WORDS).rev() {
            let Some(span) = span(tokens, i, len) else {
                continue;
            };
            let surface = &text.text[span[0].start_byte()..span[len - 1].end_byte()];
            if let Some(d) = lexicon::demonym(surface) {
                let cands = country_candidates(gazetteer, d);
                if !cands.is_empty() {
                    found.push((i, len, FoundBy::Demonym, cands.into()));
                    taken = len;
                    break;
                }
            }
            // "Calif." or "Ind.": the abbreviation as written, with its stop, before the word.
            let stop = tokens
                .get(i + len)
                .filter(|n| n.text == "." && n.start_byte() == span[len - 1].end_byte());
            // "PLYMOUTH CO." or "Plymouth Co.": a county as news English shortens it.
            let county = county_after(tokens, i + len);
            let cands = looked_up
                .entry((surface, stop.is_some(), county))
                .or_insert_with(|| {
                    let dotted = stop.and_then(|n| {
                        let written = &text.text[span[0].start_byte()..n.end_byte()];
                        crate::gazetteer::normalize::stops_key(written)
                    });
                    let counties = county
                        .then(|| candidates(gazetteer, &format!("{surface} County")))
                        .filter(|c| !c.is_empty());
                    counties
                        .or_else(|| {
                            dotted
                                .map(|key| super::lookup::candidates_by_key(gazetteer, &key))
                                .filter(|c| !c.is_empty())
                        })
                        .unwrap_or_else(|| candidates(gazetteer, surface))
                });
            if cands.is_empty() {
                continue;
            }
            if let Some(kept) = accept(text, gazetteer, people, i, len, surface, cands) {
                let kept = kept_lists
                    .entry((surface, kept.len()))
                    .or_insert_with(|| kept.into())
                    .clone();
                found.push((i, len, FoundBy::Name, kept));
                taken = len;
                break;
            }
        }
        i += taken.max(1);
    }

    // The story's countries: those of every mention's best reading, each with the surfaces
    // that support it (a name does not support its own reading).
    let story_countries = tally(found.iter().filter_map(|(i, len, _, c)| {
        let best = c.first()?;
        let surface = &text.text[tokens[*i].start_byte()..tokens[i + len - 1].end_byte()];
        Some((
            surface,
            best.place.country?,
            best.place.kind == PlaceKind::Country,
        ))
    }));
    // "Paris, Texas": a place right after a comma qualifies the one before.
    let regions = Regions::new(
        tokens,
        found
            .iter()
            .map(|(i, len, via, c)| (*i, *len, &c[..], *via == FoundBy::Name)),
    );
    // The dateline: a name in capitals opening the article (its first sentence, or the one
    // after the headline).
    let dateline = found.iter().find_map(|(i, len, via, _)| {
        (*via == FoundBy::Name
            && tokens[*i].sentence() <= 1
            && tokens[*i..i + len].iter().all(Token::is_acronym)
            && opens_dateline(text, *i, *len))
        .then_some(*i)
    });
    // Each mention's reading, with its margin over the next (the places read without doubt
    // become `anchors`).
    let pick = |story_countries: &HashMap<CountryCode, Support>,
                states: &HashSet<u32>,
                held: &HashMap<u32, Vec<Anchor>>,
                anchors: &[Anchor]|
     -> Vec<Reading<'_, '_>> {
        let mut picked = Vec::with_capacity(found.len());
        // Regions a qualifier settled, by their first token: "New York" after "Buffalo, ".
        let mut settled: HashMap<usize, Candidate<'_>> = HashMap::new();
        for (i, len, via, cands) in &found {
            let (i, len, via) = (*i, *len, *via);
            let span = &tokens[i..i + len];
            let surface = &text.text[span[0].start_byte()..span[len - 1].end_byte()];
            let lower = surface.to_lowercase();
            let key = surface_key(&lower);
            let reading = |chosen, margin, reason| Reading {
                token: i,
                tokens: len,
                via,
                surface,
                key,
                cands,
                chosen,
                margin,
                reason,
            };
            if let Some(region) = settled.get(&i) {
                picked.push(reading(*region, f64::INFINITY, Reason::Qualifier));
                continue;
            }
            let qualified = regions.qualify(tokens, i, len, cands);
            let mut narrowed: &[Candidate<'_>] =
                qualified.as_ref().map_or(&cands[..], |q| &q.inside[..]);
            let mut fixed = qualified.as_ref().map(|_| Reason::Qualifier);
            // "the state of Washington", "the city of Turkey".
            let cued: Vec<Candidate<'_>> = match cues::level(tokens, i, len) {
                Some(level) => narrowed
                    .iter()
                    .filter(|c| match level {
                        Level::State => c.place.kind == PlaceKind::Admin1,
                        Level::Government => {
                            matches!(c.place.kind, PlaceKind::Admin1 | PlaceKind::Country)
                        }
                        // A town's alternate names include old and foreign ones ("Turkey"
                        // for New Providence, New Jersey), which a cue does not bring back
                        // outside the country the name first reads in (Al Karak, seat of
                        // Jordan's Karak governorate, is "the town of Karak").
                        Level::Town => {
                            c.place.kind == PlaceKind::City
                                && (matches!(c.name, NameKind::Primary | NameKind::Variant)
                                    || c.place.country == narrowed[0].place.country)
                        }
                    })
                    .copied()
                    .collect(),
                None => Vec::new(),
            };
            if !cued.is_empty() && cued.len() < narrowed.len() {
                narrowed = &cued;
                fixed = fixed.or(Some(Reason::Cue));
            }
            // How many other surfaces read as places of a country (only its cities and
            // states, with `places_only`): counted once per country, less this surface.
            let support = |cc: CountryCode, places_only: bool| {
                story_support(story_countries, &lower, cc, places_only)
            };
            let story = Story {
                support,
                states,
                held,
                anchors,
            };
            let Some((c, margin, reason)) = choose(narrowed, &story, surface_key(surface), fixed)
            else {
                continue;
            };
            if let Some(q) = &qualified {
                if let Some(region) = q.region_for(&c) {
                    settled.insert(q.region_token, region);
                }
            }
            let r = reading(c, margin, reason);
            picked.push(r);
        }
        picked
    };
    // Twice: the states the first reading names draw their towns ("Augusta" in a story about
    // Georgia), and the places it reads without doubt draw the readings of the others near
    // them.
    let first = pick(&story_countries, &HashSet::new(), &HashMap::new(), &[]);
    let states: HashSet<u32> = first
        .iter()
        .filter(|r| r.chosen.place.kind == PlaceKind::Admin1)
        .map(|r| r.chosen.place.index)
        .collect();
    let anchors = anchors(&first, dateline);
    let held = held(&first);
    let mut readings = if states.is_empty() && anchors.is_empty() {
        first
    } else {
        // The story's countries as the first reading has them: "LONDON, Ky." supports the US,
        // not the country of the London a name alone would be.
        let countries = tally(first.iter().filter_map(|r| {
            Some((
                r.surface,
                r.chosen.place.country?,
                r.chosen.place.kind == PlaceKind::Country,
            ))
        }));
        drop(first);
        pick(&countries, &states, &held, &anchors)
    };
    coherence::lists(&mut readings, tokens);
    coherence::one_reading_per_story(&mut readings);
    // A given name seen before a surname ("Georgia Stevens") is the person again alone ("Georgia
    // began skating", "from Georgia's hard work"), unless "in", "at" or the like comes before it
    // (not before a possessive: that is still the person's) or the story's other
    // places lie in the country it reads in ("Israel Katz said … Israel will respond", beside
    // Tel Aviv).
    if !people.given.is_empty() {
        let countries = tally(readings.iter().filter_map(|r| {
            Some((
                r.surface,
                r.chosen.place.country?,
                r.chosen.place.kind == PlaceKind::Country,
            ))
        }));
        readings.retain(|r| {
            !people.given.contains(r.surface)
                || place_before(text, r.token, r.tokens)
                || r.chosen.place.country.is_some_and(|cc| {
                    story_support(&countries, &r.surface.to_lowercase(), cc, true) > 0
                })
        });
    }
    let mut out: Vec<Mention> = readings
        .iter()
        .map(|r| {
            let span = &tokens[r.token..r.token + r.tokens];
            Mention {
                text: names.text(r.surface),
                start: span[0].start(),
                end: span[r.tokens - 1].end(),
                token: r.token,
                tokens: r.tokens,
                sentence: span[0].sentence(),
                via: r.via,
                confidence: confidence(
                    &r.chosen,
                    r.via,
                    r.margin,
                    has_context(text, r.token, r.tokens),
                ),
                place: names.resolved(&r.chosen),
                reason: r.reason,
            }
        })
        .collect();
    drop(readings);
    let hyphenated = parts(text, gazetteer, &names);
    out.reserve_exact(hyphenated.len());
    out.extend(hyphenated);
    out.sort_by_key(|m| (m.start, m.end));
    out.dedup_by_key(|m| (m.start, m.end));
    out
}

/// The surfaces that read as places of one country, each kept with whether it names the
/// country itself.
#[derive(Default)]
struct Support {
    /// Each surface read in the country: as one of its places, as the country itself.
    surfaces: HashMap<String, [bool; 2]>,
    /// Readings in all, and those as places (not the country itself).
    all: usize,
    places: usize,
}

/// The story's countries from its readings (surface, country, whether it is the country
/// itself): each with the surfaces that support it, a surface counted once whatever its case.
fn tally<'a>(
    readings: impl Iterator<Item = (&'a str, CountryCode, bool)>,
) -> HashMap<CountryCode, Support> {
    let mut out: HashMap<CountryCode, Support> = HashMap::new();
    for (surface, cc, country) in readings {
        let entry = out.entry(cc).or_default();
        let seen = entry.surfaces.entry(surface.to_lowercase()).or_default();
        if !seen[usize::from(country)] {
            seen[usize::from(country)] = true;
            entry.all += 1;
            entry.places += usize::from(!country);
        }
    }
    out
}

/// How many surfaces other than `lower` (a surface in lower case) read as places of `cc` (only
/// its cities and states, with `places_only`), each counted once.
fn story_support(
    story: &HashMap<CountryCode, Support>,
    lower: &str,
    cc: CountryCode,
    places_only: bool,
) -> usize {
    story.get(&cc).map_or(0, |s| {
        let own = s.surfaces.get(lower).copied().unwrap_or_default();
        if places_only {
            s.places - usize::from(own[0])
        } else {
            s.all - usize::from(own[0]) - usize::from(own[1])
        }
    })
}

/// The places a first reading found without doubt — cities and counties by name, clear of
/// their next reading by a full point of score, or written in the dateline — as anchors.
/// True when a preposition that can only be of place ("in", "at", "near") comes before the
/// span, and no possessive follows it: "in Georgia", not "to Georgia's credit".
fn place_before(text: &Text<'_>, i: usize, len: usize) -> bool {
    const PLACE_ONLY: &[&str] = &[
        "in", "at", "near", "across", "inside", "outside", "into", "through", "via", "visited",
        "visiting",
    ];
    let possessive = text
        .tokens
        .get(i + len)
        .is_some_and(|n| n.text == "'s" || n.text == "’s");
    !possessive && preposition_before(text, i).is_some_and(|p| PLACE_ONLY.contains(&p))
}

/// True for a reading without doubt: a town or county found by its name, a clear margin ahead.
fn sure(r: &Reading<'_, '_>) -> bool {
    r.via == FoundBy::Name
        && matches!(r.chosen.place.kind, PlaceKind::City | PlaceKind::County)
        && r.margin >= 1.0
}

/// The story's sure towns and counties by the admin-1 unit (place index) that holds them: a
/// name that is both a state and its chief town reads as the state when the story's other
/// places lie across it ("Quebec" beside Montreal).
fn held(first: &[Reading<'_, '_>]) -> HashMap<u32, Vec<Anchor>> {
    let mut out: HashMap<u32, Vec<Anchor>> = HashMap::new();
    for r in first {
        let place = &r.chosen.place;
        if let (true, Some(admin1)) = (sure(r), place.admin1) {
            out.entry(admin1).or_default().push(Anchor {
                at: crate::geodesy::LonLat::new(place.lon, place.lat),
                surface: surface_key(r.surface),
                dateline: false,
            });
        }
    }
    out
}

fn anchors(first: &[Reading<'_, '_>], dateline: Option<usize>) -> Vec<Anchor> {
    let mut out: Vec<Anchor> = Vec::new();
    let mut seen: HashSet<u32> = HashSet::new();
    for r in first {
        let is_dateline = dateline == Some(r.token);
        let place = &r.chosen.place;
        if (sure(r) || is_dateline) && seen.insert(place.index) {
            out.push(Anchor {
                at: crate::geodesy::LonLat::new(place.lon, place.lat),
                surface: surface_key(r.surface),
                dateline: is_dateline,
            });
        }
    }
    out
}

/// Countries named as parts of hyphenated words ("India-Russia trade"), by name or demonym.
fn parts(text: &Text<'_>, gazetteer: &Gazetteer, names: &Names) -> Vec<Mention> {
    let mut out = Vec::new();
    // Each part's reading, looked up once.
    let mut readings: HashMap<&str, Option<(FoundBy, Candidate<'_>)>> = HashMap::new();
    for (i, t) in text.tokens.iter().enumerate() {
        if t.kind != TokenKind::Word || !t.text.contains('-') || t.is_acronym() {
            continue;
        }
        // A hyphenated place name of its own ("Rostov-on-Don") is found whole.
        if !candidates(gazetteer, t.text).is_empty() {
            continue;
        }
        let mut at = t.start_byte();
        for part in t.text.split('-') {
            let part_start = at;
            at += part.len() + 1;
            if !part.chars().next().is_some_and(char::is_uppercase) {
                continue;
            }
            // Countries, and capitals and cities of a million ("Moscow-based").
            let reading = readings
                .entry(part)
                .or_insert_with(|| match lexicon::demonym(part) {
                    Some(d) => country_candidates(gazetteer, d)
                        .first()
                        .map(|c| (FoundBy::Demonym, *c)),
                    None => candidates(gazetteer, part)
                        .into_iter()
                        .take(1)
                        .filter(|c| c.name != NameKind::Code && c.name != NameKind::Alternate)
                        .find(|c| c.place.kind == PlaceKind::Country || strong_city(c))
                        .map(|c| (FoundBy::Name, c)),
                });
            let Some((via, best)) = *reading else {
                continue;
            };
            let best = &best;
            let start = t.start() + text.text[t.start_byte()..part_start].chars().count();
            out.push(Mention {
                text: names.text(part),
                start,
                end: start + part.chars().count(),
                token: i,
                tokens: 1,
                sentence: t.sentence(),
                via,
                confidence: 0.85,
                reason: Reason::Only,
                place: names.resolved(best),
            });
        }
    }
    out
}
