//! Place mentions in article text: every span the gazetteer knows as a city, country or state
//! (the longest first: "New Delhi", "Kryvyi Rih"), and every demonym ("Russian missiles" →
//! Russia), each resolved to one place.
//!
//! A capitalised word is not always a place. A span is left out when:
//! - it is a person's name: after a title ("President Vladimir Putin"), or a name already seen
//!   after one ("Putin" later in the story), or next to a capitalised word that is neither a
//!   place nor a common English word ("George Washington", "Vladimir Putin");
//! - it is an acronym that is not a country ("NATO" is also a town in the Philippines), an
//!   organisation, or a month or weekday;
//! - it is a common English word that is not a country ("Reading the report", "Nice weather",
//!   "Male voters"), unless a preposition of place comes before it ("in Nice") or a qualifier
//!   after it ("Reading, England");
//! - it names only a small place (under 15,000 people) or matches only an alternate name of a
//!   town (under 100,000), without such context.
//!
//! Among the places a span can mean, the gazetteer's ranking decides, moved by the story: a
//! place in a country the story names (or names the people of) gets a bonus, so a story about
//! India and Russia puts "Hyderabad" in India and one about Atlanta puts "Georgia" in the US.

// foldhash: the hashing of token indices and names is most of the work on a long article.
use crate::gazetteer::CountryCode;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::rc::Rc;
use std::sync::Arc;

pub use super::interned::MentionPlace;
use super::interned::Names;
use super::lexicon;
pub use super::lookup::country_candidates;
use super::lookup::{candidates, plain_word, strong_city, CONNECTORS};
pub use super::people::{country_named, people, People};
use super::text::{Text, Token, TokenKind};
use crate::gazetteer::model::{NameKind, PlaceKind};
use crate::gazetteer::rank::Candidate;
use crate::gazetteer::Gazetteer;

/// Longest place name tried, in words.
const MAX_WORDS: usize = 5;
/// A city smaller than this needs context to count.
const SMALL_CITY: u32 = 15_000;
/// A city found only by an alternate name needs context below this ("Kiev", "Bombay" and
/// "Madras" need none; "Kim" for Kimberley and "Hamas" for Hamm do).
const ALTERNATE_CITY: u32 = 1_000_000;
/// Score bonus of a city in a country the story names; a state's when the name's best reading
/// is a country ("Georgia" in a story about Atlanta).
const STORY_CITY_BONUS: f64 = 2.0;
const STORY_STATE_BONUS: f64 = 5.0;

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FoundBy {
    /// A place name.
    Name,
    /// A demonym, for its country.
    Demonym,
}

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
}

/// A qualifying region by the token it starts at: (that token, its country, its admin-1 index).
type QualifyingRegion = (usize, Option<CountryCode>, Option<u32>);

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
    let mut looked_up: HashMap<(&str, bool), Vec<Candidate<'_>>> = HashMap::new();
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
            let cands = looked_up
                .entry((surface, stop.is_some()))
                .or_insert_with(|| {
                    let dotted = stop.and_then(|n| {
                        let written = &text.text[span[0].start_byte()..n.end_byte()];
                        crate::gazetteer::normalize::stops_key(written)
                    });
                    dotted
                        .map(|key| super::lookup::candidates_by_key(gazetteer, &key))
                        .filter(|c| !c.is_empty())
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
    // Each surface is kept with whether it names the country itself.
    #[derive(Default)]
    struct Support {
        /// Each surface read in the country: as one of its places, as the country itself.
        surfaces: HashMap<String, [bool; 2]>,
        /// Readings in all, and those as places (not the country itself).
        all: usize,
        places: usize,
    }
    let mut story: HashMap<CountryCode, Support> = HashMap::new();
    for (i, len, _, c) in &found {
        if let Some(best) = c.first() {
            if let Some(cc) = best.place.country {
                let surface =
                    text.text[tokens[*i].start_byte()..tokens[i + len - 1].end_byte()].to_string();
                let country = best.place.kind == PlaceKind::Country;
                let entry = story.entry(cc).or_default();
                let seen = entry.surfaces.entry(surface).or_default();
                if !seen[usize::from(country)] {
                    seen[usize::from(country)] = true;
                    entry.all += 1;
                    entry.places += usize::from(!country);
                }
            }
        }
    }
    // "Paris, Texas": a place right after a comma qualifies the one before.
    let regions: HashMap<usize, QualifyingRegion> = found
        .iter()
        .filter_map(|(i, _, via, c)| {
            let best = c.first()?;
            (*via == FoundBy::Name && best.place.kind != PlaceKind::City).then(|| {
                let admin1 = (best.place.kind == PlaceKind::Admin1).then_some(best.place.index);
                (*i, (*i, best.place.country, admin1))
            })
        })
        .collect();
    let pick = |states: &HashSet<u32>| -> Vec<Mention> {
        let mut picked = Vec::with_capacity(found.len());
        picked.extend(found.iter().filter_map(|(i, len, via, cands)| {
            let (i, len, via) = (*i, *len, *via);
            let span = &tokens[i..i + len];
            let surface = text.text[span[0].start_byte()..span[len - 1].end_byte()].to_string();
            let qualifier = tokens
                .get(i + len)
                .filter(|c| c.text == ",")
                .and_then(|_| regions.get(&(i + len + 1)));
            let inside: Vec<Candidate<'_>> = match qualifier {
                Some(&(_, country, admin1)) => cands
                    .iter()
                    .filter(|c| {
                        c.place.kind == PlaceKind::City
                            && c.place.country == country
                            && (admin1.is_none() || c.place.admin1 == admin1)
                    })
                    .copied()
                    .collect(),
                None => Vec::new(),
            };
            let cands: &[Candidate<'_>] = if inside.is_empty() { cands } else { &inside };
            // How many other surfaces read as places of a country (only its cities and
            // states, with `places_only`): counted once per country, less this surface.
            let support = |cc: CountryCode, places_only: bool| {
                story.get(&cc).map_or(0, |s| {
                    let own = s
                        .surfaces
                        .get(surface.as_str())
                        .copied()
                        .unwrap_or_default();
                    if places_only {
                        s.places - usize::from(own[0])
                    } else {
                        s.all - usize::from(own[0]) - usize::from(own[1])
                    }
                })
            };
            choose(cands, &support, states).map(|(c, margin)| Mention {
                text: names.text(&surface),
                start: span[0].start(),
                end: span[len - 1].end(),
                token: i,
                tokens: len,
                sentence: span[0].sentence(),
                via,
                confidence: confidence(&c, via, margin, has_context(text, i, len)),
                place: names.resolved(&c),
            })
        }));
        picked
    };
    // Twice: the states the first reading names draw their towns ("Augusta" in a story about
    // Georgia).
    let first = pick(&HashSet::new());
    let states: HashSet<u32> = first
        .iter()
        .filter(|m| m.place.kind == PlaceKind::Admin1)
        .map(|m| m.place.index)
        .collect();
    let mut out: Vec<Mention> = if states.is_empty() {
        first
    } else {
        drop(first);
        pick(&states)
    };
    let hyphenated = parts(text, gazetteer, &names);
    out.reserve_exact(hyphenated.len());
    out.extend(hyphenated);
    out.sort_by_key(|m| (m.start, m.end));
    out.dedup_by_key(|m| (m.start, m.end));
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
                place: names.resolved(best),
            });
        }
    }
    out
}

/// `len` tokens from `i` that can form a name: in one sentence, words only, capitalised at
/// both ends, with only connectors inside.
fn span<'t, 'a>(tokens: &'t [Token<'a>], i: usize, len: usize) -> Option<&'t [Token<'a>]> {
    let span = tokens.get(i..i + len)?;
    let first = &span[0];
    let last = &span[len - 1];
    if last.sentence() != first.sentence() || !(last.is_capitalised() || last.is_acronym()) {
        return None;
    }
    for (k, t) in span.iter().enumerate() {
        // The dot of "St. Petersburg", "Mt. Vernon".
        let abbreviation_dot = k > 0
            && k + 1 < len
            && t.text == "."
            && span[k - 1].end_byte() == t.start_byte()
            && ["St", "Ste", "Mt", "Ft", "Pt"].contains(&span[k - 1].text);
        if abbreviation_dot {
            continue;
        }
        if t.kind != TokenKind::Word {
            return None;
        }
        if k > 0 && t.start_byte() > span[k - 1].end_byte() + 1 {
            // Names are written with single spaces.
            return None;
        }
        let inner = k > 0 && k + 1 < len;
        if !(t.is_capitalised() || t.is_acronym() || (inner && CONNECTORS.contains(&t.text))) {
            return None;
        }
    }
    Some(span)
}

/// True when a preposition of place comes just before the span ("in Nice", "in the Red Sea"),
/// or a qualifier (", Country") just after it.
fn has_context(text: &Text<'_>, i: usize, len: usize) -> bool {
    qualified(text, i, len) || {
        let tokens = &text.tokens;
        let before = |k: usize| {
            i.checked_sub(k)
                .map(|p| &tokens[p])
                .filter(|p| p.sentence() == tokens[i].sentence())
        };
        let at = if before(1).is_some_and(|t| t.text == "the") {
            2
        } else {
            1
        };
        before(at).is_some_and(|p| lexicon::LOCATIVE.contains(&p.text))
    }
}

/// True when a qualifier follows the span: ", Texas", ", England".
fn qualified(text: &Text<'_>, i: usize, len: usize) -> bool {
    let tokens = &text.tokens;
    tokens.get(i + len).is_some_and(|c| c.text == ",")
        && tokens
            .get(i + len + 1)
            .is_some_and(|q| q.is_capitalised() && lexicon::demonym(q.text).is_none())
}

/// Keep a span's candidates if the span reads as a place here (see the module notes).
fn accept<'g>(
    text: &Text<'_>,
    gazetteer: &Gazetteer,
    people: &People,
    i: usize,
    len: usize,
    surface: &str,
    cands: &[Candidate<'g>],
) -> Option<Vec<Candidate<'g>>> {
    let tokens = &text.tokens;
    let first = &tokens[i];
    let last = &tokens[i + len - 1];
    let sentence = first.sentence();
    if len == 1 && (lexicon::is_calendar(surface) || lexicon::organisation(surface).is_some()) {
        return None;
    }
    if (people.is_person(surface) && !qualified(text, i, len))
        || (i..i + len).any(|k| people.tokens.contains(&k))
    {
        return None;
    }
    // A dateline ("KYIV, Ukraine —", "MOSCOW (Reuters)") is in capitals; other acronyms are
    // places only when they are countries ("U.S.", "UK"), not "NATO" (a town in the
    // Philippines) or "SCO" (an airport code).
    let dateline = text.sentences[sentence].tokens.start == i
        && tokens
            .get(i + len)
            .is_some_and(|n| matches!(n.text, "," | "(" | "—" | "–" | "-"));
    // A state's abbreviation is a place where a reader takes it for one: written with stops
    // ("B.C.", "Calif."), after a comma ("Lexington, KY"), or three letters and more ("NSW").
    let after_comma = i > 0 && tokens[i - 1].text == ",";
    // Written with stops as the gazetteer's sources write it ("Calif.", "B.C."): not a title
    // ("Dr.") or an initial ("E.") that happens to share a postal code.
    let written = match tokens.get(i + len) {
        Some(n) if n.text == "." && n.start_byte() == last.end_byte() => {
            &text.text[first.start_byte()..n.end_byte()]
        }
        _ => surface,
    };
    let abbreviation = crate::gazetteer::normalize::stops_key(written)
        .is_some_and(|key| !gazetteer.store().postings(&key).is_empty());
    let state_code = |c: &Candidate<'g>| {
        c.place.kind == PlaceKind::Admin1
            && (abbreviation
                || after_comma
                || surface.chars().filter(|c| c.is_alphabetic()).count() >= 3)
    };
    let cands: Vec<Candidate<'g>> = if tokens[i..i + len].iter().all(Token::is_acronym) {
        cands
            .iter()
            .filter(|c| {
                (c.place.kind == PlaceKind::Country && c.name != NameKind::Code)
                    || (dateline && c.place.population >= 100_000)
                    || state_code(c)
            })
            .copied()
            .collect()
    } else {
        // A code ("ST" for Saxony-Anhalt) is a place only when written in capitals, or as an
        // abbreviation a reader knows ("Calif.").
        cands
            .iter()
            .filter(|c| c.name != NameKind::Code || (abbreviation && state_code(c)))
            .copied()
            .collect()
    };
    let best = *cands.first()?;
    let country = best.place.kind == PlaceKind::Country;
    let prev = i
        .checked_sub(1)
        .map(|p| &tokens[p])
        .filter(|p| p.sentence() == sentence);
    let next = tokens.get(i + len).filter(|n| n.sentence() == sentence);
    if prev.is_some_and(|p| p.is_capitalised() && lexicon::is_title(p.text)) {
        return None;
    }
    // Next to a capitalised word that is neither a place nor a common word: a person's name.
    let name_like = |t: &Token<'_>| {
        t.is_capitalised()
            && !t.is_acronym()
            && t.start_byte() <= last.end_byte() + 1
            && !plain_word(gazetteer, t)
    };
    if next.is_some_and(|n| n.start_byte() == last.end_byte() + 1 && name_like(n))
        || prev.is_some_and(|p| p.end_byte() + 1 == first.start_byte() && name_like(p))
    {
        return None;
    }
    let context = has_context(text, i, len);
    let headline = text.sentences[sentence].headline;
    // Common words, one or all of several ("Reading", "White House"), are places only with
    // context, and never in a headline, where every word is capitalised.
    let common = tokens[i..i + len]
        .iter()
        .filter(|t| !CONNECTORS.contains(&t.text))
        .all(|t| lexicon::is_common(&t.text.to_lowercase()));
    if !country && common && (!context || headline) {
        return None;
    }
    if best.place.kind == PlaceKind::City && !context {
        if best.place.population < SMALL_CITY {
            return None;
        }
        if best.name == NameKind::Alternate && best.place.population < ALTERNATE_CITY {
            return None;
        }
    }
    Some(cands)
}

/// The best candidate for the story, and its margin over the next. `support(country,
/// places_only)` counts the story's other mentions in a country.
fn choose<'g>(
    cands: &[Candidate<'g>],
    support: &impl Fn(CountryCode, bool) -> usize,
    states: &HashSet<u32>,
) -> Option<(Candidate<'g>, f64)> {
    // A state beats a same-named country only when more of the story's places are in the
    // state's country than anything supports the country: "Georgia" is the US state in a
    // story about Atlanta and Savannah, not because a story of a football match names the US.
    let country_support = cands
        .first()
        .filter(|c| c.place.kind == PlaceKind::Country)
        .and_then(|c| c.place.country)
        .map_or(0, |cc| support(cc, false));
    let best_is_country = cands
        .first()
        .is_some_and(|c| c.place.kind == PlaceKind::Country);
    let mut scored: Vec<(f64, Candidate<'g>)> = cands
        .iter()
        .map(|c| {
            let in_story = c.place.country.is_some_and(|cc| support(cc, false) > 0);
            let state_story = c
                .place
                .country
                .is_some_and(|cc| support(cc, true) > country_support);
            let bonus = match c.place.kind {
                PlaceKind::City if in_story => {
                    STORY_CITY_BONUS
                        + if c.place.admin1.is_some_and(|a| states.contains(&a)) {
                            1.0
                        } else {
                            0.0
                        }
                }
                // A country wins over a same-named state unless the story is in the state's
                // country.
                PlaceKind::Admin1 if state_story && best_is_country => STORY_STATE_BONUS,
                _ => 0.0,
            };
            let score = if c.yielded {
                c.score.min(cands[0].score)
            } else {
                c.score
            };
            (score + bonus, *c)
        })
        .collect();
    // Stable: the gazetteer's order breaks ties.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (best_score, best) = *scored.first()?;
    let margin = scored.get(1).map_or(f64::INFINITY, |s| best_score - s.0);
    Some((best, margin))
}

fn confidence(c: &Candidate<'_>, via: FoundBy, margin: f64, context: bool) -> f64 {
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
