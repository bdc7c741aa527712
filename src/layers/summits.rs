//! The `summits` layer: one Point per summit, at its venue, with the organisation, hosts,
//! members and absentees (whose outlines go to the `countries` layer).

use super::properties::Fixed;
use super::properties::{point_feature, point_into, PointKind};
use super::properties::{Prop, Props};
use super::{style, Feature};
use crate::geodesy::LonLat;
use crate::scenario::resolve::Places;
use crate::scenario::{Detail, Event};

/// How summits are drawn.
pub static LOOK: PointKind = PointKind {
    kind: "summit",
    style: Fixed::new(&style::point(style::SUMMIT, "star")),
};

/// The properties of a summit's Point into any [`Props`]; the point, or `None` when the event
/// is not a summit or has no resolved place.
pub fn point<P: Props + ?Sized>(p: &mut P, e: &Event, places: &Places) -> Option<LonLat> {
    let Detail::Summit {
        organization,
        hosts,
        members,
        absent,
    } = &e.detail
    else {
        return None;
    };
    point_into(p, e, places, &LOOK, |p| {
        p.set("organization", Prop::OptStr(organization.as_deref()));
        p.set("hosts", Prop::Names(hosts));
        p.set("members", Prop::Names(members));
        p.set("absent", Prop::Names(absent));
    })
}

/// Features of every summit, in scenario order.
pub fn features(events: &[&Event], places: &Places) -> Vec<Feature> {
    events
        .iter()
        .filter_map(|e| point_feature(e, |p| point(p, e, places)))
        .collect()
}
