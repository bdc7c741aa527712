//! Simplifying outlines for storage: Ramer–Douglas–Peucker in degrees, keeping every polygon
//! valid (OGC rules) and every outline present, rings oriented as RFC 7946 asks.

use geo::orient::{Direction, Orient};
use geo::{Area, MultiPolygon, Polygon, Simplify, Validation};

/// Simplify and orient outlines (a country's, an area's) at a tolerance in degrees:
/// Ramer–Douglas–Peucker, retried finer where a polygon comes out invalid; exteriors
/// counter-clockwise, holes clockwise (RFC 7946).
pub fn simplify(mp: &MultiPolygon<f64>, tolerance_deg: f64) -> MultiPolygon<f64> {
    let kept = simplify_parts(mp, tolerance_deg);
    let kept = if kept.0.is_empty() {
        simplify_parts(mp, tolerance_deg / 10.0)
    } else {
        kept
    };
    kept.orient(Direction::Default)
}

fn simplify_parts(mp: &MultiPolygon<f64>, tolerance_deg: f64) -> MultiPolygon<f64> {
    let mut out = Vec::new();
    for polygon in &mp.0 {
        // A simplified ring can cross itself or its holes; retry finer until the polygon is
        // valid (OGC rules). A source polygon that is invalid itself (Egypt's, in Natural Earth
        // 5.1.1) is kept at the first tolerance, defect and all.
        let valid = [1.0, 0.25, 0.0625]
            .iter()
            .map(|f| simplify_polygon(polygon, tolerance_deg * f))
            .find(|p| p.as_ref().is_none_or(|p| p.is_valid()));
        match valid {
            Some(Some(p)) => out.push(p),
            Some(None) => {} // collapsed: smaller than the tolerance
            None => out.extend(simplify_polygon(polygon, tolerance_deg)),
        }
    }
    MultiPolygon::new(out)
}

/// `None` when the exterior collapses.
fn simplify_polygon(polygon: &Polygon<f64>, tolerance_deg: f64) -> Option<Polygon<f64>> {
    let exterior = polygon.exterior().simplify(tolerance_deg);
    if !is_ring(&exterior) {
        return None;
    }
    let interiors = polygon
        .interiors()
        .iter()
        .map(|r| r.simplify(tolerance_deg))
        .filter(is_ring)
        .collect();
    let p = Polygon::new(exterior, interiors);
    (p.unsigned_area() > 0.0).then_some(p)
}

fn is_ring(r: &geo::LineString<f64>) -> bool {
    r.0.len() >= 4 && r.is_closed()
}
