//! The `corridors` layer: routes between places, through their `via` waypoints. `air` corridors
//! are great circles leg by leg. `sea` corridors need sea routing, which is not built yet: they
//! are refused, never drawn as a line across land passed off as a sea lane.

use serde_json::json;

use super::properties::{core, extend_user, line};
use super::{style, Feature, Geometry};
use crate::geodesy::{antimeridian, great_circle, length, LonLat};
use crate::scenario::resolve::Places;
use crate::scenario::{CorridorMode, Detail, Diagnostics, Event};

/// Features of every corridor, in scenario order.
pub fn features(events: &[&Event], places: &Places, errors: &mut Diagnostics) -> Vec<Feature> {
    let mut out = Vec::new();
    for e in events {
        let Detail::Corridor {
            from,
            to,
            via,
            mode,
            cited_length_nm,
            cited_days,
            cited_source,
        } = &e.detail
        else {
            continue;
        };
        if *mode == CorridorMode::Sea {
            errors.push(
                &e.origin,
                format!(
                    "corridor '{}' → '{}': mode \"sea\" is not yet supported; hint: sea routing arrives in a later release, and a straight line would cross land; use mode = \"air\" for a great-circle line, or leave the corridor out for now",
                    from.name, to.name
                ),
            );
            continue;
        }
        let stops: Option<Vec<LonLat>> = std::iter::once(from)
            .chain(via)
            .chain(std::iter::once(to))
            .map(|p| places.get(p).map(|r| LonLat::new(r.lon, r.lat)))
            .collect();
        let Some(stops) = stops else { continue };
        if stops
            .windows(2)
            .any(|w| great_circle::distance_km(w[0], w[1]) < 1.0)
        {
            errors.push(
                &e.origin,
                format!("corridor '{}' → '{}' has two consecutive stops at the same place; hint: 'from', 'via' and 'to' must move", from.name, to.name),
            );
            continue;
        }
        let path = match great_circle::path(&stops, super::travel::MAX_SEGMENT_KM) {
            Ok(p) => p,
            Err(err) => {
                errors.push(
                    &e.origin,
                    format!(
                        "cannot draw corridor '{}' → '{}': {err}",
                        from.name, to.name
                    ),
                );
                continue;
            }
        };
        let km = length::path_km(&path);
        let title = super::properties::title(e, places);
        let mut p = core(&e.id, "corridor", &title, e, None, None);
        line(&mut p, from, to, via, mode.as_str(), km);
        p.insert("cited_length_nm".into(), json!(cited_length_nm));
        p.insert("cited_days".into(), json!(cited_days));
        p.insert("cited_source".into(), json!(cited_source));
        extend_user(&mut p, e);
        style::line(&mut p, style::CORRIDOR_AIR, 3.0, false);
        out.push(Feature {
            id: e.id.clone(),
            geometry: Geometry::Lines(antimeridian::cut(&path)),
            properties: p,
        });
    }
    out
}
