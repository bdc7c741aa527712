//! The `countries` layer: the outlines of the countries a scenario involves, one feature per
//! country and event, with a `role`: `host`, `member` or `absent` for summits, `participant` for
//! meetings whose participants are named as countries. Each feature has its event's dates, so
//! QGIS's Temporal Controller lights the hosts up while their summit is on.
//!
//! A group of countries named there (EU, BRICS) stands for its members: each is drawn with
//! the role the group had and `group` naming it (null for a country named itself).
//!
//! Within one event a country has one role: host before absent before member, so an absent
//! member shows as absent. Outlines come from the embedded Natural Earth shapes ([`crate::shapes`]).

use std::collections::BTreeMap;

use serde_json::json;

use super::properties::{core, extend_user, title};
use super::{style, Feature, Geometry};
use crate::gazetteer::ResolvedKind;
use crate::scenario::resolve::{Places, Resolved};
use crate::scenario::{Detail, Diagnostics, Event, PlaceRef};
use crate::shapes::CountryShapes;

/// Features of every involved country, event by event.
pub fn features<'a>(
    events: &[&'a Event],
    places: &'a Places,
    shapes: &CountryShapes<'_>,
    errors: &mut Diagnostics,
) -> Vec<Feature> {
    let mut cache: BTreeMap<crate::gazetteer::CountryCode, Option<Geometry>> = BTreeMap::new();
    let mut out = Vec::new();
    for e in events {
        // (role, as written, the country, the group it came by).
        let mut roles: Vec<(&str, &PlaceRef, &Resolved, Option<&Resolved>)> = Vec::new();
        let mut add = |role: &'static str,
                       p: &'a PlaceRef,
                       r: &'a Resolved,
                       errors: &mut Diagnostics| {
            let group = (r.kind == ResolvedKind::Group).then_some(r);
            for c in r.countries() {
                if let Some((other, _, _, _)) =
                    roles.iter().find(|(_, _, q, _)| q.country == c.country)
                {
                    if *other == "host" && role == "absent" {
                        errors.push(&p.origin, format!("'{}' is both a host and absent; hint: a host attends its own summit", p.name));
                    }
                    continue;
                }
                roles.push((role, p, c, group));
            }
        };
        match &e.detail {
            Detail::Summit {
                hosts,
                members,
                absent,
                ..
            } => {
                for (role, list) in [("host", hosts), ("absent", absent), ("member", members)] {
                    for p in list {
                        if let Some(r) = places.get(p) {
                            add(role, p, r, errors);
                        }
                    }
                }
            }
            Detail::Meeting { participants, .. } => {
                for p in participants {
                    if let Some(r) = places.participant_country(p) {
                        add("participant", p, r, errors);
                    }
                }
            }
            _ => continue,
        }
        let event_title = title(e, places);
        for (role, p, r, group) in roles {
            let Some(code) = r.country else {
                errors.push(&p.origin, format!("'{}' has no ISO country code, so it has no outline; hint: name a country with an ISO 3166-1 code", p.name));
                continue;
            };
            let rings = cache
                .entry(code)
                .or_insert_with(|| shapes.get(code).map(|mp| Geometry::from_multipolygon(&mp)))
                .clone();
            let Some(rings) = rings else {
                errors.push(
                    &p.origin,
                    format!(
                        "'{}' ({code}) has no outline in the embedded Natural Earth shapes",
                        p.name
                    ),
                );
                continue;
            };
            let id = format!("{}/{role}/{code}", e.id);
            let feature_title = format!("{} ({role}, {event_title})", r.name);
            let mut props = core(&id, "country", &feature_title, e, Some(p), Some(r));
            props.insert("role".into(), json!(role));
            props.insert("event".into(), json!(e.id));
            props.insert("group".into(), json!(group.map(|g| g.name.as_str())));
            let organization = match &e.detail {
                Detail::Summit { organization, .. } => organization.as_deref(),
                _ => None,
            };
            props.insert("organization".into(), json!(organization));
            extend_user(&mut props, e);
            let (color, opacity) = match role {
                "host" => (style::HOST, 0.45),
                "absent" => (style::ABSENT, 0.35),
                "member" => (style::MEMBER, 0.2),
                _ => (style::PARTICIPANT, 0.3),
            };
            style::polygon(&mut props, color, opacity);
            out.push(Feature {
                id,
                geometry: rings,
                properties: props,
            });
        }
    }
    out
}
