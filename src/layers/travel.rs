//! The `travel` layer: great-circle arcs from each place a meeting's participants came `from` to
//! the venue (`kind = "travel"`), and from a strike's launch area to the place hit
//! (`kind = "strike_vector"`). Arcs are densified to a vertex every 100 km at most and cut at the
//! antimeridian.

use serde_json::json;

use super::properties::{core, extend_user, line};
use super::{style, Feature, Geometry};
use crate::geodesy::{antimeridian, great_circle, length, LonLat};
use crate::scenario::ids::slug;
use crate::scenario::resolve::{Places, Resolved};
use crate::scenario::{Detail, Diagnostics, Event, PlaceRef};

/// Longest segment of a drawn arc, in km.
pub const MAX_SEGMENT_KM: f64 = 100.0;

/// An arc between two resolved places, cut at the antimeridian, with its length in km.
pub fn arc(
    from: &Resolved,
    to: &Resolved,
) -> Result<(Vec<Vec<LonLat>>, f64), great_circle::ArcError> {
    let path = great_circle::path(
        &[LonLat::new(from.lon, from.lat), LonLat::new(to.lon, to.lat)],
        MAX_SEGMENT_KM,
    )?;
    let km = length::path_km(&path);
    Ok((antimeridian::cut(&path), km))
}

/// Features of every travel arc and strike vector, in scenario order.
pub fn features(events: &[&Event], places: &Places, errors: &mut Diagnostics) -> Vec<Feature> {
    let mut out = Vec::new();
    for e in events {
        let Some(venue) = &e.place else { continue };
        let Some(at) = places.get(venue) else {
            continue;
        };
        let (origins, kind): (Vec<&PlaceRef>, &str) = match &e.detail {
            Detail::Meeting { from, .. } => (from.iter().collect(), "travel"),
            Detail::Strike { from, .. } => (from.iter().collect(), "strike_vector"),
            _ => continue,
        };
        let mut seen = std::collections::BTreeSet::new();
        for from in origins {
            let Some(start) = places.get(from) else {
                continue;
            };
            if !seen.insert(slug(&from.name)) {
                errors.push(
                    &from.origin,
                    format!(
                        "'{}' appears twice in 'from'; hint: list each place once",
                        from.name
                    ),
                );
                continue;
            }
            if great_circle::distance_km(
                LonLat::new(start.lon, start.lat),
                LonLat::new(at.lon, at.lat),
            ) < 1.0
            {
                errors.push(
                    &from.origin,
                    format!("'{}' in 'from' is the venue '{}' itself, so there is no line to draw; hint: remove it", from.name, venue.name),
                );
                continue;
            }
            let (parts, km) = match arc(start, at) {
                Ok(a) => a,
                Err(err) => {
                    errors.push(
                        &from.origin,
                        format!("cannot draw '{}' → '{}': {err}", from.name, venue.name),
                    );
                    continue;
                }
            };
            let id = match kind {
                "travel" => format!("{}/from/{}", e.id, slug(&from.name)),
                _ => format!("{}/vector", e.id),
            };
            let title = match kind {
                "travel" => format!("{} → {}", start.name, at.name),
                _ => format!("{} → {} (strike)", start.name, at.name),
            };
            let mut p = core(&id, kind, &title, e, Some(venue), Some(at));
            p.insert("event".into(), json!(e.id));
            line(&mut p, from, venue, &[], "air", km);
            extend_user(&mut p, e);
            match kind {
                "travel" => style::line(&mut p, style::TRAVEL, 2.0, true),
                _ => style::line(&mut p, style::STRIKE_VECTOR, 2.0, false),
            }
            out.push(Feature {
                id,
                geometry: Geometry::Lines(parts),
                properties: p,
            });
        }
    }
    out
}
