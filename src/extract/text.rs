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
    /// Byte range in the text (`u32`: an article is at most 4 MiB, and an article of
    /// punctuation has a token per byte, so each byte of a token counts).
    start_byte: u32,
    end_byte: u32,
    /// Character range in the text.
    start: u32,
    end: u32,
    /// Index of its sentence.
    sentence: u32,
    /// [`Token::is_capitalised`] and [`Token::is_acronym`], worked out once (each asks about
    /// every letter, and the mention finder asks often).
    capitalised: bool,
    acronym: bool,
}

impl<'a> Token<'a> {
    /// The token of `text[start_byte..end_byte]`, at characters `start..end` (offsets past
    /// `u32::MAX` saturate; `diplomap extract` reads at most 4 MiB).
    fn new(
        text: &'a str,
        kind: TokenKind,
        start_byte: usize,
        end_byte: usize,
        start: usize,
        end: usize,
    ) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let text = &text[start_byte..end_byte];
        let word = kind == TokenKind::Word;
        Token {
            text,
            kind,
            capitalised: word && text.chars().next().is_some_and(char::is_uppercase),
            acronym: word
                && text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && !text.chars().any(char::is_lowercase),
            start_byte: narrow(start_byte),
            end_byte: narrow(end_byte),
            start: narrow(start),
            end: narrow(end),
            sentence: 0,
        }
    }

    /// Byte offset of the token's start in the text.
    pub fn start_byte(&self) -> usize {
        self.start_byte as usize
    }

    /// Byte offset just past the token.
    pub fn end_byte(&self) -> usize {
        self.end_byte as usize
    }

    /// Character offset of the token's start.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Character offset just past the token.
    pub fn end(&self) -> usize {
        self.end as usize
    }

    /// Index of its sentence.
    pub fn sentence(&self) -> usize {
        self.sentence as usize
    }

    /// A word that starts with a capital letter.
    pub fn is_capitalised(&self) -> bool {
        self.capitalised
    }

    /// A word of two or more letters, all capitals ("NATO", "U.S.").
    pub fn is_acronym(&self) -> bool {
        self.acronym
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

/// The most tokens a sentence holds. A longer run without a sentence end (a list of thousands
/// of places, text without stops) is cut into sentences of at most this many tokens, at the
/// last clause break (`,`, `;`, `:`) in their second half where there is one. Real sentences are
/// far shorter; the cap keeps every step that looks across a sentence linear in the article.
pub const MAX_SENTENCE_TOKENS: usize = 160;

/// The longest word, in characters, and the most parts joined by hyphens, apostrophes or dots
/// ("Stratford-upon-Avon" has three): longer runs are no words, and are read as their parts and
/// the joiners between them.
const MAX_WORD_CHARS: usize = 64;
const MAX_WORD_PARTS: usize = 8;

fn word_char(c: char) -> bool {
    c.is_alphanumeric()
}

fn joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.')
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Text<'a> {
        let tokens = tokenize(text);
        // At most a sentence per token (capacity never written to costs no memory).
        let sentences = Vec::with_capacity(tokens.len());
        let mut out = Text {
            text,
            tokens,
            sentences,
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
        // The last clause break of the sentence under way.
        let mut clause_break: Option<usize> = None;
        while i < n {
            let t = self.tokens[i];
            let next = self.tokens.get(i + 1);
            let gap = next.map_or("", |nx| &text[t.end_byte()..nx.start_byte()]);
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
            if t.kind == TokenKind::Punct && matches!(t.text, "," | ";" | ":") {
                clause_break = Some(i);
            }
            let mut last = i;
            let full = i + 1 - start >= MAX_SENTENCE_TOKENS;
            if full && !ends && i + 1 < n {
                // Cut at the last clause break of the second half, or here.
                if let Some(c) = clause_break.filter(|&c| c >= start + MAX_SENTENCE_TOKENS / 2) {
                    last = c;
                }
            }
            if ends || full || i + 1 == n {
                let end_byte = self.tokens[last].end_byte();
                let range = start..last + 1;
                let words: Vec<&Token<'_>> = self.tokens[range.clone()]
                    .iter()
                    .filter(|t| t.kind == TokenKind::Word && t.text.chars().count() > 3)
                    .collect();
                let capitals = words.iter().filter(|t| t.is_capitalised()).count();
                self.sentences.push(Sentence {
                    tokens: range,
                    start_byte: self.tokens[start].start_byte(),
                    end_byte,
                    // Headlines have no full stop.
                    headline: words.len() >= 3
                        && capitals * 4 >= words.len() * 3
                        && !matches!(self.tokens[last].text, "." | "!" | "?"),
                });
                sentence += 1;
                start = last + 1;
                clause_break = None;
                // The tokens after a cut start the next sentence, and are looked at again.
                for tok in &mut self.tokens[start..=i] {
                    tok.sentence = sentence;
                }
                i = last;
            }
            i += 1;
        }
    }
}

/// The tokens of a text, in one pass over its characters (no copy of them).
fn tokenize(text: &str) -> Vec<Token<'_>> {
    // At most a token per byte; capacity never written to costs no memory, and the vector is
    // never copied as it grows.
    let mut tokens = Vec::with_capacity(text.len());
    let char_at = |b: usize| text.get(b..).and_then(|rest| rest.chars().next());
    // Byte and character offsets of the cursor.
    let (mut b, mut c) = (0usize, 0usize);
    while let Some(ch) = char_at(b) {
        if ch.is_whitespace() {
            b += ch.len_utf8();
            c += 1;
            continue;
        }
        let (start_b, start_c) = (b, c);
        if !word_char(ch) {
            b += ch.len_utf8();
            c += 1;
            tokens.push(Token::new(text, TokenKind::Punct, start_b, b, start_c, c));
            continue;
        }
        let (mut jb, mut jc) = (b + ch.len_utf8(), c + 1);
        let (mut parts, mut capped) = (1, false);
        while let Some(x) = char_at(jb) {
            if word_char(x) {
                jb += x.len_utf8();
                jc += 1;
            } else if joiner(x) && char_at(jb + x.len_utf8()).is_some_and(word_char) {
                // A joiner inside a word: "Rostov-on-Don", "O'Hare", "U.S."
                if parts == MAX_WORD_PARTS {
                    capped = true;
                    break;
                }
                parts += 1;
                jb += x.len_utf8();
                jc += 1;
            } else {
                break;
            }
        }
        if parts > 1 && (capped || jc - start_c > MAX_WORD_CHARS) {
            // Too long, or too many parts, for a word: its first part alone is a word, and
            // the joiner after it is read next as punctuation.
            (jb, jc) = (start_b, start_c);
            while let Some(x) = char_at(jb).filter(|&x| word_char(x)) {
                jb += x.len_utf8();
                jc += 1;
            }
        }
        // "U.S." keeps its last dot: single letters joined by dots.
        let word = &text[start_b..jb];
        if char_at(jb) == Some('.')
            && word.len() >= 3
            && word.split('.').all(|p| p.chars().count() == 1)
        {
            jb += 1;
            jc += 1;
        }
        // Possessive: "Russia’s" is "Russia" and "’s".
        let word = &text[start_b..jb];
        let (end_b, end_c) = match word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .filter(|s| !s.is_empty())
        {
            Some(stem) => (start_b + stem.len(), start_c + stem.chars().count()),
            None => (jb, jc),
        };
        let piece = &text[start_b..end_b];
        let kind = if piece.chars().all(|c| c.is_ascii_digit() || c == '.') {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        tokens.push(Token::new(text, kind, start_b, end_b, start_c, end_c));
        if end_b < jb {
            tokens.push(Token::new(text, TokenKind::Word, end_b, jb, end_c, jc));
        }
        (b, c) = (jb, jc);
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
            chars[kyiv.start()..kyiv.end()].iter().collect::<String>(),
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

    #[test]
    fn endless_words_and_sentences_are_cut() {
        // A hyphenated run of more parts than a name has is read part by part.
        let t = Text::new("Moscow-Kyiv-Moscow-Kyiv-Moscow-Kyiv-Moscow-Kyiv-Moscow-Kyiv");
        assert_eq!(t.tokens[0].text, "Moscow");
        assert_eq!(t.tokens[1].text, "-");
        assert_eq!(t.tokens.len(), 5, "{:?}", words(&t));
        assert_eq!(Text::new("Stratford-upon-Avon").tokens.len(), 1);
        // A run without a stop is cut into sentences of at most MAX_SENTENCE_TOKENS tokens,
        // after a comma where there is one.
        let list = "Moscow, Kyiv and Dnipro, ".repeat(100);
        let t = Text::new(&list);
        assert!(t.sentences.len() > 1);
        for s in 0..t.sentences.len() {
            let range = &t.sentences[s].tokens;
            assert!(range.len() <= MAX_SENTENCE_TOKENS);
            assert!(t.sentence_tokens(s).iter().all(|tok| tok.sentence() == s));
            if s + 1 < t.sentences.len() {
                assert_eq!(t.tokens[range.end - 1].text, ",");
            }
        }
        let all: usize = t.sentences.iter().map(|s| s.tokens.len()).sum();
        assert_eq!(all, t.tokens.len());
    }
}
