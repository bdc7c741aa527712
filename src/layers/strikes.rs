//! The `strikes` layer: one Point per strike, at the place hit, with actor, target, weapon and
//! casualties. A strike's launch area (`from`) becomes a line in the `travel` layer.

use super::properties::Fixed;
use super::properties::{point_feature, point_into, PointKind};
use super::properties::{Prop, Props};
use super::{style, Feature};
use crate::geodesy::LonLat;
use crate::scenario::resolve::Places;
use crate::scenario::{Casualties, Detail, Event};

/// How strikes are drawn.
pub static LOOK: PointKind = PointKind {
    kind: "strike",
    style: Fixed::new(&style::point(style::STRIKE, "danger")),
};

/// The properties of a strike's Point into any [`Props`]; the point, or `None` when the event
/// is not a strike or has no resolved place.
pub fn point<P: Props + ?Sized>(p: &mut P, e: &Event, places: &Places) -> Option<LonLat> {
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
    point_into(p, e, places, &LOOK, |p| {
        p.set("actor", Prop::OptStr(actor.as_deref()));
        p.set("target", Prop::OptStr(target.as_deref()));
        p.set("weapon", Prop::OptStr(weapon.as_deref()));
        p.set(
            "casualties",
            match casualties {
                Some(Casualties::Count(n)) => Prop::U64(*n),
                Some(Casualties::Text(t)) => Prop::Str(t),
                None => Prop::Null,
            },
        );
        p.set("from", Prop::OptStr(from.as_ref().map(|f| f.name.as_str())));
    })
}

/// Features of every strike, in scenario order.
pub fn features(events: &[&Event], places: &Places) -> Vec<Feature> {
    events
        .iter()
        .filter_map(|e| point_feature(e, |p| point(p, e, places)))
        .collect()
}
