//! The words beside a name that say what kind of place it is: "the state of Washington",
//! "New York Governor Andrew Cuomo", "Idlib province", "the Kherson region" name a state or a
//! province; "the city of Turkey", "London Mayor Sadiq Khan" name a town. A reader takes these
//! words over any ranking, so [`level`] narrows a name's readings to that kind when it has one
//! (Turkey, Texas, not the country; the Washington state farm, not the capital).

use super::lexicon;
use super::text::Token;

/// The kind of place the words around a name ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// A first-order division: a state, province, region, oblast, governorate.
    State,
    /// A city, town or village.
    Town,
    /// What has a government of its own: a state, a province or a country ("the Quebec
    /// government", "Quebec Health Minister Gaetan Barrette"), not the town of that name.
    Government,
}

/// Words that, right after a name or before "of" and a name, make it a first-order division
/// (the plurals after the last name of a list: "Hunan and Hubei provinces"; not "states",
/// which follows countries: "U.S. states", "Gulf states").
const STATE_WORDS: &[&str] = &[
    "state",
    "province",
    "provinces",
    "region",
    "regions",
    "oblast",
    "governorate",
    "prefecture",
    "governor",
    "legislature",
    "premier",
];

/// Words that, right after a name or before "of" and a name, make it a town.
const TOWN_WORDS: &[&str] = &["city", "town", "village", "mayor"];

/// Words that, right after a name (or "government" before "of" and a name), make it what has
/// a government: a state, a province or a country.
const GOVERNMENT_WORDS: &[&str] = &[
    "government",
    "ministry",
    "minister",
    "cabinet",
    "parliament",
];

/// Words that, right after a name, make it the state a company is incorporated in ("a
/// Delaware corporation", "a Nevada limited liability company", "a Delaware LLC").
const INCORPORATION_WORDS: &[&str] = &["corporation", "llc", "l.l.c", "limited"];

/// Capitalised words that may follow a name and still say its kind: the titles of governors,
/// premiers and mayors, a legislature, and the words of [`GOVERNMENT_WORDS`].
fn title_word(lower: &str) -> bool {
    matches!(lower, "governor" | "premier" | "mayor" | "legislature")
        || GOVERNMENT_WORDS.contains(&lower)
}

/// What the words around the `len` tokens from `i` say the name is: a state or province
/// ("state of Washington", "Idlib province", "New York Governor"), a town ("city of Turkey",
/// "London mayor"), or nothing. A word after the name counts in lower case ("Washington
/// state", "Quebec city") or as a title ("New York Governor", "London Mayor"); "of" after a
/// name ("the Governor of Texas" is read from the name after "of") never counts, nor does a word
/// that "of" follows: in "the Hunan city of Yueyang" the city is Yueyang.
pub fn level(tokens: &[Token<'_>], i: usize, len: usize) -> Option<Level> {
    let sentence = tokens[i].sentence();
    let same = |t: &&Token<'_>| t.sentence() == sentence;
    let kind = |word: &str| {
        let lower = word.to_lowercase();
        if STATE_WORDS.contains(&lower.as_str()) {
            Some(Level::State)
        } else if TOWN_WORDS.contains(&lower.as_str()) {
            Some(Level::Town)
        } else if GOVERNMENT_WORDS.contains(&lower.as_str()) {
            Some(Level::Government)
        } else {
            None
        }
    };
    // "the state of Washington", "the City of Turkey", "Governor of New York".
    let before = i
        .checked_sub(2)
        .and_then(|p| tokens.get(p..i))
        .filter(|w| w.iter().all(|t| same(&t)) && w[1].text == "of")
        .and_then(|w| kind(w[0].text))
        .filter(|l| {
            *l != Level::Government || tokens[i - 2].text.eq_ignore_ascii_case("government")
        });
    // "Washington state", "Idlib province", "New York Governor", but not "Ohio State": a
    // capitalised word after the name is part of another name unless it is a title, and the
    // titles are the governors', premiers' and mayors'.
    let after = tokens
        .get(i + len)
        .filter(same)
        .filter(|t| t.start_byte() == tokens[i + len - 1].end_byte() + 1)
        .filter(|t| !t.is_capitalised() || title_word(&t.text.to_lowercase()))
        .filter(|_| tokens.get(i + len + 1).is_none_or(|t| t.text != "of"))
        .and_then(|t| kind(t.text));
    before
        .or(after)
        .or_else(|| portfolio(tokens, i + len))
        .or_else(|| incorporated(tokens, i + len))
}

/// "Quebec Health Minister", "Ontario Finance Ministry": one or two capitalised words of a
/// portfolio between the name (ending before `at`) and "Minister" or "Ministry".
fn portfolio(tokens: &[Token<'_>], at: usize) -> Option<Level> {
    let sentence = tokens.get(at)?.sentence();
    (1..=2).find_map(|words| {
        let w = tokens.get(at..at + words + 1)?;
        let fits = w
            .iter()
            .all(|t| t.sentence() == sentence && t.is_capitalised())
            && w.windows(2)
                .all(|p| p[1].start_byte() == p[0].end_byte() + 1)
            && matches!(w[words].text, "Minister" | "Ministry")
            && !w[..words].iter().any(|t| lexicon::is_title(t.text));
        fits.then_some(Level::Government)
    })
}

/// "a Delaware corporation", "a Nevada limited liability company", "a Delaware LLC": the state a
/// company is incorporated in, the name starting at `at`'s previous word and an article before.
fn incorporated(tokens: &[Token<'_>], at: usize) -> Option<Level> {
    let next = tokens.get(at)?;
    let word = next.text.to_lowercase();
    if !INCORPORATION_WORDS.contains(&word.as_str()) {
        return None;
    }
    // "limited" only as "limited liability company" or "limited partnership".
    let limited_ok = word != "limited"
        || tokens
            .get(at + 1)
            .is_some_and(|t| matches!(t.text.to_lowercase().as_str(), "liability" | "partnership"));
    limited_ok.then_some(Level::State)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::Text;

    /// The level of the name at `name` (its first word) in `text`, `words` long.
    fn level_of(text: &str, name: &str, words: usize) -> Option<Level> {
        let t = Text::new(text);
        let i = t.tokens.iter().position(|t| t.text == name).unwrap();
        level(&t.tokens, i, words)
    }

    #[test]
    fn words_before_a_name_and_after_it_give_its_kind() {
        assert_eq!(
            level_of("It happened in the state of Washington.", "Washington", 1),
            Some(Level::State)
        );
        assert_eq!(
            level_of("a cow from a Washington state farm", "Washington", 1),
            Some(Level::State)
        );
        assert_eq!(
            level_of("New York Governor Andrew Cuomo said", "New", 2),
            Some(Level::State)
        );
        assert_eq!(
            level_of("Shelling hit Idlib province overnight.", "Idlib", 1),
            Some(Level::State)
        );
        assert_eq!(
            level_of("according to the city of Turkey.", "Turkey", 1),
            Some(Level::Town)
        );
        assert_eq!(
            level_of("London Mayor Sadiq Khan spoke.", "London", 1),
            Some(Level::Town)
        );
        assert_eq!(
            level_of("floods in Hunan and Hubei provinces", "Hubei", 1),
            Some(Level::State)
        );
    }

    #[test]
    fn a_capitalised_word_after_a_name_or_a_word_of_another_sentence_is_no_cue() {
        assert_eq!(
            level_of("He played for Ohio State on Saturday.", "Ohio", 1),
            None
        );
        assert_eq!(
            level_of("Fighting near Kherson. Region leaders met.", "Kherson", 1),
            None
        );
        assert_eq!(level_of("The Bank of England said.", "England", 1), None);
        assert_eq!(level_of("Talks in Paris ended.", "Paris", 1), None);
        assert_eq!(level_of("In the Hunan city of Yueyang.", "Hunan", 1), None);
    }
}
