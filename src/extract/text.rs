//! Article text as tokens and sentences, with character offsets (Unicode scalar values, as the
//! `start`/`end` of `diplomap extract --json` count them) and byte ranges.
//!
//! A token is a word (letters and digits, with inner hyphens and apostrophes: "Rostov-on-Don",
//! "O'Hare"; an abbreviation such as "U.S." keeps its dots), a number, or one punctuation
//! character. A possessive "'s" or "’s" is split off ("Russia’s" → "Russia", "’s"). Sentences end at
//! `.`, `!` or `?` followed by white space and a capital, digit or quote (not after a title
//! such as "Mr." or an initial), and at every line break: a headline is a sentence of its own.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Word,
    Number,
    Punct,
}

/// One token of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub kind: TokenKind,
    /// Byte range in the text.
    pub start_byte: usize,
    pub end_byte: usize,
    /// Character range in the text.
    pub start: usize,
    pub end: usize,
    /// Index of its sentence.
    pub sentence: usize,
}

impl Token<'_> {
    /// A word that starts with a capital letter.
    pub fn is_capitalised(&self) -> bool {
        self.kind == TokenKind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// A word of two or more letters, all capitals ("NATO", "U.S.").
    pub fn is_acronym(&self) -> bool {
        self.kind == TokenKind::Word
            && self.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !self.text.chars().any(char::is_lowercase)
    }
}

/// A sentence: its token range and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: std::ops::Range<usize>,
    pub start_byte: usize,
    pub end_byte: usize,
    /// Most of its words are capitalised: a headline in title case.
    pub headline: bool,
}

/// Tokens and sentences of one text.
#[derive(Debug)]
pub struct Text<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token<'a>>,
    pub sentences: Vec<Sentence>,
}

/// Words after which a dot does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "sen", "rep", "gov", "prof",
    "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "no", "vs", "etc", "inc", "corp", "co", "ltd", "jr", "sr", "mt", "ft", "approx",
];

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.')
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Text<'a> {
        let tokens = tokenize(text);
        let mut out = Text {
            text,
            tokens,
            sentences: Vec::new(),
        };
        out.split_sentences();
        out
    }

    /// The text of a sentence.
    pub fn sentence_text(&self, s: usize) -> &'a str {
        let s = &self.sentences[s];
        self.text[s.start_byte..s.end_byte].trim()
    }

    /// Tokens of a sentence.
    pub fn sentence_tokens(&self, s: usize) -> &[Token<'a>] {
        &self.tokens[self.sentences[s].tokens.clone()]
    }

    fn split_sentences(&mut self) {
        let text = self.text;
        let mut start = 0;
        let mut i = 0;
        let n = self.tokens.len();
        let mut sentence = 0;
        while i < n {
            let t = self.tokens[i];
            let next = self.tokens.get(i + 1);
            let gap = next.map_or("", |nx| &text[t.end_byte..nx.start_byte]);
            let ends = if gap.contains('\n') {
                true
            } else if t.kind == TokenKind::Punct && matches!(t.text, "." | "!" | "?") {
                let prev = i.checked_sub(1).map(|p| self.tokens[p]);
                let abbreviation = prev.is_some_and(|p| {
                    p.end_byte == t.start_byte
                        && p.kind == TokenKind::Word
                        && (ABBREVIATIONS.contains(&p.text.to_ascii_lowercase().as_str())
                            || (p.text.chars().count() == 1 && p.is_capitalised()))
                });
                let opener = next.is_some_and(|nx| {
                    nx.is_capitalised()
                        || nx.kind == TokenKind::Number
                        || matches!(nx.text, "\"" | "“" | "‘" | "'" | "(")
                });
                !abbreviation && !gap.is_empty() && opener
            } else {
                // An abbreviation such as "U.S." ends a sentence only at a line break.
                false
            };
            self.tokens[i].sentence = sentence;
            if ends || i + 1 == n {
                let end_byte = t.end_byte;
                let range = start..i + 1;
                let words: Vec<&Token<'_>> = self.tokens[range.clone()]
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word && t.text.chars().count() > 3)
                    .collect();
                let capitals = words.iter().filter(|t| t.is_capitalised()).count();
                self.sentences.push(Sentence {
                    tokens: range,
                    start_byte: self.tokens[start].start_byte,
                    end_byte,
                    // Headlines have no full stop.
                    headline: words.len() >= 3
                        && capitals * 4 >= words.len() * 3
                        && !matches!(t.text, "." | "!" | "?"),
                });
                sentence += 1;
                start = i + 1;
            }
            i += 1;
        }
    }
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |c| c.0);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if word_char(c) {
            let mut j = i + 1;
            loop {
                match chars.get(j) {
                    Some(&(_, c)) if word_char(c) => j += 1,
                    // A joiner inside a word: "Rostov-on-Don", "O'Hare", "U.S."
                    Some(&(_, c))
                        if joiner(c) && chars.get(j + 1).is_some_and(|n| word_char(n.1)) =>
                    {
                        j += 2
                    }
                    _ => break,
                }
            }
            // "U.S." keeps its last dot: single letters joined by dots.
            let word = &text[byte_at(start)..byte_at(j)];
            if chars.get(j).is_some_and(|c| c.1 == '.')
                && word.len() >= 3
                && word.split('.').all(|p| p.chars().count() == 1)
            {
                j += 1;
            }
            // Possessive: "Russia’s" is "Russia" and "’s".
            let mut end = j;
            let word = &text[byte_at(start)..byte_at(j)];
            if let Some(stem) = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .filter(|s| !s.is_empty())
            {
                end = start + stem.chars().count();
            }
            let piece = &text[byte_at(start)..byte_at(end)];
            let kind = if piece.chars().all(|c| c.is_ascii_digit() || c == '.') {
                TokenKind::Number
            } else {
                TokenKind::Word
            };
            tokens.push(Token {
                text: piece,
                kind,
                start_byte: byte_at(start),
                end_byte: byte_at(end),
                start,
                end,
                sentence: 0,
            });
            if end < j {
                tokens.push(Token {
                    text: &text[byte_at(end)..byte_at(j)],
                    kind: TokenKind::Word,
                    start_byte: byte_at(end),
                    end_byte: byte_at(j),
                    start: end,
                    end: j,
                    sentence: 0,
                });
            }
            i = j;
        } else {
            tokens.push(Token {
                text: &text[byte_at(i)..byte_at(i + 1)],
                kind: TokenKind::Punct,
                start_byte: byte_at(i),
                end_byte: byte_at(i + 1),
                start: i,
                end: i + 1,
                sentence: 0,
            });
            i += 1;
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words<'a>(t: &Text<'a>) -> Vec<&'a str> {
        t.tokens.iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokens_keep_names_abbreviations_and_offsets() {
        let t = Text::new("Russia’s strike on Rostov-on-Don; the U.S. said so. Kyiv–Lviv.");
        assert_eq!(
            words(&t),
            [
                "Russia",
                "’s",
                "strike",
                "on",
                "Rostov-on-Don",
                ";",
                "the",
                "U.S.",
                "said",
                "so",
                ".",
                "Kyiv",
                "–",
                "Lviv",
                "."
            ]
        );
        let kyiv = t.tokens.iter().find(|t| t.text == "Kyiv").unwrap();
        let chars: Vec<char> = t.text.chars().collect();
        assert_eq!(
            chars[kyiv.start..kyiv.end].iter().collect::<String>(),
            "Kyiv"
        );
        assert_eq!(t.sentences.len(), 2);
        assert_eq!(t.sentence_text(1), "Kyiv–Lviv.");
    }

    #[test]
    fn sentences_end_at_stops_and_lines_but_not_at_titles() {
        let t = Text::new(
            "Russian Missiles Strike Kyiv Children's Hospital\nMr. Modi met Mr. Putin. Talks went on! Then the U.S. Navy left.",
        );
        let texts: Vec<&str> = (0..t.sentences.len()).map(|s| t.sentence_text(s)).collect();
        assert_eq!(
            texts,
            [
                "Russian Missiles Strike Kyiv Children's Hospital",
                "Mr. Modi met Mr. Putin.",
                "Talks went on!",
                "Then the U.S. Navy left."
            ]
        );
        assert!(t.sentences[0].headline);
        assert!(!t.sentences[1].headline);
    }
}
