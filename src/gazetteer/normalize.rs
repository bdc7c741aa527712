//! Name normalisation: the one function that turns a place name, as a user or a data source spells
//! it, into the key the gazetteer index is built on and searched with.
//!
//! The same function runs at import time (on every GeoNames, Natural Earth and user name) and at
//! query time, so whatever it folds is folded on both sides. Rules, in order:
//! - Unicode canonical decomposition, then combining marks are dropped after Latin and Greek
//!   letters (São → sao, Hyderābād → hyderabad, Αθήνα → αθηνα); marks in other scripts are kept,
//!   because in Cyrillic or Japanese they make a different letter (й is not и).
//! - Latin letters that do not decompose are spelled out (ß → ss, æ → ae, ø → o, ł → l, đ → d,
//!   ı → i, þ → th, œ → oe).
//! - Lower case.
//! - Full stops and apostrophes vanish (D.C. → dc, N'Djamena → ndjamena); every other punctuation
//!   or symbol character and every run of white space becomes one space.
//! - Whole-word abbreviations are expanded: st → saint, ste → sainte, mt → mount, ft → fort.

use unicode_normalization::char::{canonical_combining_class, decompose_canonical};

/// Normalise a name into its index key. An input with no letters or digits gives an empty key.
///
/// ```
/// use diplomap::gazetteer::normalize::normalize;
/// assert_eq!(normalize("São Paulo"), "sao paulo");
/// assert_eq!(normalize("Hyderābād"), "hyderabad");
/// assert_eq!(normalize("St. Petersburg"), "saint petersburg");
/// assert_eq!(normalize("Washington, D.C."), "washington dc");
/// assert_eq!(normalize("Москва"), "москва");
/// assert_eq!(normalize("  Kyiv  "), "kyiv");
/// ```
pub fn normalize(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    if name.is_ascii() {
        for b in name.bytes() {
            push_ascii(&mut folded, b as char);
        }
    } else {
        let mut last_base_foldable = false;
        for c in name.chars() {
            if canonical_combining_class(c) != 0 || is_mark(c) {
                // A mark already separate in the input belongs to the previous letter.
                if !last_base_foldable {
                    folded.push(c);
                }
                continue;
            }
            let mut base = None;
            decompose_canonical(c, |d| {
                base.get_or_insert(d);
            });
            match base {
                Some(b) if is_latin_or_greek(b) => {
                    last_base_foldable = true;
                    push_char(&mut folded, b);
                }
                _ => {
                    last_base_foldable = false;
                    push_char(&mut folded, c);
                }
            }
        }
    }
    expand_abbreviations(folded.trim_end())
}

/// True for an abbreviation written with full stops ("Ky.", "S.C.", "L.A.", "W. Va."): letters,
/// stops and spaces only, with at least one stop. ISO country codes are never written so, so such
/// a name is not read as one ("S.C." is South Carolina, not the Seychelles' SC).
///
/// ```
/// use diplomap::gazetteer::normalize::written_with_stops;
/// assert!(written_with_stops("Ky.") && written_with_stops("W. Va."));
/// assert!(!written_with_stops("KY") && !written_with_stops("St. Louis, Mo"));
/// ```
pub fn written_with_stops(name: &str) -> bool {
    let name = name.trim();
    name.contains('.')
        && name.chars().any(|c| c.is_alphabetic())
        && name
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == ' ')
        && name.chars().filter(|c| c.is_alphabetic()).count() <= 6
}

/// The index key of an abbreviation written with stops, which keeps them ("s.c.", "w.va."), so
/// that "S.C." finds the places whose sources write it so before any other place keyed "sc".
/// `None` unless [`written_with_stops`].
pub fn stops_key(name: &str) -> Option<String> {
    written_with_stops(name).then(|| {
        name.chars()
            .filter(|c| *c != ' ')
            .flat_map(char::to_lowercase)
            .collect()
    })
}

fn push_ascii(out: &mut String, c: char) {
    match c {
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        'a'..='z' | '0'..='9' => out.push(c),
        '.' | '\'' | '`' => {}
        _ => push_space(out),
    }
}

fn push_char(out: &mut String, c: char) {
    if c.is_ascii() {
        return push_ascii(out, c);
    }
    let spelled = match c {
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ı' => "i",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        // Apostrophe look-alikes vanish like the ASCII apostrophe.
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '\u{00B4}' | '\u{02B9}' => "",
        _ => {
            if c.is_alphanumeric() {
                for l in c.to_lowercase() {
                    out.push(l);
                }
            } else {
                push_space(out);
            }
            return;
        }
    };
    out.push_str(spelled);
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Combining marks that have a canonical combining class of 0 (some Indic vowel signs are Mc/Mn
/// with class 0); they belong to their base letter and are kept unless the base is Latin/Greek.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

fn is_latin_or_greek(c: char) -> bool {
    matches!(c as u32, 0x0041..=0x024F | 0x0370..=0x03FF | 0x1E00..=0x1FFF)
}

fn expand_abbreviations(folded: &str) -> String {
    if !folded
        .split(' ')
        .any(|w| matches!(w, "st" | "ste" | "mt" | "ft"))
    {
        return folded.to_string();
    }
    let words: Vec<&str> = folded
        .split(' ')
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            "mt" => "mount",
            "ft" => "fort",
            other => other,
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(normalize("SÃO PAULO"), normalize("sao paulo"));
        assert_eq!(normalize("Köln"), "koln");
        assert_eq!(normalize("Gdańsk"), "gdansk");
        assert_eq!(normalize("Łódź"), "lodz");
        assert_eq!(normalize("Straße"), "strasse");
        assert_eq!(normalize("Côte d'Ivoire"), "cote divoire");
        assert_eq!(normalize("Côte d\u{2019}Ivoire"), "cote divoire");
        assert_eq!(normalize("Kryvyi-Rih"), "kryvyi rih");
        assert_eq!(normalize("U.S.A."), "usa");
        assert_eq!(normalize("US-TX"), "us tx");
        assert_eq!(normalize("Ste. Foy"), "sainte foy");
        assert_eq!(normalize("Saint Petersburg"), normalize("St Petersburg"));
    }

    #[test]
    fn keeps_other_scripts() {
        assert_eq!(normalize("北京"), "北京");
        assert_eq!(normalize("Київ"), "київ");
        // й keeps its breve: it is a different letter from и.
        assert_ne!(normalize("Йошкар-Ола"), normalize("Иошкар-Ола"));
        assert_eq!(normalize("Αθήνα"), "αθηνα");
    }

    #[test]
    fn empty_and_punctuation_only_inputs_give_empty_keys() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("   "), "");
        assert_eq!(normalize("..."), "");
        assert_eq!(normalize(", ,"), "");
    }
}
