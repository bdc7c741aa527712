//! From article to draft scenario, offline: the text is split into tokens and sentences
//! ([`text`]); the people it names are found first ([`mentions::people`]), so that their names
//! are not taken for places; place mentions are found and resolved against the gazetteer
//! ([`mentions`]); dates are read ([`dates`]); events are drafted from trigger words and the
//! places around them ([`events`]); [`draft`] writes the scenario TOML (which `diplomap build`
//! accepts as it is) or JSON.

pub mod accept;
pub mod coherence;
pub mod context;
pub mod cues;
pub mod dates;
pub mod draft;
pub mod events;
pub mod interned;
pub mod lexicon;
pub mod lookup;
pub mod mentions;
pub mod people;
pub mod qualify;
pub mod text;

use chrono::NaiveDate;

use crate::gazetteer::Gazetteer;

/// What was found in one article.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub mentions: Vec<mentions::Mention>,
    pub events: Vec<events::DraftEvent>,
    /// Problems to tell the analyst: undated events, no places found.
    pub warnings: Vec<String>,
}

/// Read one article. `published` resolves relative dates ("on Tuesday").
///
/// ```
/// let gazetteer = diplomap::gazetteer::Gazetteer::embedded().unwrap();
/// let text = "Russian missiles struck Kyiv on 8 July 2024.";
/// let found = diplomap::extract::extract(text, &gazetteer, None);
/// let names: Vec<&str> = found.mentions.iter().map(|m| &*m.place.name).collect();
/// assert_eq!(names, ["Russia", "Kyiv"]);
/// assert_eq!(found.events[0].kind, diplomap::scenario::EventKind::Strike);
/// ```
pub fn extract(article: &str, gazetteer: &Gazetteer, published: Option<NaiveDate>) -> Extraction {
    let text = text::Text::new(article);
    let people = mentions::people(&text, gazetteer);
    let mentions = mentions::find(&text, gazetteer, &people);
    let events = events::draft(&text, &mentions, &people, published);
    let mut warnings = Vec::new();
    if mentions.is_empty() {
        warnings.push("no places found in the text".to_string());
    }
    // Corridors need no date.
    for e in events
        .iter()
        .filter(|e| e.kind != crate::scenario::EventKind::Corridor)
    {
        if e.start.is_none() {
            warnings.push(match &e.undated_hint {
                Some(word) => format!(
                    "sentence {}: the {} has no date: '{word}' needs the publication date; hint: pass --date YYYY-MM-DD",
                    e.sentence + 1,
                    e.kind.as_str()
                ),
                None => format!(
                    "sentence {}: the {} has no date in its sentence; add one by hand",
                    e.sentence + 1,
                    e.kind.as_str()
                ),
            });
        }
    }
    Extraction {
        mentions,
        events,
        warnings,
    }
}
