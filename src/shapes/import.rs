//! Building the country-shapes file from Natural Earth's admin-0 shapefile: group outlines by
//! ISO alpha-2 code (`ISO_A2_EH`, as the gazetteer does), simplify them (Ramer–Douglas–Peucker at
//! a tolerance in degrees), orient rings as RFC 7946 asks, and encode with [`super::store`].
//!
//! A simplified polygon that is no longer valid (a ring crossing itself or a hole) is simplified
//! again at a finer tolerance. Simplification drops rings that collapse; a country whose every ring would collapse (a small
//! island state) keeps its outlines at a tenth of the tolerance, so no country goes missing.

use crate::gazetteer::CountryCode;
use std::collections::BTreeMap;
use std::path::Path;

use geo::orient::{Direction, Orient};
use geo::{Area, CoordsIter, MultiPolygon, Polygon, Simplify, Validation};

use crate::gazetteer::import::{natural_earth, ImportError};

/// What an import produced.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapesSummary {
    pub countries: usize,
    pub polygons: usize,
    pub vertices_in: usize,
    pub vertices_out: usize,
    pub bytes: usize,
}

/// Read `admin0` (the `.dbf` of a Natural Earth admin-0 shapefile, `.shp` beside it) and encode
/// its outlines, simplified at `tolerance_deg`.
pub fn import(admin0: &Path, tolerance_deg: f64) -> Result<(Vec<u8>, ShapesSummary), ImportError> {
    let countries = natural_earth::read_countries(admin0)?;
    let mut grouped: BTreeMap<CountryCode, Vec<Polygon<f64>>> = BTreeMap::new();
    let mut vertices_in = 0;
    for c in countries {
        let (Some(code), Some(shape)) = (c.iso_a2.as_deref(), c.shape) else {
            continue;
        };
        let Some(code) = CountryCode::from_upper(code) else {
            continue;
        };
        vertices_in += shape.coords_count();
        grouped.entry(code).or_default().extend(shape.0);
    }
    let mut out = BTreeMap::new();
    let (mut polygons, mut vertices_out) = (0, 0);
    for (code, parts) in grouped {
        let mp = simplify(&MultiPolygon::new(parts), tolerance_deg);
        polygons += mp.0.len();
        vertices_out += mp.coords_count();
        out.insert(code, mp);
    }
    let bytes = super::store::encode(&out);
    let summary = ShapesSummary {
        countries: out.len(),
        polygons,
        vertices_in,
        vertices_out,
        bytes: bytes.len(),
    };
    Ok((bytes, summary))
}

/// Simplify and orient one country's outlines.
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

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, Winding};

    #[test]
    fn rings_come_out_counter_clockwise_and_tiny_islands_survive() {
        // Clockwise as shapefiles store it, and smaller than the tolerance.
        let islet = polygon![(x: 0.0, y: 0.0), (x: 0.0, y: 0.001), (x: 0.001, y: 0.001), (x: 0.001, y: 0.0), (x: 0.0, y: 0.0)];
        let out = simplify(&MultiPolygon::new(vec![islet]), 0.005);
        assert_eq!(out.0.len(), 1);
        assert!(out.0[0].exterior().is_ccw());
    }
}
