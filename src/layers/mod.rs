//! Layers: one FeatureCollection per kind of thing on the map, one geometry family per layer
//! (QGIS splits mixed files into sublayers). [`build`] turns resolved scenarios into layers;
//! each layer has its own file here, and [`properties`] and [`style`] give every feature the
//! same core properties and a simplestyle look.
//!
//! | layer | geometry | from |
//! |---|---|---|
//! | `meetings`, `strikes`, `summits` | Point | the event's place |
//! | `travel` | MultiLineString | meeting `from` → venue; strike `from` → target (`strike_vector`) |
//! | `countries` | MultiPolygon | summit hosts/members/absent, meeting participants that are countries |
//! | `corridors` | MultiLineString | corridor `from` → `via`… → `to` |

pub mod corridors;
pub mod countries;
pub mod meetings;
pub mod properties;
pub mod strikes;
pub mod style;
pub mod summits;
pub mod travel;

use crate::geodesy::bbox::{Bbox, BboxBuilder};
use crate::geodesy::LonLat;
use crate::scenario::resolve::Places;
use crate::scenario::{Diagnostics, Scenario};
use crate::shapes::CountryShapes;

/// The layers, in the order they are written and listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LayerName {
    Countries,
    Corridors,
    Travel,
    Summits,
    Meetings,
    Strikes,
}

impl LayerName {
    pub const ALL: [LayerName; 6] = [
        LayerName::Countries,
        LayerName::Corridors,
        LayerName::Travel,
        LayerName::Summits,
        LayerName::Meetings,
        LayerName::Strikes,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meetings => "meetings",
            Self::Strikes => "strikes",
            Self::Summits => "summits",
            Self::Travel => "travel",
            Self::Countries => "countries",
            Self::Corridors => "corridors",
        }
    }
}

/// A feature's geometry. Positions are in [-180, 180]; lines are already cut at the antimeridian.
#[derive(Debug, Clone, PartialEq)]
pub enum Geometry {
    Point(LonLat),
    /// Line parts (a MultiLineString).
    Lines(Vec<Vec<LonLat>>),
    /// Polygons, each a list of rings (exterior first, counter-clockwise), as a MultiPolygon.
    Polygons(Vec<Vec<Vec<LonLat>>>),
}

impl Geometry {
    /// Add this geometry's parts to a bounding box.
    pub fn extend_bbox(&self, b: &mut BboxBuilder) {
        match self {
            Geometry::Point(p) => b.add_point(*p),
            Geometry::Lines(parts) => parts.iter().for_each(|p| b.add_part(p)),
            Geometry::Polygons(polygons) => polygons
                .iter()
                .filter_map(|rings| rings.first())
                .for_each(|exterior| b.add_part(exterior)),
        }
    }
}

/// One feature: a stable id, a geometry and ordered properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub id: String,
    pub geometry: Geometry,
    pub properties: serde_json::Map<String, serde_json::Value>,
}

/// One layer's features.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub name: LayerName,
    pub features: Vec<Feature>,
}

impl Layer {
    /// The tightest box around every feature (west > east across the antimeridian).
    pub fn bbox(&self) -> Option<Bbox> {
        let mut b = BboxBuilder::default();
        for f in &self.features {
            f.geometry.extend_bbox(&mut b);
        }
        b.finish()
    }
}

/// Compute every layer of the scenarios, in [`LayerName::ALL`] order, empty ones included.
/// Nothing is written here; an error anywhere means no layer at all.
pub fn build(
    scenarios: &[Scenario],
    places: &Places,
    shapes: &CountryShapes<'_>,
) -> Result<Vec<Layer>, Diagnostics> {
    let mut errors = Diagnostics::default();
    let events: Vec<_> = scenarios.iter().flat_map(|s| &s.events).collect();
    let layers = vec![
        Layer {
            name: LayerName::Countries,
            features: countries::features(&events, places, shapes, &mut errors),
        },
        Layer {
            name: LayerName::Corridors,
            features: corridors::features(&events, places, &mut errors),
        },
        Layer {
            name: LayerName::Travel,
            features: travel::features(&events, places, &mut errors),
        },
        Layer {
            name: LayerName::Summits,
            features: summits::features(&events, places),
        },
        Layer {
            name: LayerName::Meetings,
            features: meetings::features(&events, places),
        },
        Layer {
            name: LayerName::Strikes,
            features: strikes::features(&events, places),
        },
    ];
    errors.into_result()?;
    Ok(layers)
}
