//! The people a story names, so that their names are not read as places ("President Vladimir
//! Putin", then "Putin" later; "Obama" is also a town in Japan): capitalised words after a title,
//! with a demonym or country just before the title giving their country ("Indian Prime Minister
//! Narendra Modi" → Modi, IN).

use foldhash::{HashMap, HashSet};

use super::lexicon;
use super::lookup::{candidates, plain_word, strong_city};
use super::text::Text;
use crate::gazetteer::model::{NameKind, PlaceKind};
use crate::gazetteer::normalize::normalize;
use crate::gazetteer::{CountryCode, Gazetteer};

/// People named in the story, with their country when the text gives it ("Indian Prime
/// Minister Narendra Modi" → Modi, IN).
#[derive(Debug, Default, Clone)]
pub struct People {
    /// Token indices that are part of a person's name.
    pub tokens: HashSet<usize>,
    /// Each name word (surname and full name) and the country, if known.
    pub country: HashMap<String, Option<CountryCode>>,
    /// Given names that are also places or common words, seen before a surname ("Georgia"
    /// of "Georgia Stevens", "Nick" of "Nick Burton"): alone later, without a preposition of
    /// place, they may be the person again (see `mentions`).
    pub given: HashSet<String>,
}

impl People {
    /// The country of the person named by `word`, if known.
    pub fn country_of(&self, word: &str) -> Option<CountryCode> {
        self.country.get(word).copied().flatten()
    }

    pub fn is_person(&self, word: &str) -> bool {
        self.country.contains_key(word)
    }
}

/// Find the people: capitalised words after a title, with a demonym or country just before the
/// title giving their country.
pub fn people(text: &Text<'_>, gazetteer: &Gazetteer) -> People {
    let mut out = People::default();
    let tokens = &text.tokens;
    let mut i = 0;
    while i < tokens.len() {
        if !(tokens[i].is_capitalised() && lexicon::is_title(tokens[i].text)) {
            i += 1;
            continue;
        }
        let title_start = i;
        while i < tokens.len()
            && tokens[i].sentence() == tokens[title_start].sentence()
            && tokens[i].is_capitalised()
            && lexicon::is_title(tokens[i].text)
        {
            i += 1;
        }
        // "Prime Minister": "Prime" is a title word only before another one.
        let mut title_start = title_start;
        while title_start > 0
            && tokens[title_start - 1].is_capitalised()
            && [
                "prime", "foreign", "defence", "defense", "vice", "deputy", "supreme",
            ]
            .contains(&tokens[title_start - 1].text.to_lowercase().as_str())
        {
            title_start -= 1;
        }
        let name_start = i;
        while i < tokens.len()
            && i - name_start < 4
            && tokens[i].sentence() == tokens[name_start].sentence()
            && tokens[i].is_capitalised()
            && !tokens[i].is_acronym()
        {
            i += 1;
        }
        if i == name_start {
            continue;
        }
        let country = title_start.checked_sub(1).and_then(|p| {
            let t = &tokens[p];
            lexicon::demonym(t.text)
                .or_else(|| country_named(gazetteer, t.text).filter(|_| t.is_capitalised()))
        });
        for t in name_start..i {
            out.tokens.insert(t);
        }
        let full = text.text[tokens[name_start].start_byte()..tokens[i - 1].end_byte()].to_string();
        out.country.insert(full, country);
        out.country.insert(tokens[i - 1].text.to_string(), country);
    }
    // Names without a title: two capitalised words side by side, neither a country, a
    // demonym nor a common word, that are not one place together ("Lloyd Austin", "Vladimir
    // Putin"); the first may be any given name ("Georgia Stevens", "Nick Burton") when the
    // second is no more than a small town. The surname is remembered ("Austin said"), unless it
    // is a capital or a city of a million, which stays a place elsewhere in the story.
    for k in 1..tokens.len() {
        let (a, b) = (&tokens[k - 1], &tokens[k]);
        let given = lexicon::is_given_name(a.text) && plain_word(gazetteer, a);
        if given && !small_or_none(gazetteer, b) {
            continue;
        }
        if a.sentence() != b.sentence()
            || a.end_byte() + 1 != b.start_byte()
            || !a.is_capitalised()
            || !b.is_capitalised()
            || a.is_acronym()
            || b.is_acronym()
            || out.tokens.contains(&k)
            || (plain_word(gazetteer, a) && !given)
            || plain_word(gazetteer, b)
            || tokens.get(k + 1).is_some_and(|c| {
                c.sentence() == b.sentence()
                    && c.is_capitalised()
                    && c.start_byte() == b.end_byte() + 1
            })
            || !candidates(gazetteer, &text.text[a.start_byte()..b.end_byte()]).is_empty()
        {
            continue;
        }
        out.tokens.insert(k - 1);
        out.tokens.insert(k);
        if given {
            out.given.insert(a.text.to_string());
        }
        let strong = candidates(gazetteer, b.text)
            .first()
            .is_some_and(strong_city);
        if !strong {
            out.country.entry(b.text.to_string()).or_insert(None);
        }
    }
    out
}

/// A town under this many people may be a surname after a given name ("Nick Burton"); a larger
/// place after a given name that is itself a place is the place ("Israel Gaza" in a headline).
const SURNAME_TOWN: u32 = 100_000;

/// True when `t` names no place, or only a town smaller than [`SURNAME_TOWN`].
fn small_or_none(gazetteer: &Gazetteer, t: &super::text::Token<'_>) -> bool {
    candidates(gazetteer, t.text).first().is_none_or(|c| {
        c.place.kind == PlaceKind::City && c.place.population < SURNAME_TOWN && !strong_city(c)
    })
}

/// The country a word names exactly ("Russia", "U.S."), if any.
pub fn country_named(gazetteer: &Gazetteer, word: &str) -> Option<CountryCode> {
    let store = gazetteer.store();
    store
        .postings(&normalize(word))
        .into_iter()
        .filter_map(|(i, kind)| store.place(i).map(|p| (p, kind)))
        .find(|(p, kind)| p.kind == PlaceKind::Country && *kind != NameKind::Code)
        .and_then(|(p, _)| p.country)
}
