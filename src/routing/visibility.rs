//! Whether a great-circle leg stays on water: the arc is densified into chords no longer than
//! [`CHORD_KM`], cut at the antimeridian, and every chord is tested against the land as the
//! straight lon/lat segment it will be drawn as. The same chords are what the route writes, so
//! what is checked is what is drawn.
//!
//! Open sea is skipped: where the land's clearance grid says the nearest land is farther than
//! the chords ahead reach (plus the clearance asked for and [`SLACK_KM`]), those chords are
//! passed without computing them, so a leg across an ocean costs a few lookups.

use super::land::Land;
use crate::geodesy::great_circle::{self, ArcPoints};
use crate::geodesy::{antimeridian, wrap_lon, LonLat};

/// Longest chord of a drawn or checked leg, in km.
pub const CHORD_KM: f64 = 50.0;

/// Allowance for the difference between a chord and its arc and for the flat-plane distances
/// of the land tests, in km, when skipping chords by clearance.
pub const SLACK_KM: f64 = 1.0;

/// The ends of the great circle `a` → `b` as drawn: `a` wrapped to [-180, 180], `b`
/// continued from it.
fn drawn_ends(a: LonLat, b: LonLat) -> (LonLat, LonLat) {
    let a = LonLat::new(wrap_lon(a.lon), a.lat);
    let b = LonLat::new(great_circle::continue_lon(a.lon, wrap_lon(b.lon)), b.lat);
    (a, b)
}

/// The drawn chords of the great circle `a` → `b`: continuous longitudes, densified.
pub fn chords(a: LonLat, b: LonLat) -> Vec<LonLat> {
    let (a, b) = drawn_ends(a, b);
    great_circle::arc(a, b, CHORD_KM).unwrap_or_else(|_| vec![a, b])
}

/// True when every chord of the great circle `a` → `b` passes `chord_ok`, which sees each chord
/// as a segment within [-180, 180] (a chord across the antimeridian as its two parts). Chords
/// farther than `clearance_km` + [`SLACK_KM`] from land by the clearance grid are passed
/// without a call.
pub fn all_chords(
    land: &Land<'_>,
    a: LonLat,
    b: LonLat,
    clearance_km: f64,
    mut chord_ok: impl FnMut(LonLat, LonLat) -> bool,
) -> bool {
    let mut part_ok = |p: LonLat, q: LonLat| {
        if p.lon.abs() <= 180.0 && q.lon.abs() <= 180.0 {
            chord_ok(p, q)
        } else {
            antimeridian::cut(&[p, q])
                .iter()
                .all(|part| part.windows(2).all(|w| chord_ok(w[0], w[1])))
        }
    };
    let (a, b) = drawn_ends(a, b);
    let Ok(arc) = ArcPoints::new(a, b, CHORD_KM) else {
        // Antipodal ends: no great circle joins them; the two-point line stands for it.
        return part_ok(a, b);
    };
    let (n, step) = (arc.segments(), arc.segment_km());
    let mut k = 0;
    let mut p = a;
    while k < n {
        // Chords k .. k + skip end within skip × step of p: clear if the land is farther.
        let room = land.clearance_km(p) - clearance_km - SLACK_KM;
        let skip = if step > 0.0 && room > step {
            ((room / step) as usize).min(n - k)
        } else {
            0
        };
        if skip > 0 {
            k += skip;
            p = arc.point(k, p.lon);
            continue;
        }
        let q = arc.point(k + 1, p.lon);
        if !part_ok(p, q) {
            return false;
        }
        k += 1;
        p = q;
    }
    true
}

/// The `[w, s, e, n]` box of the drawn great circle `a` → `b`: longitudes continuous from `a`
/// (wrapped), latitudes including the circle's highest or lowest point when it lies between
/// the ends. Slightly widened to cover the chords' straight lon/lat segments.
pub fn arc_extent(a: LonLat, b: LonLat) -> [f64; 4] {
    let (a, b) = drawn_ends(a, b);
    let v = |p: LonLat| {
        let (phi, lam) = (p.lat.to_radians(), p.lon.to_radians());
        [phi.cos() * lam.cos(), phi.cos() * lam.sin(), phi.sin()]
    };
    let (va, vb) = (v(a), v(b));
    let cross = |x: [f64; 3], y: [f64; 3]| {
        [
            x[1] * y[2] - x[2] * y[1],
            x[2] * y[0] - x[0] * y[2],
            x[0] * y[1] - x[1] * y[0],
        ]
    };
    let dot = |x: [f64; 3], y: [f64; 3]| x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
    let n = cross(va, vb);
    let (mut south, mut north) = (a.lat.min(b.lat), a.lat.max(b.lat));
    let nn = dot(n, n);
    if nn > 0.0 {
        // The circle's highest point: the pole direction with its component along n removed.
        for pole in [1.0f64, -1.0] {
            let top = [
                -n[2] * n[0] / nn * pole,
                -n[2] * n[1] / nn * pole,
                pole - n[2] * n[2] / nn * pole,
            ];
            if dot(cross(va, top), n) >= 0.0 && dot(cross(top, vb), n) >= 0.0 {
                let len = dot(top, top).sqrt();
                if len > 0.0 {
                    let lat = (top[2] / len).clamp(-1.0, 1.0).asin().to_degrees();
                    south = south.min(lat);
                    north = north.max(lat);
                }
            }
        }
    }
    let margin = 0.05;
    [
        a.lon.min(b.lon) - margin,
        south - margin,
        a.lon.max(b.lon) + margin,
        north + margin,
    ]
}

/// True when the great circle `a` → `b` meets no land.
pub fn clear(land: &Land<'_>, a: LonLat, b: LonLat) -> bool {
    all_chords(land, a, b, 0.0, |p, q| !land.crosses(p, q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arc_extent_holds_every_drawn_vertex() {
        let pairs = [
            ((-0.13, 51.5), (139.7, 35.7)),      // London–Tokyo, over the Arctic
            ((131.89, 43.11), (-118.26, 33.73)), // across the antimeridian, vertex near 50° N
            ((18.4, -33.9), (115.9, -31.9)),     // Cape Town–Perth, vertex in the far south
            ((-5.0, 36.0), (-7.0, 36.0)),        // short, no vertex between
            ((10.0, 0.0), (10.0, 60.0)),         // along a meridian
        ];
        for ((x1, y1), (x2, y2)) in pairs {
            let (a, b) = (LonLat::new(x1, y1), LonLat::new(x2, y2));
            let [w, s, e, n] = arc_extent(a, b);
            let line = chords(a, b);
            for p in &line {
                assert!(
                    p.lat >= s && p.lat <= n,
                    "{a:?} {b:?}: {p:?} outside {s}..{n}"
                );
                assert!(
                    p.lon >= w && p.lon <= e,
                    "{a:?} {b:?}: {p:?} outside {w}..{e}"
                );
            }
            // Tight: the box reaches the highest and lowest vertices within a chord's bulge.
            let top = line.iter().map(|p| p.lat).fold(f64::MIN, f64::max);
            let bottom = line.iter().map(|p| p.lat).fold(f64::MAX, f64::min);
            assert!(
                n - top < 0.2 && bottom - s < 0.2,
                "{a:?} {b:?}: {s}..{n} vs {bottom}..{top}"
            );
        }
    }
}
