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
