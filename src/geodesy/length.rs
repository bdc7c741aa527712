//! Lengths of lines on the WGS 84 ellipsoid (Karney's geodesic algorithm, through `geo`), in km
//! and nautical miles. Summing the geodesic length of each segment of a densified great-circle
//! path gives the length a navigator would quote for it, to well under 0.1 %.

use geo::{Distance, Geodesic, Point};

use super::{LonLat, KM_PER_NM};

/// Geodesic distance between two positions, in km.
///
/// ```
/// use diplomap::geodesy::{length::geodesic_km, LonLat};
/// let chennai = LonLat::new(80.27847, 13.08784);
/// let vladivostok = LonLat::new(131.87353, 43.10562);
/// approx::assert_abs_diff_eq!(geodesic_km(chennai, vladivostok), 5937.1, epsilon = 0.1);
/// ```
pub fn geodesic_km(a: LonLat, b: LonLat) -> f64 {
    Geodesic.distance(Point::new(a.lon, a.lat), Point::new(b.lon, b.lat)) / 1000.0
}

/// Length of a path (continuous or cut longitudes alike), in km.
pub fn path_km(path: &[LonLat]) -> f64 {
    path.windows(2).map(|w| geodesic_km(w[0], w[1])).sum()
}

/// Kilometres to international nautical miles.
pub fn km_to_nm(km: f64) -> f64 {
    km / KM_PER_NM
}
