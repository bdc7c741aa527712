//! Cutting lines at the antimeridian, as RFC 7946 §3.1.9 asks: a line whose continuous longitudes
//! pass ±180 becomes several parts that meet there, the first ending at exactly 180 (or −180) and
//! the next starting at exactly −180 (or 180) at the same latitude. Without the cut, a viewer joins
//! 179°E to 179°W with a stroke across the whole map.
//!
//! The input is a path of continuous longitudes (each within 180° of the previous); its segments
//! are great-circle segments, so the crossing latitude comes from the closed form in
//! [`super::great_circle::latitude_at`], not from straight-line interpolation.

use super::great_circle::latitude_at;
use super::LonLat;

/// Which 360°-wide sheet a continuous longitude is on: 0 for [-180, 180), 1 for [180, 540)…
fn sheet(lon: f64) -> i64 {
    ((lon + 180.0) / 360.0).floor() as i64
}

/// Cut a path of continuous longitudes into parts whose longitudes all lie in [-180, 180].
///
/// A path that never crosses comes back as one part. Parts have at least two distinct vertices.
///
/// ```
/// use diplomap::geodesy::{antimeridian::cut, LonLat};
/// let parts = cut(&[LonLat::new(170.0, 50.0), LonLat::new(190.0, 50.0)]);
/// assert_eq!(parts.len(), 2);
/// assert_eq!(parts[0].last().unwrap().lon, 180.0);
/// assert_eq!(parts[1][0].lon, -180.0);
/// assert_eq!(parts[0].last().unwrap().lat, parts[1][0].lat);
/// ```
pub fn cut(path: &[LonLat]) -> Vec<Vec<LonLat>> {
    let mut parts: Vec<Vec<LonLat>> = Vec::new();
    let Some(&first) = path.first() else {
        return parts;
    };
    let mut current_sheet = sheet(first.lon);
    let mut current = vec![shift(first, current_sheet)];
    for w in path.windows(2) {
        let (a, b) = (w[0], w[1]);
        let target = sheet(b.lon);
        // Cross one boundary at a time (a segment never spans more than 180°, but be general).
        while current_sheet != target {
            let east = target > current_sheet;
            let boundary = if east {
                180.0 + 360.0 * current_sheet as f64
            } else {
                -180.0 + 360.0 * current_sheet as f64
            };
            let lat = crossing_latitude(a, b, boundary);
            let edge = if east { 180.0 } else { -180.0 };
            push_distinct(&mut current, LonLat::new(edge, lat));
            finish(&mut parts, std::mem::take(&mut current));
            current_sheet += if east { 1 } else { -1 };
            current.push(LonLat::new(-edge, lat));
        }
        push_distinct(&mut current, shift(b, current_sheet));
    }
    finish(&mut parts, current);
    parts
}

/// Latitude where segment `a`–`b` meets the continuous longitude `boundary`. A great circle that
/// is not a meridian meets every meridian exactly once, so the closed form is exact; a segment
/// along a meridian cannot cross one, but degenerate input falls back to linear interpolation.
fn crossing_latitude(a: LonLat, b: LonLat, boundary: f64) -> f64 {
    match latitude_at(a, b, boundary) {
        Some(lat) if lat.is_finite() => lat,
        _ => {
            let t = (boundary - a.lon) / (b.lon - a.lon);
            a.lat + t * (b.lat - a.lat)
        }
    }
}

fn shift(p: LonLat, sheet: i64) -> LonLat {
    LonLat::new(p.lon - 360.0 * sheet as f64, p.lat)
}

fn push_distinct(part: &mut Vec<LonLat>, p: LonLat) {
    if part.last() != Some(&p) {
        part.push(p);
    }
}

fn finish(parts: &mut Vec<Vec<LonLat>>, part: Vec<LonLat>) {
    if part.len() >= 2 {
        parts.push(part);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::great_circle::arc;
    use approx::assert_abs_diff_eq;

    #[test]
    fn vladivostok_to_san_francisco_meets_the_antimeridian_at_the_closed_form_latitude() {
        let line = arc(
            LonLat::new(131.89, 43.11),
            LonLat::new(-122.42, 37.77),
            100.0,
        )
        .unwrap();
        let parts = cut(&line);
        assert_eq!(parts.len(), 2);
        let end = *parts[0].last().unwrap();
        let start = parts[1][0];
        assert_eq!(end.lon, 180.0);
        assert_eq!(start.lon, -180.0);
        assert_eq!(end.lat, start.lat);
        assert_abs_diff_eq!(end.lat, 54.844513, epsilon = 1e-4);
        assert_abs_diff_eq!(parts[1].last().unwrap().lon, -122.42, epsilon = 1e-9);
    }

    #[test]
    fn westward_crossing_ends_at_minus_180() {
        let parts = cut(&[LonLat::new(-170.0, 10.0), LonLat::new(-190.0, 20.0)]);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].last().unwrap().lon, -180.0);
        assert_eq!(parts[1][0].lon, 180.0);
        assert_abs_diff_eq!(parts[1][1].lon, 170.0, epsilon = 1e-9);
    }

    #[test]
    fn a_vertex_exactly_on_the_antimeridian_makes_no_empty_part() {
        let parts = cut(&[
            LonLat::new(170.0, 0.0),
            LonLat::new(180.0, 0.0),
            LonLat::new(190.0, 0.0),
        ]);
        assert_eq!(parts.len(), 2);
        assert!(parts.iter().all(|p| p.len() >= 2));
    }

    #[test]
    fn lines_that_do_not_cross_are_one_part() {
        let path = [LonLat::new(10.0, 0.0), LonLat::new(20.0, 5.0)];
        assert_eq!(cut(&path), vec![path.to_vec()]);
    }
}
