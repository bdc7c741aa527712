//! The precision of written coordinates: 6 decimals (about 0.1 m), as RFC 7946 §11.2 recommends,
//! so files stay small and diff cleanly. Every writer rounds through [`round6`].

/// `value` rounded to 6 decimals, with −0 written as 0.
///
/// ```
/// assert_eq!(diplomap::geodesy::precision::round6(37.6155599), 37.61556);
/// assert_eq!(diplomap::geodesy::precision::round6(-0.0000001), 0.0);
/// ```
pub fn round6(value: f64) -> f64 {
    let r = (value * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Round a length for output: 1 decimal.
pub fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Write `value` rounded to 6 decimals, exactly as `round6(value)` would print with `{}`
/// (shortest form, no trailing zeros, no `-0`), without going through float formatting:
/// the microdegree integer is printed digit by digit. Float formatting was most of the time
/// of writing a countries layer.
///
/// ```
/// let mut out = Vec::new();
/// diplomap::geodesy::precision::write6(&mut out, -122.41942);
/// out.push(b' ');
/// diplomap::geodesy::precision::write6(&mut out, 180.0);
/// assert_eq!(out, b"-122.41942 180");
/// ```
pub fn write6(out: &mut Vec<u8>, value: f64) {
    let micro = (value * 1e6).round();
    if !micro.is_finite() || micro.abs() >= 9e15 {
        // Out of any coordinate's range: fall back to ordinary formatting.
        out.extend_from_slice(round6(value).to_string().as_bytes());
        return;
    }
    let micro = micro as i64;
    // Written right to left into one buffer, then copied once: fraction digits without their
    // trailing zeros, the point, the integer digits, the sign.
    let abs = micro.unsigned_abs();
    let (mut int, mut frac) = (abs / 1_000_000, abs % 1_000_000);
    let mut buf = [0u8; 24];
    let mut at = buf.len();
    if frac > 0 {
        let mut digits = 6;
        while frac % 10 == 0 {
            frac /= 10;
            digits -= 1;
        }
        for _ in 0..digits {
            at -= 1;
            buf[at] = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        at -= 1;
        buf[at] = b'.';
    }
    loop {
        at -= 1;
        buf[at] = b'0' + (int % 10) as u8;
        int /= 10;
        if int == 0 {
            break;
        }
    }
    if micro < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    out.extend_from_slice(&buf[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_round6(v: f64) {
        let mut out = Vec::new();
        write6(&mut out, v);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            round6(v).to_string(),
            "{v}"
        );
    }

    #[test]
    fn write6_prints_what_round6_prints() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..200_000 {
            // xorshift: values across the coordinate range, many with short decimals.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let v = (state % 360_000_001) as f64 / 1e6 - 180.0;
            let v = if state & 1 == 0 {
                v
            } else {
                (v * 1000.0).round() / 1000.0
            };
            same_as_round6(v);
        }
        for v in [
            0.0, -0.0, -0.0000004, 0.0000005, 1e-7, 180.0, -180.0, 54.8445134, 89.9999995,
        ] {
            same_as_round6(v);
        }
    }
}
