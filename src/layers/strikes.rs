//! The `strikes` layer: one Point per strike, at the place hit, with actor, target, weapon and
//! casualties. A strike's launch area (`from`) becomes a line in the `travel` layer.

use serde_json::{json, Value};

use super::properties::{core, extend_user, title};
use super::{style, Feature, Geometry};
use crate::geodesy::LonLat;
use crate::scenario::resolve::Places;
use crate::scenario::{Casualties, Detail, Event};

/// Features of every strike, in scenario order.
pub fn features(events: &[&Event], places: &Places) -> Vec<Feature> {
    events
        .iter()
        .filter_map(|e| {
            let Detail::Strike {
                actor,
                target,
                weapon,
                casualties,
                from,
            } = &e.detail
            else {
                return None;
            };
            let place = e.place.as_ref()?;
            let at = places.get(place)?;
            let mut p = core(&e.id, "strike", &title(e, places), e, Some(place), Some(at));
            p.insert("actor".into(), json!(actor));
            p.insert("target".into(), json!(target));
            p.insert("weapon".into(), json!(weapon));
            p.insert(
                "casualties".into(),
                match casualties {
                    Some(Casualties::Count(n)) => json!(n),
                    Some(Casualties::Text(t)) => json!(t),
                    None => Value::Null,
                },
            );
            p.insert("from".into(), json!(from.as_ref().map(|f| &f.name)));
            extend_user(&mut p, e);
            style::point(&mut p, style::STRIKE, "danger");
            Some(Feature {
                id: e.id.clone(),
                geometry: Geometry::Point(LonLat::new(at.lon, at.lat)),
                properties: p,
            })
        })
        .collect()
}
