//! One function draws a corridor through its stops for any mode ([`draw`]): by air, a great
//! circle leg after leg, densified to [`AIR_SEGMENT_KM`]; by sea, the sea route
//! ([`super::route::Router::route_through`]), which never crosses land. Either way the result is
//! a [`Route`]: parts cut at the antimeridian, the length in km, the passages used, and how far
//! each end was moved to water (0 by air).
//!
//! ```
//! use diplomap::geodesy::LonLat;
//! use diplomap::routing::corridor::{draw, Way};
//! // Moscow to Washington by air: one great circle of about 7,800 km.
//! let stops = [LonLat::new(37.62, 55.75), LonLat::new(-77.04, 38.91)];
//! let route = draw(&stops, Way::Air).unwrap();
//! approx::assert_abs_diff_eq!(route.length_km, 7_840.0, epsilon = 40.0);
//! assert!(route.passages.is_empty());
//! ```

use super::options::RouteOptions;
use super::route::{Route, RouteError, Router};
use crate::geodesy::{antimeridian, great_circle, length, LonLat};

/// Longest segment of an air corridor's drawn great circle, in km.
pub const AIR_SEGMENT_KM: f64 = 100.0;

/// How a corridor goes.
#[derive(Clone, Copy)]
pub enum Way<'a> {
    /// Great circles.
    Air,
    /// Sea lanes, on this router with these options.
    Sea(&'a Router<'a>, &'a RouteOptions),
}

/// The corridor through `stops` in order (start, `via` points, end).
pub fn draw(stops: &[LonLat], way: Way<'_>) -> Result<Route, RouteError> {
    match way {
        Way::Sea(router, opts) => router.route_through(stops, opts),
        Way::Air => {
            let path = great_circle::path(stops, AIR_SEGMENT_KM)?;
            Ok(Route {
                parts: antimeridian::cut(&path),
                length_km: length::path_km(&path),
                passages: Vec::new(),
                snap_from_km: 0.0,
                snap_to_km: 0.0,
            })
        }
    }
}
