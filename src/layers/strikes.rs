//! The `strikes` layer: one Point per strike, at the place hit, with actor, target, weapon and
//! casualties. A strike's launch area (`from`) becomes a line in the `travel` layer.

use serde_json::{json, Value};

use super::properties::event_point;
use super::{style, Feature};
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
            event_point(e, places, "strike", style::STRIKE, "danger", |p| {
                p.insert("actor".into(), json!(actor));
                p.insert("target".into(), json!(target));
                p.insert("weapon".into(), json!(weapon));
                let casualties = match casualties {
                    Some(Casualties::Count(n)) => json!(n),
                    Some(Casualties::Text(t)) => json!(t),
                    None => Value::Null,
                };
                p.insert("casualties".into(), casualties);
                p.insert("from".into(), json!(from.as_ref().map(|f| &f.name)));
            })
        })
        .collect()
}
