//! Geometry for screens: rings thinned (a radial pass, then Ramer–Douglas–Peucker), snapped to a fixed number of
//! decimal places of a degree, oriented as RFC 7946 asks (exteriors counter-clockwise, holes
//! clockwise, measured after snapping) and written as integer deltas — the compact form in which
//! the HTML preview embeds its basemap and polygons, decoded by the page's script.
//!
//! Units: tolerances in degrees; a [`Quantised`] position is `round(degrees × 10^decimals)`.
//! Rings never cross the antimeridian here: the outlines are already split there (Natural Earth
//! splits them), and snapping cannot move a vertex across ±180.

use geo::{Coord, LineString, Simplify};

use crate::geodesy::LonLat;

/// A ring of snapped positions `[lon, lat]`, closed (first = last), with at least 4 positions
/// and a non-zero area.
pub type Ring = Vec<[i64; 2]>;

/// Polygons (each a list of rings, exterior first) snapped to `decimals` places.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantised {
    pub decimals: u32,
    pub polygons: Vec<Vec<Ring>>,
}

/// Twice the signed area of a snapped ring, in squared units (positive when counter-clockwise).
pub fn twice_area(ring: &[[i64; 2]]) -> i128 {
    ring.windows(2)
        .map(|w| w[0][0] as i128 * w[1][1] as i128 - w[1][0] as i128 * w[0][1] as i128)
        .sum()
}

/// One ring thinned at `tolerance` degrees (none: 0) and snapped to `decimals` places, with
/// repeated positions dropped; counter-clockwise when `exterior`, clockwise otherwise. `None`
/// when too little is left of it to enclose an area.
pub fn ring(points: &[LonLat], tolerance: f64, decimals: u32, exterior: bool) -> Option<Ring> {
    // A radial pass first (as simplify.js does): a position within `tolerance` of the last one
    // kept cannot matter to the outline, and dropping it with a squared distance is far cheaper
    // than Ramer–Douglas–Peucker's segment distances, which then run on what is left.
    let mut coords: Vec<Coord<f64>> = Vec::with_capacity(points.len());
    let t2 = tolerance * tolerance;
    for (i, p) in points.iter().enumerate() {
        let c = Coord { x: p.lon, y: p.lat };
        let keep = match coords.last() {
            None => true,
            Some(l) => i + 1 == points.len() || (c.x - l.x).powi(2) + (c.y - l.y).powi(2) >= t2,
        };
        if keep {
            coords.push(c);
        }
    }
    let line = LineString::new(coords);
    let thin = if tolerance > 0.0 {
        line.simplify(tolerance)
    } else {
        line
    };
    let scale = 10f64.powi(decimals as i32);
    let mut out: Ring = Vec::with_capacity(thin.0.len());
    for c in &thin.0 {
        let q = [(c.x * scale).round() as i64, (c.y * scale).round() as i64];
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    if out.first() != out.last() {
        let first = out[0];
        out.push(first);
    }
    if out.len() < 4 {
        return None;
    }
    let area = twice_area(&out);
    if area == 0 {
        return None;
    }
    if (area > 0) != exterior {
        out.reverse();
    }
    Some(out)
}

/// Polygons thinned and snapped; a polygon whose exterior collapses is left out, and so is a
/// hole that collapses.
pub fn polygons(polys: &[Vec<Vec<LonLat>>], tolerance: f64, decimals: u32) -> Quantised {
    let polygons = polys
        .iter()
        .filter_map(|rings| {
            let (exterior, holes) = rings.split_first()?;
            let mut out = vec![ring(exterior, tolerance, decimals, true)?];
            out.extend(
                holes
                    .iter()
                    .filter_map(|h| ring(h, tolerance, decimals, false)),
            );
            Some(out)
        })
        .collect();
    Quantised { decimals, polygons }
}

/// A line snapped to `decimals` places, repeated positions dropped.
pub fn line(points: &[LonLat], decimals: u32) -> Vec<[i64; 2]> {
    let scale = 10f64.powi(decimals as i32);
    let mut out: Vec<[i64; 2]> = Vec::with_capacity(points.len());
    for p in points {
        let q = [
            (p.lon * scale).round() as i64,
            (p.lat * scale).round() as i64,
        ];
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

/// Write positions as a JSON array of deltas: the first position as it is, then each as the
/// difference from the one before (`[x0, y0, dx1, dy1, …]`).
pub fn write_deltas(out: &mut String, positions: &[[i64; 2]]) {
    use std::fmt::Write as _;
    out.push('[');
    let mut last = [0i64, 0];
    for (i, p) in positions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{},{}", p[0] - last[0], p[1] - last[1]);
        last = *p;
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(clockwise: bool) -> Vec<LonLat> {
        let mut pts = vec![
            LonLat::new(0.0, 0.0),
            LonLat::new(1.0, 0.0),
            LonLat::new(1.0, 1.0),
            LonLat::new(0.0, 1.0),
            LonLat::new(0.0, 0.0),
        ];
        if clockwise {
            pts.reverse();
        }
        pts
    }

    #[test]
    fn exteriors_come_out_counter_clockwise_and_holes_clockwise() {
        for cw in [false, true] {
            let ext = ring(&square(cw), 0.0, 2, true).unwrap();
            assert!(twice_area(&ext) > 0);
            let hole = ring(&square(cw), 0.0, 2, false).unwrap();
            assert!(twice_area(&hole) < 0);
        }
    }

    #[test]
    fn a_ring_smaller_than_the_grid_collapses() {
        let tiny: Vec<LonLat> = square(false)
            .iter()
            .map(|p| LonLat::new(12.45 + p.lon * 0.001, 41.90 + p.lat * 0.001))
            .collect();
        assert_eq!(ring(&tiny, 0.0, 2, true), None);
        assert!(ring(&tiny, 0.0, 4, true).is_some());
    }

    #[test]
    fn deltas_decode_to_the_snapped_positions() {
        // Vladivostok and Chennai, snapped to 2 places.
        let line = line(
            &[
                LonLat::new(131.8869, 43.1056),
                LonLat::new(80.2707, 13.0827),
            ],
            2,
        );
        assert_eq!(line, vec![[13189, 4311], [8027, 1308]]);
        let mut s = String::new();
        write_deltas(&mut s, &line);
        assert_eq!(s, "[13189,4311,-5162,-3003]");
    }
}
