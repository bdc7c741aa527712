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
//! Among the places a span can mean, the gazetteer's ranking decides, moved by the story
//! ([`super::context`]): its countries, its states, its dateline and its places read without
//! doubt, so a story about India and Russia puts "Hyderabad" in India, one about Atlanta puts
//! "Georgia" in the US and one about Enfield puts "Edmonton" in London.

// foldhash: the hashing of token indices and names is most of the work on a long article.
use crate::gazetteer::CountryCode;
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::rc::Rc;
use std::sync::Arc;

pub use super::context::Reason;
use super::context::{choose, confidence, surface_key, Anchor, Story};
use super::interned::Names;
pub use super::interned::{FoundBy, MentionPlace};
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
    // The dateline: a name in capitals opening the article (its first sentence, or the one
    // after the headline).
    let dateline = found.iter().find_map(|(i, len, via, _)| {
        (*via == FoundBy::Name
            && tokens[*i].sentence() <= 1
            && tokens[*i..i + len].iter().all(Token::is_acronym)
            && opens_dateline(text, *i, *len))
        .then_some(*i)
    });
    // Each mention's reading; with the places read without doubt in `anchors` (the margins
    // are kept for that).
    let pick = |story_countries: &HashMap<CountryCode, Support>,
                states: &HashSet<u32>,
                anchors: &[Anchor]|
     -> (Vec<Mention>, Vec<f64>) {
        let mut picked = Vec::with_capacity(found.len());
        let mut margins = Vec::with_capacity(found.len());
        for (i, len, via, cands) in &found {
            let (i, len, via) = (*i, *len, *via);
            let span = &tokens[i..i + len];
            let surface = &text.text[span[0].start_byte()..span[len - 1].end_byte()];
            let qualifier = tokens
                .get(i + len)
                .filter(|c| c.text == ",")
                .and_then(|_| regions.get(&(i + len + 1)));
            let inside: Vec<Candidate<'_>> = match qualifier {
                Some(&(_, country, admin1)) => cands
                    .iter()
                    .filter(|c| {
                        c.place.kind != PlaceKind::Country
                            && c.place.country == country
                            && (admin1.is_none()
                                || c.place.admin1 == admin1
                                || Some(c.place.index) == admin1)
                    })
                    .copied()
                    .collect(),
                None => Vec::new(),
            };
            let cands: &[Candidate<'_>] = if inside.is_empty() { cands } else { &inside };
            // How many other surfaces read as places of a country (only its cities and
            // states, with `places_only`): counted once per country, less this surface.
            let lower = surface.to_lowercase();
            let support = |cc: CountryCode, places_only: bool| {
                story_support(story_countries, &lower, cc, places_only)
            };
            let story = Story {
                support,
                states,
                anchors,
            };
            let Some((c, margin, reason)) =
                choose(cands, &story, surface_key(surface), !inside.is_empty())
            else {
                continue;
            };
            picked.push(Mention {
                text: names.text(surface),
                start: span[0].start(),
                end: span[len - 1].end(),
                token: i,
                tokens: len,
                sentence: span[0].sentence(),
                via,
                confidence: confidence(&c, via, margin, has_context(text, i, len)),
                place: names.resolved(&c),
                reason,
            });
            margins.push(margin);
        }
        (picked, margins)
    };
    // Twice: the states the first reading names draw their towns ("Augusta" in a story about
    // Georgia), and the places it reads without doubt draw the readings of the others near
    // them.
    let (first, margins) = pick(&story_countries, &HashSet::new(), &[]);
    let states: HashSet<u32> = first
        .iter()
        .filter(|m| m.place.kind == PlaceKind::Admin1)
        .map(|m| m.place.index)
        .collect();
    let anchors = anchors(&first, &margins, dateline);
    let mut out: Vec<Mention> = if states.is_empty() && anchors.is_empty() {
        first
    } else {
        // The story's countries as the first reading has them: "LONDON, Ky." supports the US,
        // not the country of the London a name alone would be.
        let countries = tally(first.iter().filter_map(|m| {
            Some((
                &*m.text,
                m.place.country?,
                m.place.kind == PlaceKind::Country,
            ))
        }));
        drop(first);
        pick(&countries, &states, &anchors).0
    };
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
fn anchors(first: &[Mention], margins: &[f64], dateline: Option<usize>) -> Vec<Anchor> {
    let mut out: Vec<Anchor> = Vec::new();
    let mut seen: HashSet<u32> = HashSet::new();
    for (m, &margin) in first.iter().zip(margins) {
        let is_dateline = dateline == Some(m.token);
        let sure = m.via == FoundBy::Name
            && matches!(m.place.kind, PlaceKind::City | PlaceKind::County)
            && margin >= 1.0;
        if (sure || is_dateline) && seen.insert(m.place.index) {
            out.push(Anchor {
                at: crate::geodesy::LonLat::new(m.place.lon, m.place.lat),
                surface: surface_key(&m.text),
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

/// True when the span opens its sentence and a comma, a bracket or a dash follows it, as a
/// dateline's place does ("KYIV, Ukraine —", "MOSCOW (Reuters)").
fn opens_dateline(text: &Text<'_>, i: usize, len: usize) -> bool {
    let tokens = &text.tokens;
    text.sentences[tokens[i].sentence()].tokens.start == i
        && tokens
            .get(i + len)
            .is_some_and(|n| matches!(n.text, "," | "(" | "—" | "–" | "-"))
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
    let dateline = opens_dateline(text, i, len);
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
                    || (dateline && (c.place.population >= 100_000 || qualified(text, i, len)))
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
    // A pronoun, an article or a determiner ("I", "My", "The") is never a place, whatever
    // alternate name a town or a country has in some language; "US" in capitals is an acronym.
    if len == 1 && lexicon::is_function_word(surface) {
        return None;
    }
    // A common word heading "X of Y" names an institution ("University of Manitoba", "Bank of
    // England") when the whole is not a place (the longer span was tried first).
    let heads_of = tokens.get(i + len).is_some_and(|n| n.text == "of")
        && tokens.get(i + len + 1).is_some_and(Token::is_capitalised);
    if common && heads_of {
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
