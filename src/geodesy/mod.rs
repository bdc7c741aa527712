//! Geometry on the Earth for map layers: great-circle arcs densified for straight-segment
//! formats ([`great_circle`]), lines cut at the antimeridian as RFC 7946 §3.1.9 asks
//! ([`antimeridian`]), bounding boxes that know about the antimeridian ([`bbox`]), lengths on the
//! WGS 84 ellipsoid ([`length`]) and the 6-decimal precision every writer uses ([`precision`]).
//!
//! Conventions: coordinates are [`LonLat`] in degrees (WGS 84), longitude first, as in GeoJSON.
//! Arcs are computed on a sphere (the closed forms GIS tools and aviation formularies use);
//! lengths are measured on the ellipsoid.

pub mod antimeridian;
pub mod bbox;
pub mod great_circle;
pub mod length;
pub mod precision;
pub mod simplify;

/// A position in degrees: `lon` east of Greenwich, `lat` north of the equator (WGS 84).
///
/// Inside a path, `lon` may leave [-180, 180] so that consecutive vertices stay continuous
/// (179 → 181 rather than 179 → −179); [`antimeridian::cut`] brings it back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LonLat {
    pub lon: f64,
    pub lat: f64,
}

impl LonLat {
    pub const fn new(lon: f64, lat: f64) -> Self {
        Self { lon, lat }
    }
}

/// Mean Earth radius (IUGG), in km, for spherical computations.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Kilometres in one international nautical mile.
pub const KM_PER_NM: f64 = 1.852;

/// `lon` wrapped into (-180, 180].
pub fn wrap_lon(lon: f64) -> f64 {
    let w = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if w == -180.0 {
        180.0
    } else {
        w
    }
}
