//! JSON strings written straight into a byte buffer, byte for byte as serde_json writes them:
//! copied as they are when nothing in them needs escaping (serde_json escapes only `"`, `\` and
//! the control characters below U+0020), else handed to serde_json. The check reads eight bytes
//! at a time, since a million-row table writes some twenty strings per row.

/// Append `s` as a JSON string.
///
/// ```
/// let mut out = Vec::new();
/// diplomap::output::json_text::push_str(&mut out, "Kyiv");
/// out.push(b' ');
/// diplomap::output::json_text::push_str(&mut out, "Saint \"Petersburg\"\n");
/// assert_eq!(out, br#""Kyiv" "Saint \"Petersburg\"\n""#);
/// ```
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// True when some byte is `"`, `\` or below 0x20.
pub fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Some byte of `x` is zero (for `below`, less than n ≤ 0x80) exactly when the result has
    // a high bit set: the classic "has a zero byte" test, exact as a yes or no.
    let zero = |x: u64| (x.wrapping_sub(ONES) & !x & HIGHS) != 0;
    let below = |x: u64, n: u64| (x.wrapping_sub(ONES * n) & !x & HIGHS) != 0;
    let hit = |c: &[u8]| {
        let x = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        below(x, 0x20) || zero(x ^ (ONES * u64::from(b'"'))) || zero(x ^ (ONES * u64::from(b'\\')))
    };
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
    }
    // Whole words, then the last eight bytes (overlapping the last word read).
    bytes.chunks_exact(8).any(hit) || hit(&bytes[bytes.len() - 8..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_in_every_position_is_judged_as_serde_json_judges_it() {
        for b in 0..=255u8 {
            for len in 1..=17 {
                for at in 0..len {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = b;
                    let escaped = b < 0x20 || b == b'"' || b == b'\\';
                    assert_eq!(
                        needs_escape(&bytes),
                        escaped,
                        "byte {b:#x} at {at} of {len}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_same_text_as_serde_json() {
        for s in [
            "",
            "Kyiv",
            "Chennai–Vladivostok corridor",
            "</script>\u{2028}",
            "tab\there",
            "a \"quoted\" \\ back",
            "\u{7f}\u{80}\u{ff}ü",
            "exactly8",
            "sixteen bytes!!!",
        ] {
            let mut out = Vec::new();
            push_str(&mut out, s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
    }
}
