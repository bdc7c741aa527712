//! Layers: one FeatureCollection per kind of thing on the map, one geometry family per layer
//! (QGIS splits mixed files into sublayers). [`build`] turns resolved scenarios into layers;
//! each layer has its own file here, and [`properties`] and [`style`] give every feature the
//! same core properties and a simplestyle look.
//!
//! | layer | geometry | from |
//! |---|---|---|
//! | `meetings`, `strikes`, `summits` | Point | the event's place |
//! | `travel` | MultiLineString | meeting `from` → venue; strike `from` → target (`strike_vector`) |
//! | `areas` | MultiPolygon | the seas, straits, regions, disputed areas and counties events happen at (or a strike or a meeting comes from) |
//! | `countries` | MultiPolygon | summit hosts/members/absent, meeting participants that are countries (a group, such as the EU, as its members) |
//! | `corridors` | MultiLineString | corridor `from` → `via`… → `to` |

pub mod areas;
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
use crate::routing::route::Router;
use crate::scenario::resolve::Places;
use crate::scenario::{Diagnostics, Scenario};
use crate::shapes::CountryShapes;

/// The layers, in the order they are written and listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerName {
    Areas,
    Countries,
    Corridors,
    Travel,
    Summits,
    Meetings,
    Strikes,
}

impl LayerName {
    pub const ALL: [LayerName; 7] = [
        LayerName::Areas,
        LayerName::Countries,
        LayerName::Corridors,
        LayerName::Travel,
        LayerName::Summits,
        LayerName::Meetings,
        LayerName::Strikes,
    ];

    /// Its place in [`LayerName::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The layer that holds events of a kind (their points, or their lines for corridors).
    pub fn of(kind: crate::scenario::EventKind) -> LayerName {
        use crate::scenario::EventKind;
        match kind {
            EventKind::Meeting => LayerName::Meetings,
            EventKind::Strike => LayerName::Strikes,
            EventKind::Summit => LayerName::Summits,
            EventKind::Corridor => LayerName::Corridors,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Meetings => "meetings",
            Self::Strikes => "strikes",
            Self::Summits => "summits",
            Self::Travel => "travel",
            Self::Countries => "countries",
            Self::Areas => "areas",
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
    /// A MultiPolygon's rings, as they are.
    pub fn from_multipolygon(mp: &geo::MultiPolygon<f64>) -> Geometry {
        let ring = |r: &geo::LineString<f64>| r.0.iter().map(|c| LonLat::new(c.x, c.y)).collect();
        Geometry::Polygons(
            mp.0.iter()
                .map(|poly| {
                    std::iter::once(poly.exterior())
                        .chain(poly.interiors())
                        .map(ring)
                        .collect()
                })
                .collect(),
        )
    }

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

/// What a layer is computed from.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub scenarios: &'a [Scenario],
    pub places: &'a Places,
    pub shapes: &'a CountryShapes<'a>,
    /// Draws sea corridors; load it only when a scenario has one ([`needs_router`]).
    pub router: Option<&'a Router<'a>>,
}

/// Compute one layer; problems go to `errors`.
pub fn build_layer(name: LayerName, inputs: &Inputs<'_>, errors: &mut Diagnostics) -> Layer {
    let events: Vec<_> = inputs.scenarios.iter().flat_map(|s| &s.events).collect();
    layer_of(name, &events, inputs, errors)
}

/// Compute one layer of some events (those of `inputs.scenarios` are not looked at).
pub fn layer_of(
    name: LayerName,
    events: &[&crate::scenario::Event],
    inputs: &Inputs<'_>,
    errors: &mut Diagnostics,
) -> Layer {
    let events = events.to_vec();
    let places = inputs.places;
    let features = match name {
        LayerName::Areas => areas::features(&events, places),
        LayerName::Countries => countries::features(&events, places, inputs.shapes, errors),
        LayerName::Corridors => corridors::features(&events, places, inputs.router, errors),
        LayerName::Travel => travel::features(&events, places, errors),
        LayerName::Summits => summits::features(&events, places),
        LayerName::Meetings => meetings::features(&events, places),
        LayerName::Strikes => strikes::features(&events, places),
    };
    Layer { name, features }
}

/// Compute every layer of the scenarios, in [`LayerName::ALL`] order, empty ones included.
/// Nothing is written here; an error anywhere means no layer at all.
pub fn build(inputs: &Inputs<'_>) -> Result<Vec<Layer>, Diagnostics> {
    let mut errors = Diagnostics::default();
    let layers = LayerName::ALL
        .iter()
        .map(|&name| build_layer(name, inputs, &mut errors))
        .collect();
    errors.into_result()?;
    Ok(layers)
}

/// The layer of an event whose only feature is its Point — a strike with no launch area, a
/// meeting with no travel and no participant country, a summit with no country named, none of
/// them at an area with an outline — which
/// can be written straight from its properties ([`crate::output::point_json::write_point`]); `None` for any other event.
pub fn point_only(e: &crate::scenario::Event, places: &Places) -> Option<LayerName> {
    use crate::scenario::Detail;
    let at_area = e
        .place
        .as_ref()
        .and_then(|p| places.get(p))
        .is_some_and(|r| r.outline().is_some());
    if at_area {
        return None;
    }
    match &e.detail {
        Detail::Strike { from: None, .. } => Some(LayerName::Strikes),
        Detail::Meeting { from, participants }
            if from.is_empty()
                && participants
                    .iter()
                    .all(|p| places.participant_country(p).is_none()) =>
        {
            Some(LayerName::Meetings)
        }
        Detail::Summit {
            hosts,
            members,
            absent,
            ..
        } if hosts.is_empty() && members.is_empty() && absent.is_empty() => {
            Some(LayerName::Summits)
        }
        _ => None,
    }
}

/// True when some corridor goes by sea, so the sea network must be loaded.
pub fn needs_router(scenarios: &[Scenario]) -> bool {
    scenarios.iter().flat_map(|s| &s.events).any(|e| {
        matches!(
            e.detail,
            crate::scenario::Detail::Corridor {
                mode: crate::scenario::CorridorMode::Sea,
                ..
            }
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_layers_index_is_its_place_in_all() {
        for (i, name) in LayerName::ALL.into_iter().enumerate() {
            assert_eq!(name.index(), i, "{name:?}");
        }
    }
}
