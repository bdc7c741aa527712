//! The words `extract` knows besides place names: demonyms ("Indian" → IN) and common English
//! words (`data/words/`, made by `scripts/build-words` from registry packages), and the small
//! closed classes of news English that decide whether a capitalised word is a place: titles
//! that precede a person's name, calendar words, and the organisations whose gatherings are
//! summits.

use crate::gazetteer::CountryCode;
use std::collections::HashMap;
use std::sync::OnceLock;

const DEMONYMS: &str = include_str!("../../data/words/demonyms.tsv");
const COMMON: &str = include_str!("../../data/words/common-words.txt");
const GIVEN: &str = include_str!("../../data/words/given-names.txt");

/// Words that put a person's name after them ("President Vladimir Putin").
pub const TITLES: &[&str] = &[
    "president",
    "minister",
    "premier",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "sheikh",
    "emir",
    "sultan",
    "pope",
    "mr",
    "mrs",
    "ms",
    "dr",
    "general",
    "gen",
    "admiral",
    "marshal",
    "colonel",
    "senator",
    "sen",
    "congressman",
    "congresswoman",
    "secretary",
    "ambassador",
    "governor",
    "mayor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "commander",
    "chief",
    "leader",
    "lord",
    "sir",
    "dame",
    "judge",
    "justice",
    "lieutenant",
    "captain",
    "director",
    "chairman",
    "chairwoman",
    "ayatollah",
    "rabbi",
];

/// Months, then weekdays and holidays: never places ("in March", "on Tuesday", "at
/// Christmas"; "Christmas Island" is found whole). `dates` reads the first twelve as the
/// months.
pub const CALENDAR: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "christmas",
    "easter",
    "thanksgiving",
    "halloween",
    "hanukkah",
    "ramadan",
    "diwali",
    "passover",
];

/// Prepositions after which a capitalised word is usually a place ("in Nice", "to Reading").
pub const LOCATIVE: &[&str] = &[
    "in", "at", "to", "from", "near", "outside", "across", "into", "toward", "towards", "via",
    "through", "around", "inside", "between", "over", "on", "off", "of", "visited", "visiting",
    "and",
];

/// Organisations whose gatherings are summits, by the acronym news English uses, with the
/// spelled-out names that mean the same.
pub const ORGANISATIONS: &[(&str, &[&str])] = &[
    (
        "NATO",
        &[
            "North Atlantic Treaty Organization",
            "North Atlantic Treaty Organisation",
        ],
    ),
    (
        "SCO",
        &[
            "Shanghai Cooperation Organisation",
            "Shanghai Cooperation Organization",
        ],
    ),
    ("G7", &["Group of Seven"]),
    ("G20", &["Group of Twenty", "Group of 20"]),
    ("BRICS", &[]),
    ("ASEAN", &["Association of Southeast Asian Nations"]),
    ("APEC", &["Asia-Pacific Economic Cooperation"]),
    ("EU", &["European Union"]),
    ("AU", &["African Union"]),
    ("OPEC", &[]),
    ("CSTO", &["Collective Security Treaty Organization"]),
    (
        "OSCE",
        &["Organization for Security and Co-operation in Europe"],
    ),
    ("GCC", &["Gulf Cooperation Council"]),
    ("Quad", &[]),
    ("CHOGM", &[]),
    ("UN", &["United Nations"]),
];

/// The organisation an acronym or name stands for.
pub fn organisation(text: &str) -> Option<&'static str> {
    ORGANISATIONS
        .iter()
        .find(|(acronym, names)| *acronym == text || names.contains(&text))
        .map(|(acronym, _)| *acronym)
}

/// The country (ISO 3166-1 alpha-2) of a demonym as written ("Indian", "Indians", "North
/// Korean"), if it is one.
pub fn demonym(text: &str) -> Option<CountryCode> {
    static MAP: OnceLock<HashMap<String, CountryCode>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut map = HashMap::new();
        for line in DEMONYMS.lines() {
            let Some((code, word)) = line.split_once('\t') else {
                continue;
            };
            let Some(code) = CountryCode::new(code) else {
                continue;
            };
            // Plurals: Indians, Russians (not Swiss, British, Chinese, Dutch).
            if !["ese", "ss", "sh", "ch"].iter().any(|e| word.ends_with(e)) {
                map.entry(format!("{word}s")).or_insert(code);
            }
            map.insert(word.to_string(), code);
        }
        map
    });
    map.get(text).copied()
}

/// True when `word` (lower case) is a common English word ("nice", "reading", "male").
pub fn is_common(word: &str) -> bool {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let words = WORDS.get_or_init(|| COMMON.lines().collect());
    words.binary_search(&word).is_ok()
}

/// True when `word`, as written, is an English given name ("Georgia", "Nick"), sorted in
/// `data/words/given-names.txt`.
pub fn is_given_name(word: &str) -> bool {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    let names = NAMES.get_or_init(|| GIVEN.lines().collect());
    names.binary_search(&word).is_ok()
}

/// Pronouns, articles and determiners, lower case.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "i", "me", "my", "mine", "we", "us", "our", "ours", "you", "your", "he",
    "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "this", "that",
    "these", "those",
];

/// True for a pronoun, an article or a determiner as written — but not for a word of two or
/// more capitals, which is an acronym ("US", "IT").
pub fn is_function_word(word: &str) -> bool {
    let acronym = word.len() >= 2 && word.chars().all(|c| c.is_ascii_uppercase());
    !acronym && word.is_ascii() && FUNCTION_WORDS.contains(&word.to_ascii_lowercase().as_str())
}

/// Titles and calendar words are ASCII (a test checks), so a word that is not is neither,
/// and one that is needs only an ASCII lowercase.
pub fn is_title(word: &str) -> bool {
    word.is_ascii() && TITLES.contains(&word.to_ascii_lowercase().trim_end_matches('.'))
}

pub fn is_calendar(word: &str) -> bool {
    word.is_ascii() && CALENDAR.contains(&word.to_ascii_lowercase().as_str())
}

/// The words that end a street's name, lower case ("London Road", "Raynham Avenue").
const STREET_WORDS: &[&str] = &[
    "street",
    "road",
    "avenue",
    "lane",
    "drive",
    "boulevard",
    "terrace",
    "parkway",
];

/// True for a word (lower case) that ends a street's name.
pub fn is_street_word(word: &str) -> bool {
    STREET_WORDS.contains(&word)
}

/// Months and weekdays as news English shortens them ("Nov", "Sept", "Thurs"), lower case.
const CALENDAR_SHORT: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
];

/// True for a month or weekday written short ("Nov", "Sept"), as written with its first
/// letter alone in capitals or all in capitals.
pub fn is_calendar_abbreviation(word: &str) -> bool {
    word.is_ascii() && CALENDAR_SHORT.contains(&word.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_calendar_words_are_ascii() {
        assert!(TITLES.iter().chain(CALENDAR).all(|w| w.is_ascii()));
    }

    #[test]
    fn demonyms_and_their_plurals() {
        assert_eq!(demonym("Indian"), CountryCode::new("IN"));
        assert_eq!(demonym("Indians"), CountryCode::new("IN"));
        assert_eq!(demonym("Russian"), CountryCode::new("RU"));
        assert_eq!(demonym("North Korean"), CountryCode::new("KP"));
        assert_eq!(demonym("Swiss"), CountryCode::new("CH"));
        assert_eq!(demonym("Swisss"), None);
        assert_eq!(demonym("French"), CountryCode::new("FR"));
        assert_eq!(demonym("Kazakh"), CountryCode::new("KZ"));
        assert_eq!(demonym("indian"), None);
    }

    #[test]
    fn common_words() {
        for w in ["nice", "reading", "male", "the", "turkey"] {
            assert!(is_common(w), "{w}");
        }
        for w in ["moscow", "kyiv", "vladivostok", "putin"] {
            assert!(!is_common(w), "{w}");
        }
    }
}
