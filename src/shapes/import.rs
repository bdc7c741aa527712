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

use geo::{CoordsIter, MultiPolygon, Polygon};

use crate::gazetteer::import::{natural_earth, ImportError};
pub use crate::geodesy::simplify::simplify;

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
