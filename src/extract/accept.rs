//! Whether a span of capitalised words reads as a place where the text has it, and which of
//! its readings may stand there (the tests [`super::mentions::find`] runs on every span).
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
//! - it names only a small place (under 15,000 people) or matches only a one-word alternate
//!   name of a town under a million ("Kim" for Kimberley), without such context.

use super::lexicon;
use super::lookup::{candidates, plain_word, CONNECTORS};
use super::people::People;
use super::text::{Text, Token, TokenKind};
use crate::gazetteer::model::{NameKind, PlaceKind};
use crate::gazetteer::rank::Candidate;
use crate::gazetteer::Gazetteer;

/// A city smaller than this needs context to count.
const SMALL_CITY: u32 = 15_000;
/// A dateline in capitals names any town by its own name of four letters or more ("BANTAM —",
/// "INNISFAIL -"), and a city this large by any name or code.
const DATELINE_CITY: u32 = 100_000;
/// A saint's name before a possessive ("St. Michael's Hospital") is a town only if a town this
/// large bears it ("St. Petersburg's museums").
const SAINT_CITY: u32 = 100_000;
/// A city found only by a one-word alternate name needs context below this ("Kiev", "Bombay"
/// and "Madras" need none; "Kim" for Kimberley and "Hamas" for Hamm do; "Quebec City" does not).
const ALTERNATE_CITY: u32 = 1_000_000;

/// `len` tokens from `i` that can form a name: in one sentence, words only, capitalised at
/// both ends, with only connectors inside.
pub fn span<'t, 'a>(tokens: &'t [Token<'a>], i: usize, len: usize) -> Option<&'t [Token<'a>]> {
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
pub fn has_context(text: &Text<'_>, i: usize, len: usize) -> bool {
    qualified(text, i, len)
        || preposition_before(text, i).is_some_and(|p| lexicon::LOCATIVE.contains(&p))
}

/// The word before token `i` in its sentence, over a "the" ("in" of "in the Red Sea").
pub fn preposition_before<'a>(text: &Text<'a>, i: usize) -> Option<&'a str> {
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
    before(at).map(|t| t.text)
}

/// True when the tokens from `at` are a county's "Co." written right after a name ("PLYMOUTH
/// CO.", "Plymouth Co.").
pub fn county_after(tokens: &[Token<'_>], at: usize) -> bool {
    at > 0
        && tokens.get(at..at + 2).is_some_and(|w| {
            matches!(w[0].text, "Co" | "CO")
                && w[0].start_byte() == tokens[at - 1].end_byte() + 1
                && w[1].text == "."
                && w[1].start_byte() == w[0].end_byte()
        })
}

/// True when the span opens its sentence and a comma, a bracket or a dash follows it, as a
/// dateline's place does ("KYIV, Ukraine —", "MOSCOW (Reuters)", "PLYMOUTH CO. -").
pub fn opens_dateline(text: &Text<'_>, i: usize, len: usize) -> bool {
    let tokens = &text.tokens;
    // A county's "CO." may end the place ("PLYMOUTH CO. -").
    let after = i + len + if county_after(tokens, i + len) { 2 } else { 0 };
    text.sentences[tokens[i].sentence()].tokens.start == i
        && tokens
            .get(after)
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

/// True when the capitalised words from token `at` (up to three) name a country or a state
/// that holds one of `cands`: "Australia" after "the Gold Coast of".
fn of_its_region(
    text: &Text<'_>,
    gazetteer: &Gazetteer,
    at: usize,
    cands: &[Candidate<'_>],
) -> bool {
    let tokens = &text.tokens;
    (1..=3).rev().any(|words| {
        let Some(span) = span(tokens, at, words) else {
            return false;
        };
        let name = &text.text[span[0].start_byte()..span[words - 1].end_byte()];
        candidates(gazetteer, name)
            .iter()
            .any(|r| match r.place.kind {
                PlaceKind::Country => cands.iter().any(|c| c.place.country == r.place.country),
                PlaceKind::Admin1 => cands.iter().any(|c| c.place.admin1 == Some(r.place.index)),
                _ => false,
            })
    })
}

/// Keep a span's candidates if the span reads as a place here (see the module notes).
pub fn accept<'g>(
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
    let next_adjacent = tokens
        .get(i + len)
        .filter(|n| n.sentence() == sentence && n.start_byte() <= last.end_byte() + 1);
    // A month or weekday written short before its stop or a number ("Nov. 3", "Dec 2016").
    if len == 1
        && lexicon::is_calendar_abbreviation(surface)
        && next_adjacent.is_some_and(|n| n.text == "." || n.kind == TokenKind::Number)
    {
        return None;
    }
    // A pronoun's contraction ("I'd", "I've", "We're") is never a place.
    if len == 1
        && surface
            .split(['\'', '’'])
            .next()
            .is_some_and(|w| w.len() < surface.len() && lexicon::is_function_word(w))
    {
        return None;
    }
    // A saint's name before a possessive and a capitalised word names what is dedicated to
    // the saint ("St. Michael's Hospital", "St. Mark's Cathedral"), not a small town of that
    // name; "St. John's" alone is the city, "St. Petersburg's Hermitage" the city's.
    let saint = ["St", "Saint", "Ste"].contains(&first.text);
    // "St", "Mt", "Ft" alone are the start of a name, never one.
    if len == 1 && ["St", "Ste", "Mt", "Ft", "Pt"].contains(&surface) {
        return None;
    }
    if saint
        && next_adjacent.is_some_and(|n| n.text == "'s" || n.text == "’s")
        && tokens
            .get(i + len + 1)
            .is_some_and(|w| w.sentence() == sentence && w.is_capitalised())
        && !cands
            .iter()
            .any(|c| c.name != NameKind::Alternate && c.place.population >= SAINT_CITY)
    {
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
    // Written in capitals, a state is its abbreviation or its own name ("NSW", "TEXAS"), not
    // a longer name from another language ("BANTAM" for Banten).
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    let state_code = |c: &Candidate<'g>| {
        c.place.kind == PlaceKind::Admin1
            && (abbreviation
                || after_comma
                || (letters >= 3 && (letters <= 4 || c.name != NameKind::Alternate)))
    };
    let cands: Vec<Candidate<'g>> = if tokens[i..i + len].iter().all(Token::is_acronym) {
        cands
            .iter()
            .filter(|c| {
                (c.place.kind == PlaceKind::Country && c.name != NameKind::Code)
                    || (dateline
                        && (c.place.population >= DATELINE_CITY
                            || qualified(text, i, len)
                            || (matches!(c.place.kind, PlaceKind::City | PlaceKind::County)
                                && matches!(c.name, NameKind::Primary | NameKind::Variant)
                                && letters >= 4)))
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
    // A preposition before a name that a capitalised common word goes on ("at Millfield
    // Theatre", "in Bantam Superior Court") governs the longer name, not the town.
    let common_word = |t: &Token<'_>| {
        t.is_capitalised() && !t.is_acronym() && lexicon::is_common(&t.text.to_lowercase())
    };
    let goes_on = next_adjacent.is_some_and(common_word);
    let context = has_context(text, i, len) && (!goes_on || qualified(text, i, len));
    let headline = text.sentences[sentence].headline;
    // Common words, one or all of several ("Reading", "White House"), are places only with
    // context, and never in a headline, where every word is capitalised.
    let common = tokens[i..i + len]
        .iter()
        .filter(|t| !CONNECTORS.contains(&t.text))
        .all(|t| lexicon::is_common(&t.text.to_lowercase()));
    // A state or county named by common words in full ("New Jersey", "Northern Territory",
    // "Orange County") is the state or the county.
    let full_state = len >= 2
        && matches!(best.place.kind, PlaceKind::Admin1 | PlaceKind::County)
        && matches!(best.name, NameKind::Primary | NameKind::Variant);
    if !country && common && (!(context || full_state) || headline) {
        return None;
    }
    // Common words whose first reading is another language's name for a town, translated
    // ("White House" for Casablanca), are what they say even after a preposition ("at the
    // White House"); a qualifier still makes them a place ("White House, Tennessee").
    if !country && common && best.name == NameKind::Alternate && !qualified(text, i, len) {
        return None;
    }
    // Nor is a common word inside a phrase of capitalised common words ("White" of "the White
    // House", "Street" of "Silver Street"), the longer span having been tried first.
    let prev_adjacent = i
        .checked_sub(1)
        .map(|p| &tokens[p])
        .filter(|p| p.sentence() == sentence && p.end_byte() + 1 >= first.start_byte())
        .filter(|_| text.sentences[sentence].tokens.start != i - 1);
    if !country
        && common
        && len == 1
        && (next_adjacent.is_some_and(common_word) || prev_adjacent.is_some_and(common_word))
    {
        return None;
    }
    // A name ending in an institution's word before "for" and a name is the institution
    // ("the Michigan Center for Computer Security", not the town of Michigan Center).
    let institution = len >= 2
        && [
            "Center",
            "Centre",
            "Institute",
            "Foundation",
            "Council",
            "Society",
        ]
        .contains(&last.text)
        && next_adjacent.is_some_and(|n| n.text == "for")
        && tokens
            .get(i + len + 1)
            .is_some_and(|w| w.sentence() == sentence && w.is_capitalised());
    if institution {
        return None;
    }
    // A town's name before a street's word names the street ("Raynham Avenue", "London Road").
    if next_adjacent
        .is_some_and(|n| n.is_capitalised() && lexicon::is_street_word(&n.text.to_lowercase()))
    {
        return None;
    }
    // A pronoun, an article or a determiner ("I", "My", "The") is never a place, whatever
    // alternate name a town or a country has in some language; "US" in capitals is an acronym.
    if len == 1 && lexicon::is_function_word(surface) {
        return None;
    }
    // A common word heading "X of Y" names an institution ("University of Manitoba", "Bank of
    // England") when the whole is not a place (the longer span was tried first), unless Y is
    // the country or state that X lies in ("the Gold Coast of Australia").
    let heads_of = tokens.get(i + len).is_some_and(|n| n.text == "of")
        && tokens.get(i + len + 1).is_some_and(Token::is_capitalised);
    if common && heads_of && !of_its_region(text, gazetteer, i + len + 1, &cands) {
        return None;
    }
    if best.place.kind == PlaceKind::City && !context {
        if best.place.population < SMALL_CITY {
            return None;
        }
        // One word is where alternate names mislead ("Kim", "Hamas"); "Quebec City" does not.
        if best.name == NameKind::Alternate && best.place.population < ALTERNATE_CITY && len == 1 {
            return None;
        }
    }
    Some(cands)
}
