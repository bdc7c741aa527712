//! Events drafted from sentences: a trigger word names the kind (met, talks, visit → meeting;
//! missile, drone, strike, shelling, attack → strike; summit, or an organisation's leaders
//! gathering → summit; corridor, route, shipping lane → corridor), and the places mentioned
//! around it give the place.
//!
//! - A trigger's place is the first place named after it, right after it or after a
//!   preposition of place ("met Putin in Moscow", "struck Ukraine"), within ten words and
//!   before the next trigger; else the last one before it. A country is narrowed to a city of
//!   that country named later in the sentence ("struck Ukraine … a hospital in Kyiv").
//! - A strike's actor is a country or demonym just before it ("Russian missiles"); a summit's
//!   organisation is the acronym near it; its `absent` is the country of whoever "did not
//!   attend"; a meeting's participants are the countries of the people named and of the place.
//! - A corridor runs "between X and Y" or "from X to Y"; maritime words make it a sea route.
//! - The date is the one nearest the trigger in its sentence.
//!
//! Events of one kind at one place are merged; one at a country is dropped when another of its
//! kind is at a city of that country. An event with no place is not drafted.

use crate::gazetteer::CountryCode;
use chrono::NaiveDate;

use super::dates::{self, DateHit};
use super::lexicon;
use super::mentions::{FoundBy, Mention, People};
use super::text::{Text, Token};
use crate::gazetteer::model::PlaceKind;
use crate::scenario::EventKind;

/// Words a place may follow: within this many tokens of its trigger.
const REACH: usize = 10;

/// A drafted event.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftEvent {
    pub kind: EventKind,
    /// Index into the mentions: the place (meetings, strikes, summits).
    pub place: Option<usize>,
    /// Corridor ends, as mention indices.
    pub from: Option<usize>,
    pub to: Option<usize>,
    /// Corridor mode: "sea" or "air".
    pub mode: Option<&'static str>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub organization: Option<&'static str>,
    pub absent: Vec<CountryCode>,
    pub participants: Vec<CountryCode>,
    pub actor: Option<CountryCode>,
    pub weapon: Option<&'static str>,
    /// The sentence it came from (index) and its text.
    pub sentence: usize,
    /// The sentence, shared by the events drafted from it.
    pub evidence: std::sync::Arc<str>,
    /// A relative date in its sentence that needs the publication date.
    pub undated_hint: Option<String>,
}

fn trigger(tokens: &[Token<'_>], k: usize) -> Option<EventKind> {
    let t = &tokens[k];
    // "the summit's statement" refers to an event, it does not report one.
    if tokens
        .get(k + 1)
        .is_some_and(|n| matches!(n.text, "'s" | "’s"))
    {
        return None;
    }
    let w = t.text.to_lowercase();
    let org_before =
        (k.saturating_sub(3)..k).any(|p| lexicon::organisation(tokens[p].text).is_some());
    match w.as_str() {
        "summit" | "summits" => Some(EventKind::Summit),
        "gathering" | "gathered" | "meeting" | "met" | "meet" | "meets" | "convened"
            if org_before =>
        {
            Some(EventKind::Summit)
        }
        "met" | "meet" | "meets" | "meeting" | "talks" | "visit" | "visits" | "visited"
        | "visiting" | "hosted" | "hosting" | "arrival" | "arrived" => Some(EventKind::Meeting),
        "missile" | "missiles" | "drone" | "drones" | "strike" | "strikes" | "struck"
        | "airstrike" | "airstrikes" | "shelling" | "shelled" | "bombing" | "bombed"
        | "bombardment" | "attack" | "attacks" | "attacked" | "rocket" | "rockets" => {
            Some(EventKind::Strike)
        }
        "corridor" | "corridors" | "route" | "lane" | "lanes" => Some(EventKind::Corridor),
        _ => None,
    }
}

fn weapon(word: &str) -> Option<&'static str> {
    match word.to_lowercase().as_str() {
        "missile" | "missiles" => Some("missiles"),
        "drone" | "drones" => Some("drones"),
        "rocket" | "rockets" => Some("rockets"),
        "shelling" | "shelled" => Some("artillery"),
        _ => None,
    }
}

/// Words before the place of a strike ("strike on Kyiv", "attacks in Ukraine").
const STRIKE_AT: &[&str] = &[
    "in", "on", "at", "near", "outside", "against", "across", "over", "into", "around",
];
/// Words before the place of a meeting or summit ("talks in Moscow", "a visit to Chennai").
const MEET_AT: &[&str] = &[
    "in", "at", "to", "near", "outside", "visited", "visiting", "hosted",
];

/// Nouns after which "in X" is what an event is about, not where it is ("talks on the war in
/// Ukraine").
const TOPICS: &[&str] = &[
    "war",
    "wars",
    "conflict",
    "situation",
    "crisis",
    "fighting",
    "peace",
    "invasion",
    "security",
    "tensions",
    "violence",
    "election",
    "elections",
    "future",
    "reconstruction",
    "occupation",
    "offensive",
    "ceasefire",
    "truce",
    "aid",
    "investment",
    "investments",
];

/// Verbs whose object is the place struck ("drones hit Odesa").
const HIT: &[&str] = &[
    "hit",
    "hits",
    "hitting",
    "struck",
    "striking",
    "targeted",
    "targeting",
    "pounded",
    "pounding",
    "shelled",
    "bombed",
    "attacked",
    "attacking",
    "raided",
];

const MARITIME: &[&str] = &[
    "maritime",
    "sea",
    "shipping",
    "naval",
    "port",
    "ports",
    "ship",
    "ships",
    "vessel",
    "vessels",
    "ocean",
    "seaborne",
    "tanker",
    "tankers",
    "container",
];

/// Draft the events of a text.
pub fn draft(
    text: &Text<'_>,
    mentions: &[Mention],
    people: &People,
    published: Option<NaiveDate>,
) -> Vec<DraftEvent> {
    let mut out = Merged::new(mentions);
    for s in 0..text.sentences.len() {
        let range = text.sentences[s].tokens.clone();
        let tokens = text.sentence_tokens(s);
        // Mentions are in text order, so a sentence's are one run of them.
        let from = mentions.partition_point(|m| m.sentence < s);
        let to = mentions.partition_point(|m| m.sentence <= s);
        let here: Vec<usize> = (from..to).collect();
        // Token index within the sentence of each mention.
        let at = |m: usize| mentions[m].token - range.start;
        // (first, last, kind): "missiles struck" is one trigger.
        let triggers: Vec<(usize, usize, EventKind)> = (0..tokens.len())
            .filter_map(|k| trigger(tokens, k).map(|kind| (k, kind)))
            .fold(
                Vec::new(),
                |mut acc: Vec<(usize, usize, EventKind)>, (k, kind)| {
                    match acc.last_mut() {
                        Some(last) if last.2 == kind && last.1 + 1 == k => last.1 = k,
                        _ => acc.push((k, k, kind)),
                    }
                    acc
                },
            );
        if triggers.is_empty() {
            continue;
        }
        let (hits, unresolved) = dates::find(tokens, published);
        let evidence: std::sync::Arc<str> = text.sentence_text(s).into();
        for (n, &(first, k, kind)) in triggers.iter().enumerate() {
            let next = triggers.get(n + 1).map_or(tokens.len(), |t| t.0);
            let prev = n.checked_sub(1).map_or(0, |p| triggers[p].1 + 1);
            let mut e = DraftEvent {
                kind,
                place: None,
                from: None,
                to: None,
                mode: None,
                start: None,
                end: None,
                organization: None,
                absent: Vec::new(),
                participants: Vec::new(),
                actor: None,
                weapon: (first..=k).find_map(|j| weapon(tokens[j].text)),
                sentence: s,
                evidence: evidence.clone(),
                undated_hint: None,
            };
            let places = || {
                here.iter()
                    .copied()
                    .filter(|&m| mentions[m].via == FoundBy::Name)
            };
            // Further places joined to the first by "and" or commas.
            let mut also: Vec<usize> = Vec::new();
            if kind == EventKind::Corridor {
                let (from, to) = corridor_ends(tokens, &here, mentions, &at);
                if from.is_none() || to.is_none() {
                    continue;
                }
                e.from = from;
                e.to = to;
                let maritime = tokens
                    .iter()
                    .any(|t| MARITIME.contains(&t.text.to_lowercase().as_str()));
                e.mode = Some(if maritime { "sea" } else { "air" });
            } else {
                // Within the clause: no comma, semicolon or dash between trigger and place.
                let clause_break = |a: usize| {
                    tokens[k + 1..a]
                        .iter()
                        .any(|t| matches!(t.text, "," | ";" | "—" | "–" | "(" | ":"))
                };
                let forward = places().find(|&m| {
                    let a = at(m);
                    a > k
                        && a < next
                        && a <= k + REACH
                        && !clause_break(a)
                        && !tokens
                            .get(a.wrapping_sub(2))
                            .is_some_and(|t| TOPICS.contains(&t.text.to_lowercase().as_str()))
                        && (a == k + 1
                            || tokens.get(a - 1).is_some_and(|p| {
                                let w = p.text.to_lowercase();
                                let w = w.as_str();
                                match kind {
                                    EventKind::Strike => STRIKE_AT.contains(&w) || HIT.contains(&w),
                                    _ => MEET_AT.contains(&w),
                                }
                            }))
                });
                // Before the trigger: close to it ("Riyadh, where he met", "Kyiv was hit by
                // missiles"), not an aside ("officials in Beijing criticised the summit").
                let reach_back = match kind {
                    EventKind::Strike => 6,
                    EventKind::Meeting => 4,
                    _ => 2,
                };
                let backward = || {
                    places().rfind(|&m| {
                        at(m) < first
                            && at(m) >= prev
                            && at(m) + mentions[m].tokens + reach_back >= first
                    })
                };
                let Some(mut place) = forward.or_else(backward) else {
                    continue;
                };
                // Narrow a country to a city of it named later in the sentence.
                if mentions[place].place.kind == PlaceKind::Country {
                    let country = mentions[place].place.country;
                    if let Some(city) = places().find(|&m| {
                        at(m) > at(place)
                            && mentions[m].place.kind == PlaceKind::City
                            && mentions[m].place.country == country
                    }) {
                        place = city;
                    }
                }
                e.place = Some(place);
                // "hit Dnipro and Kryvyi Rih", "Odesa, Kharkiv and Kyiv": one event each.
                let mut last = place;
                // Places of one kind only, and not the subject of a new clause ("in
                // Washington and Russia launching attacks").
                let verb_after = |m: usize| {
                    tokens.get(at(m) + mentions[m].tokens).is_some_and(|t| {
                        t.text.chars().next().is_some_and(char::is_lowercase)
                            && (t.text.ends_with("ing") || t.text.ends_with("ed"))
                    })
                };
                while let Some(m) = places().find(|&m| {
                    let gap_start = at(last) + mentions[last].tokens;
                    at(m) > gap_start
                        && mentions[m].place.kind == mentions[place].place.kind
                        && !verb_after(m)
                        && tokens[gap_start..at(m)]
                            .iter()
                            .all(|t| matches!(t.text, "," | "and"))
                }) {
                    also.push(m);
                    last = m;
                }
            }
            match kind {
                EventKind::Strike => {
                    e.actor = here
                        .iter()
                        .copied()
                        .rfind(|&m| {
                            at(m) < first
                                && at(m) + 4 >= first
                                && mentions[m].place.kind == PlaceKind::Country
                        })
                        .and_then(|m| mentions[m].place.country)
                        .filter(|a| Some(*a) != e.place.and_then(|p| mentions[p].place.country));
                }
                EventKind::Summit => {
                    e.organization = tokens
                        .iter()
                        .enumerate()
                        .filter_map(|(j, t)| {
                            lexicon::organisation(t.text).map(|o| (j.abs_diff(k), o))
                        })
                        .min_by_key(|(d, _)| *d)
                        .map(|(_, o)| o);
                    e.absent = absent(tokens, &here, mentions, people, &at);
                }
                EventKind::Meeting => {
                    // The countries of the people named, of the peoples before the trigger
                    // ("Egyptian and Qatari mediators met"), and of the place.
                    let mut p: Vec<CountryCode> = tokens
                        .iter()
                        .filter_map(|t| people.country_of(t.text))
                        .collect();
                    p.extend(
                        here.iter()
                            .filter(|&&m| mentions[m].via == FoundBy::Demonym && at(m) < first)
                            .filter_map(|&m| mentions[m].place.country),
                    );
                    if let Some(c) = e.place.and_then(|m| mentions[m].place.country) {
                        p.push(c);
                    }
                    let mut seen = Vec::new();
                    p.retain(|c| {
                        let new = !seen.contains(c);
                        seen.push(*c);
                        new
                    });
                    e.participants = p;
                }
                EventKind::Corridor => {}
            }
            if let Some(h) = nearest(&hits, k) {
                e.start = Some(h.start);
                e.end = Some(h.end);
            } else if let Some(u) = unresolved.first() {
                e.undated_hint = Some(u.text.clone());
            }
            out.push(e.clone());
            for &m in &also {
                let mut more = e.clone();
                more.place = Some(m);
                if e.kind == EventKind::Meeting {
                    let first_country = e.place.and_then(|p| mentions[p].place.country);
                    more.participants.retain(|p| Some(*p) != first_country);
                    if let Some(c) = mentions[m].place.country {
                        if !more.participants.contains(&c) {
                            more.participants.push(c);
                        }
                    }
                }
                out.push(more);
            }
        }
    }
    out.finish()
}

fn nearest(hits: &[DateHit], k: usize) -> Option<&DateHit> {
    hits.iter().min_by_key(|h| {
        if h.tokens.start > k {
            h.tokens.start - k
        } else {
            k - h.tokens.end.min(k)
        }
    })
}

/// "between X and Y", "from X to Y", or the two places nearest the trigger.
fn corridor_ends(
    tokens: &[Token<'_>],
    here: &[usize],
    mentions: &[Mention],
    at: &impl Fn(usize) -> usize,
) -> (Option<usize>, Option<usize>) {
    let names: Vec<usize> = here
        .iter()
        .copied()
        .filter(|&m| mentions[m].via == FoundBy::Name)
        .collect();
    for w in names.windows(2) {
        let (a, b) = (at(w[0]), at(w[1]));
        if a == b {
            // Two parts of one hyphenated word: "the Washington-Moscow route".
            return (Some(w[0]), Some(w[1]));
        }
        let Some(middle) = tokens.get(a + mentions[w[0]].tokens..b) else {
            // The mentions overlap: no pair.
            continue;
        };
        let before = a.checked_sub(1).map(|p| tokens[p].text.to_lowercase());
        let middle: Vec<String> = middle.iter().map(|t| t.text.to_lowercase()).collect();
        let middle: Vec<&str> = middle.iter().map(String::as_str).collect();
        let pair = matches!(
            (before.as_deref(), middle.as_slice()),
            (Some("between"), ["and"]) | (Some("from"), ["to"]) | (_, ["–" | "-" | "—"])
        );
        if pair {
            return (Some(w[0]), Some(w[1]));
        }
    }
    (None, None)
}

/// Countries of those who "did not attend" (or skipped, stayed away from) the summit.
fn absent(
    tokens: &[Token<'_>],
    here: &[usize],
    mentions: &[Mention],
    people: &People,
    at: &impl Fn(usize) -> usize,
) -> Vec<CountryCode> {
    let words: Vec<String> = tokens.iter().map(|t| t.text.to_lowercase()).collect();
    let Some(k) = (0..words.len()).find(|&k| {
        matches!(
            words[k].as_str(),
            "skipped" | "boycotted" | "absent" | "missed"
        ) || (words[k] == "not" && words.get(k + 1).is_some_and(|w| w.starts_with("attend")))
            || (words[k] == "stayed" && words.get(k + 1).is_some_and(|w| w == "away"))
    }) else {
        return Vec::new();
    };
    // The subject: the nearest person or country before the phrase.
    for j in (0..k).rev() {
        if let Some(c) = people.country_of(tokens[j].text) {
            return vec![c];
        }
        if let Some(&m) = here
            .iter()
            .find(|&&m| at(m) == j && mentions[m].place.kind == PlaceKind::Country)
        {
            return mentions[m].place.country.into_iter().collect();
        }
    }
    Vec::new()
}

/// Merge events of one kind at one place; drop one at a country when another of its kind is at
/// a city of that country; keep corridors once per pair of ends.
/// The events drafted so far, one per kind and place (a corridor: its ends), merged as they
/// come, so an article that repeats one event a hundred thousand times holds one.
struct Merged<'m> {
    mentions: &'m [Mention],
    out: Vec<DraftEvent>,
    seen: foldhash::HashMap<EventKey, usize>,
}

/// An event's kind and the gazetteer places of its place and ends.
type EventKey = (EventKind, Option<u32>, Option<u32>, Option<u32>);

impl<'m> Merged<'m> {
    fn new(mentions: &'m [Mention]) -> Self {
        Merged {
            mentions,
            out: Vec::new(),
            seen: foldhash::HashMap::default(),
        }
    }

    fn push(&mut self, e: DraftEvent) {
        let idx = |m: Option<usize>| m.map(|m| self.mentions[m].place.index);
        let key = (e.kind, idx(e.place), idx(e.from), idx(e.to));
        let Some(&i) = self.seen.get(&key) else {
            self.seen.insert(key, self.out.len());
            self.out.push(e);
            return;
        };
        let o = &mut self.out[i];
        o.start = match (o.start, e.start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        o.end = match (o.end, e.end) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for c in e.absent {
            if !o.absent.contains(&c) {
                o.absent.push(c);
            }
        }
        for c in e.participants {
            if !o.participants.contains(&c) {
                o.participants.push(c);
            }
        }
        o.organization = o.organization.or(e.organization);
        o.actor = o.actor.or(e.actor);
        o.weapon = o.weapon.or(e.weapon);
        if o.start.is_some() {
            o.undated_hint = None;
        }
    }

    /// The events, less those at a country when one of the same kind is at a city of it.
    fn finish(self) -> Vec<DraftEvent> {
        let mentions = self.mentions;
        let mut out = self.out;
        let cities: foldhash::HashSet<(EventKind, Option<CountryCode>)> = out
            .iter()
            .filter_map(|e| e.place.map(|p| (e.kind, &mentions[p].place)))
            .filter(|(_, p)| p.kind == PlaceKind::City)
            .map(|(k, p)| (k, p.country))
            .collect();
        out.retain(|e| {
            let Some(p) = e.place.map(|p| &mentions[p].place) else {
                return true;
            };
            !(p.kind == PlaceKind::Country && cities.contains(&(e.kind, p.country)))
        });
        out
    }
}
