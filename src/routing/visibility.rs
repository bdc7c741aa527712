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

/// True when the great circle `a` → `b` meets no land.
pub fn clear(land: &Land<'_>, a: LonLat, b: LonLat) -> bool {
    all_chords(land, a, b, 0.0, |p, q| !land.crosses(p, q))
}
