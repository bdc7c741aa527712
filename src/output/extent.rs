//! What a whole-map picture (the SVG map, the HTML preview) frames: the positions of the events
//! — every layer but the country and area outlines, which would frame half the world for one
//! summit or one strike in the Indian Ocean —
//! or of every feature when there are no events, and the central meridian of their extent,
//! found across the antimeridian when the events straddle it (a Pacific story is centred on the
//! Pacific, not split to both edges of the map).

use crate::geodesy::bbox::BboxBuilder;
use crate::geodesy::{wrap_lon, LonLat};
use crate::layers::{Feature, Geometry, Layer, LayerName};

/// Every position of the framed features.
pub fn framed_positions(layers: &[Layer]) -> Vec<LonLat> {
    let events: Vec<&Feature> = layers
        .iter()
        .filter(|l| !matches!(l.name, LayerName::Countries | LayerName::Areas))
        .flat_map(|l| &l.features)
        .collect();
    let features: Vec<&Feature> = if events.is_empty() {
        layers.iter().flat_map(|l| &l.features).collect()
    } else {
        events
    };
    let mut positions = Vec::new();
    for f in features {
        match &f.geometry {
            Geometry::Point(p) => positions.push(*p),
            Geometry::Lines(parts) => positions.extend(parts.iter().flatten()),
            Geometry::Polygons(ps) => positions.extend(ps.iter().flatten().flatten()),
        }
    }
    positions
}

/// The central meridian of the tightest longitude span holding `positions`, in degrees within
/// [-180, 180]; 0 when there are none.
///
/// ```
/// use diplomap::geodesy::LonLat;
/// use diplomap::output::extent::centre_lon;
/// // Vladivostok and Los Angeles: the short way round is across the Pacific.
/// let c = centre_lon(&[LonLat::new(131.89, 43.12), LonLat::new(-118.24, 34.05)]);
/// approx::assert_abs_diff_eq!(c, -173.175, epsilon = 1e-9);
/// ```
pub fn centre_lon(positions: &[LonLat]) -> f64 {
    let mut b = BboxBuilder::default();
    for p in positions {
        b.add_point(*p);
    }
    match b.finish() {
        Some(bb) if bb.west <= bb.east => (bb.west + bb.east) / 2.0,
        Some(bb) => wrap_lon((bb.west + bb.east + 360.0) / 2.0),
        None => 0.0,
    }
}
