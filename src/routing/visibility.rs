//! Whether a great-circle leg stays on water: the arc is densified into chords no longer than
//! [`CHORD_KM`], cut at the antimeridian, and every chord is tested against the land as the
//! straight lon/lat segment it will be drawn as. The same chords are what the route writes, so
//! what is checked is what is drawn.

use super::land::Land;
use crate::geodesy::{antimeridian, great_circle, wrap_lon, LonLat};

/// Longest chord of a drawn or checked leg, in km.
pub const CHORD_KM: f64 = 25.0;

/// The drawn chords of the great circle `a` → `b`: continuous longitudes, densified.
pub fn chords(a: LonLat, b: LonLat) -> Vec<LonLat> {
    let a = LonLat::new(wrap_lon(a.lon), a.lat);
    let b = LonLat::new(great_circle::continue_lon(a.lon, wrap_lon(b.lon)), b.lat);
    great_circle::arc(a, b, CHORD_KM).unwrap_or_else(|_| vec![a, b])
}

/// True when the great circle `a` → `b` meets no land.
pub fn clear(land: &Land<'_>, a: LonLat, b: LonLat) -> bool {
    antimeridian::cut(&chords(a, b))
        .iter()
        .all(|part| part.windows(2).all(|w| !land.crosses(w[0], w[1])))
}
