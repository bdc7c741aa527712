//! Dates in article text: explicit ones in the common English forms ("9 July 2024", "July 9,
//! 2024", "July 9", "2024-07-09", "July 2024") and relative ones ("on Tuesday", "last Tuesday",
//! "yesterday", "last week"), resolved against the article's publication date. Without that
//! date a relative date, or one without a year, is not guessed: it is reported and left out.
//!
//! A weekday means the last such day on or before publication ("on Tuesday" in a story of
//! Tuesday 9 July is that day), or the next one after it with "next".

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::lexicon;
use super::text::{Token, TokenKind};

/// A date found in a sentence: the days it covers and the tokens that say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateHit {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Token range in the sentence's tokens.
    pub tokens: std::ops::Range<usize>,
    /// The year was written (not taken from the publication date).
    pub year_given: bool,
}

/// A date expression that could not be resolved, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub text: String,
}

/// The months: the first twelve calendar words.
const MONTHS: &[&str] = lexicon::CALENDAR.split_at(12).0;

fn month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() >= 3 && w != "may" && m.starts_with(w) && w.len() <= 4))
        .map(|i| i as u32 + 1)
        .filter(|_| word.chars().next().is_some_and(char::is_uppercase))
}

fn weekday(word: &str) -> Option<Weekday> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    match word.to_lowercase().as_str() {
        "monday" => Some(Weekday::Mon),
        "tuesday" => Some(Weekday::Tue),
        "wednesday" => Some(Weekday::Wed),
        "thursday" => Some(Weekday::Thu),
        "friday" => Some(Weekday::Fri),
        "saturday" => Some(Weekday::Sat),
        "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

/// A day of the month: "9", "9th", "1st".
fn day(t: &Token<'_>) -> Option<u32> {
    let digits = t
        .text
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse::<u32>()
        .ok()?;
    let suffix = &t.text[t.text.len()
        - t.text
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len()..];
    (matches!(suffix, "" | "st" | "nd" | "rd" | "th") && (1..=31).contains(&digits))
        .then_some(digits)
}

fn year(t: &Token<'_>) -> Option<i32> {
    (t.kind == TokenKind::Number && t.text.len() == 4)
        .then(|| t.text.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// The year of a range's second date, written a few words on ("… to 11 July 2024").
fn year_ahead(tokens: &[Token<'_>], from: usize) -> Option<i32> {
    let window = tokens.get(from..(from + 6).min(tokens.len()))?;
    if !window
        .first()
        .is_some_and(|t| matches!(t.text, "to" | "–" | "-" | "—" | "and" | "until" | "through"))
    {
        return None;
    }
    window.iter().find_map(year)
}

fn last_day(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).map(|d| d - Duration::days(1))
}

/// Every date in a sentence's tokens, and the relative ones that need a publication date.
pub fn find(tokens: &[Token<'_>], published: Option<NaiveDate>) -> (Vec<DateHit>, Vec<Unresolved>) {
    let mut hits = Vec::new();
    let mut unresolved = Vec::new();
    let word = |k: usize| tokens.get(k).map_or("", |t| t.text);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        let mut push = |start: NaiveDate, end: NaiveDate, len: usize| {
            // A year among the tokens read, or a date-only form with a year (ISO).
            let year_given = tokens[i..i + len].iter().any(|t| year(t).is_some())
                || t.text.len() == 10 && t.text.as_bytes().get(4) == Some(&b'-');
            hits.push(DateHit {
                start,
                end,
                tokens: i..i + len,
                year_given,
            });
            len
        };
        let mut need = |len: usize| {
            unresolved.push(Unresolved {
                text: tokens[i..i + len]
                    .iter()
                    .map(|t| t.text)
                    .collect::<Vec<_>>()
                    .join(" "),
            });
            len
        };
        // 2024-07-09
        if let Some(d) = NaiveDate::parse_from_str(t.text, "%Y-%m-%d")
            .ok()
            .filter(|_| t.text.len() == 10)
        {
            i += push(d, d, 1);
            continue;
        }
        // 9 July 2024 / 9 July
        if let (Some(dd), Some(m)) = (day(t), tokens.get(i + 1).and_then(|n| month(n.text))) {
            if let Some(y) = tokens.get(i + 2).and_then(year) {
                if let Some(d) = NaiveDate::from_ymd_opt(y, m, dd) {
                    i += push(d, d, 3);
                    continue;
                }
            }
            // No year: the one a range gives later ("9 to 11 July 2024"), else the
            // publication's.
            let y = year_ahead(tokens, i + 2).or(published.map(|p| p.year()));
            match y.and_then(|y| NaiveDate::from_ymd_opt(y, m, dd)) {
                Some(d) => i += push(d, d, 2),
                None => i += need(2),
            }
            continue;
        }
        if let Some(m) = month(t.text) {
            // "Sept. 3": the dot of an abbreviated month.
            let k = if word(i + 1) == "." { i + 2 } else { i + 1 };
            // July 3-4, 2024: a range of days in one token.
            if let Some((d1, d2)) = tokens.get(k).and_then(|t| {
                let (a, b) = t.text.split_once(['-', '–'])?;
                Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?))
            }) {
                let (y, len) = match (word(k + 1), tokens.get(k + 2).and_then(year)) {
                    (",", Some(y)) => (Some(y), k + 3 - i),
                    _ => match tokens.get(k + 1).and_then(year) {
                        Some(y) => (Some(y), k + 2 - i),
                        None => (published.map(|p| p.year()), k + 1 - i),
                    },
                };
                match y.and_then(|y| {
                    Some((
                        NaiveDate::from_ymd_opt(y, m, d1)?,
                        NaiveDate::from_ymd_opt(y, m, d2)?,
                    ))
                }) {
                    Some((a, b)) if a <= b => i += push(a, b, len),
                    _ => i += need(k + 1 - i),
                }
                continue;
            }
            // July 9, 2024 / July 9
            if let Some(dd) = tokens.get(k).and_then(day) {
                let (y, len) = match (word(k + 1), tokens.get(k + 2).and_then(year)) {
                    (",", Some(y)) => (Some(y), k + 3 - i),
                    _ => (tokens.get(k + 1).and_then(year), k + 2 - i),
                };
                let (y, len) = match y {
                    Some(y) => (Some(y), len),
                    None => (
                        year_ahead(tokens, k + 1).or(published.map(|p| p.year())),
                        k + 1 - i,
                    ),
                };
                match y.and_then(|y| NaiveDate::from_ymd_opt(y, m, dd)) {
                    Some(d) => i += push(d, d, len),
                    None => i += need(k + 1 - i),
                }
                continue;
            }
            // July 2024: the whole month.
            if let Some(y) = tokens.get(k).and_then(year) {
                if let (Some(a), Some(b)) = (NaiveDate::from_ymd_opt(y, m, 1), last_day(y, m)) {
                    i += push(a, b, k + 1 - i);
                    continue;
                }
            }
        }
        let lower = t.text.to_lowercase();
        // (last|next|on|this) Tuesday
        if let Some(wd) = weekday(t.text) {
            let before = i.checked_sub(1).map(|p| tokens[p].text.to_lowercase());
            let next = before.as_deref() == Some("next");
            match published {
                Some(p) => {
                    let d = if next {
                        let ahead = (7 + wd.num_days_from_monday() as i64
                            - p.weekday().num_days_from_monday() as i64)
                            % 7;
                        p + Duration::days(if ahead == 0 { 7 } else { ahead })
                    } else {
                        let back = (7 + p.weekday().num_days_from_monday() as i64
                            - wd.num_days_from_monday() as i64)
                            % 7;
                        let back = if back == 0 && before.as_deref() == Some("last") {
                            7
                        } else {
                            back
                        };
                        p - Duration::days(back)
                    };
                    i += push(d, d, 1);
                }
                None => i += need(1),
            }
            continue;
        }
        if matches!(lower.as_str(), "yesterday" | "today" | "tonight") {
            match published {
                Some(p) => {
                    let d = if lower == "yesterday" {
                        p - Duration::days(1)
                    } else {
                        p
                    };
                    i += push(d, d, 1);
                }
                None => i += need(1),
            }
            continue;
        }
        // last week / this week / last month
        if matches!(lower.as_str(), "last" | "this") && matches!(word(i + 1), "week" | "month") {
            match published {
                Some(p) => {
                    let (a, b) = if word(i + 1) == "week" {
                        let monday = p - Duration::days(p.weekday().num_days_from_monday() as i64);
                        if lower == "last" {
                            (monday - Duration::days(7), monday - Duration::days(1))
                        } else {
                            (monday, p)
                        }
                    } else {
                        let first = NaiveDate::from_ymd_opt(p.year(), p.month(), 1).unwrap_or(p);
                        if lower == "last" {
                            let end = first - Duration::days(1);
                            (
                                NaiveDate::from_ymd_opt(end.year(), end.month(), 1).unwrap_or(end),
                                end,
                            )
                        } else {
                            (first, p)
                        }
                    };
                    i += push(a, b, 2);
                }
                None => i += need(2),
            }
            continue;
        }
        i += 1;
    }
    (ranges(tokens, hits), unresolved)
}

/// Join dates into ranges: "from May 19 to May 21, 2023" (the first taking the second's year),
/// "3–4 July 2024" (a day before a dash).
fn ranges(tokens: &[Token<'_>], hits: Vec<DateHit>) -> Vec<DateHit> {
    let mut out: Vec<DateHit> = Vec::new();
    for mut h in hits {
        // "3–4 July 2024": the day before the dash starts the range.
        if let (Some(d), Some(dash)) = (
            h.tokens.start.checked_sub(2).and_then(|p| day(&tokens[p])),
            h.tokens.start.checked_sub(1).map(|p| tokens[p].text),
        ) {
            if matches!(dash, "–" | "-" | "—")
                && out.last().is_none_or(|o| o.tokens.end + 2 < h.tokens.start)
            {
                if let Some(start) = h.start.with_day(d).filter(|s| *s <= h.start) {
                    h.start = start;
                    h.tokens.start -= 2;
                }
            }
        }
        if let Some(prev) = out.last_mut() {
            let between: Vec<String> = tokens[prev.tokens.end..h.tokens.start]
                .iter()
                .map(|t| t.text.to_lowercase())
                .collect();
            let joined = matches!(
                between
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .as_slice(),
                ["to"] | ["–"] | ["-"] | ["—"] | ["and"] | ["until"] | ["through"] | ["till"]
            );
            if joined {
                let mut start = prev.start;
                if !prev.year_given && h.year_given {
                    start = start.with_year(h.start.year()).unwrap_or(start);
                }
                if start <= h.end {
                    prev.start = start;
                    prev.end = h.end;
                    prev.tokens.end = h.tokens.end;
                    prev.year_given |= h.year_given;
                    continue;
                }
            }
        }
        out.push(h);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::text::Text;

    fn dates(s: &str, published: Option<&str>) -> (Vec<(String, String)>, Vec<String>) {
        let t = Text::new(s);
        let p = published.map(|p| NaiveDate::parse_from_str(p, "%Y-%m-%d").unwrap());
        let (hits, un) = find(&t.tokens, p);
        (
            hits.iter()
                .map(|h| (h.start.to_string(), h.end.to_string()))
                .collect(),
            un.into_iter().map(|u| u.text).collect(),
        )
    }

    fn one(s: &str, published: Option<&str>) -> String {
        let (hits, un) = dates(s, published);
        assert!(un.is_empty(), "{s}: {un:?}");
        assert_eq!(hits.len(), 1, "{s}: {hits:?}");
        let (a, b) = &hits[0];
        if a == b {
            a.clone()
        } else {
            format!("{a}/{b}")
        }
    }

    #[test]
    fn explicit_dates() {
        assert_eq!(
            one("Talks began on 9 July 2024 in Moscow.", None),
            "2024-07-09"
        );
        assert_eq!(one("Talks began on July 9, 2024.", None), "2024-07-09");
        assert_eq!(one("Talks began on July 9th 2024.", None), "2024-07-09");
        assert_eq!(one("Talks began 2024-07-09.", None), "2024-07-09");
        assert_eq!(one("Talks began on Sept. 3 2024.", None), "2024-09-03");
        assert_eq!(one("In July 2024 they met.", None), "2024-07-01/2024-07-31");
        assert_eq!(one("They met on 9 July.", Some("2024-07-10")), "2024-07-09");
        assert_eq!(
            one(
                "Leaders met from May 19 to May 21, 2023.",
                Some("2024-07-09")
            ),
            "2023-05-19/2023-05-21"
        );
        assert_eq!(
            one("The SCO met on 3–4 July 2024.", None),
            "2024-07-03/2024-07-04"
        );
        assert_eq!(
            one("The SCO met on July 3-4, 2024.", None),
            "2024-07-03/2024-07-04"
        );
        assert_eq!(
            one("NATO met from 9 July to 11 July 2024.", None),
            "2024-07-09/2024-07-11"
        );
    }

    #[test]
    fn relative_dates_need_the_publication_date() {
        // 2024-07-09 was a Tuesday.
        assert_eq!(
            one("They met on Tuesday.", Some("2024-07-09")),
            "2024-07-09"
        );
        assert_eq!(
            one("They met last Tuesday.", Some("2024-07-09")),
            "2024-07-02"
        );
        assert_eq!(one("They met on Monday.", Some("2024-07-09")), "2024-07-08");
        assert_eq!(
            one("They meet next Monday.", Some("2024-07-09")),
            "2024-07-15"
        );
        assert_eq!(one("They met yesterday.", Some("2024-07-09")), "2024-07-08");
        assert_eq!(
            one("They met last week.", Some("2024-07-09")),
            "2024-07-01/2024-07-07"
        );
        assert_eq!(dates("They met on Tuesday.", None).1, ["Tuesday"]);
        assert_eq!(dates("They met on 9 July.", None).1, ["9 July"]);
        assert_eq!(dates("May voters and may not.", None), (vec![], vec![]));
    }
}
