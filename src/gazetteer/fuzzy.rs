//! Typo-tolerant search: every index key within a Levenshtein distance of the query, found by
//! intersecting a Levenshtein DFA (`levenshtein_automata`, transpositions cost one) with the FST
//! of keys, so a search touches only the keys near the query instead of scanning all of them.
//!
//! Searching every key costs ~10 ms, so a search is scoped: most typos keep the first letter
//! ([`Scope::SameFirstChar`], ~0.2 ms); a wrong first letter (Wladivostok) usually keeps the
//! second ([`Scope::SameSecondByte`]). A typo in both of the first two letters is not corrected.

use std::sync::OnceLock;

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA, SINK_STATE};

use super::store::Store;

/// Fuzzy matching is never tried on queries shorter than this many characters: short words have
/// too many neighbours ("Korea" is one edit from "Korla").
pub const MIN_FUZZY_CHARS: usize = 6;
/// Queries of this many characters or more may be two edits away; shorter ones one edit.
pub const TWO_EDIT_CHARS: usize = 9;
/// At most this many keys are examined per search.
const MAX_KEYS: usize = 4096;

fn builder(distance: u8) -> &'static LevenshteinAutomatonBuilder {
    static ONE: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    static TWO: OnceLock<LevenshteinAutomatonBuilder> = OnceLock::new();
    match distance {
        0 | 1 => ONE.get_or_init(|| LevenshteinAutomatonBuilder::new(1, true)),
        _ => TWO.get_or_init(|| LevenshteinAutomatonBuilder::new(2, true)),
    }
}

/// True when two keys are at most one edit apart (a transposition counts as one).
pub fn within_one_edit(a: &str, b: &str) -> bool {
    // Lengths further apart than one cannot be; strsim's optimal string alignment counts a
    // transposition as one edit, as the automaton does, without building one per call.
    a.chars().count().abs_diff(b.chars().count()) <= 1 && strsim::osa_distance(a, b) <= 1
}

/// The edit distance a key of `chars` characters may be searched with (0: not at all).
pub fn allowed_edits(chars: usize) -> u8 {
    if chars >= TWO_EDIT_CHARS {
        2
    } else if chars >= MIN_FUZZY_CHARS {
        1
    } else {
        0
    }
}

struct Automaton<'a>(&'a DFA);

impl fst::Automaton for Automaton<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Which keys a fuzzy search looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Keys that start with the query's first character.
    SameFirstChar,
    /// Keys whose second byte is the query's second byte (an ASCII letter or digit).
    SameSecondByte,
}

/// Accepts byte strings whose second byte is `0`.
struct SecondByte(u8);

impl fst::Automaton for SecondByte {
    /// 0: start, 1: one byte read, 2: matched, 3: dead.
    type State = u8;

    fn start(&self) -> u8 {
        0
    }

    fn is_match(&self, state: &u8) -> bool {
        *state == 2
    }

    fn can_match(&self, state: &u8) -> bool {
        *state != 3
    }

    fn accept(&self, state: &u8, byte: u8) -> u8 {
        match *state {
            0 => 1,
            1 if byte == self.0 => 2,
            2 => 2,
            _ => 3,
        }
    }
}

/// Every key within `max_edits` of `key` (excluding an exact match), with its FST value and
/// distance, in key order.
pub fn search(store: &Store, key: &str, max_edits: u8, scope: Scope) -> Vec<(String, u64, u8)> {
    use fst::automaton::{Automaton as _, Str};
    use fst::{IntoStreamer, Streamer};
    if max_edits == 0 || key.is_empty() {
        return Vec::new();
    }
    let dfa = builder(max_edits).build_dfa(key);
    let mut stream = match scope {
        Scope::SameFirstChar => {
            let first = key.chars().next().map_or("", |c| &key[..c.len_utf8()]);
            let automaton = Str::new(first).starts_with().intersection(Automaton(&dfa));
            Box::new(store.names.search(automaton).into_stream())
                as Box<dyn for<'a> Streamer<'a, Item = (&'a [u8], u64)>>
        }
        Scope::SameSecondByte => match key.as_bytes().get(1) {
            Some(&b) if b.is_ascii_alphanumeric() => {
                let automaton = SecondByte(b).intersection(Automaton(&dfa));
                Box::new(store.names.search(automaton).into_stream())
            }
            _ => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    while let Some((k, v)) = stream.next() {
        if let Distance::Exact(d) = dfa.eval(k) {
            if d > 0 && d <= max_edits {
                out.push((String::from_utf8_lossy(k).into_owned(), v, d));
            }
        }
        if out.len() >= MAX_KEYS {
            break;
        }
    }
    out
}
