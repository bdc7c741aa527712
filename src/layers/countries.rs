//! The `countries` layer: the outlines of the countries a scenario involves, one feature per
//! country and event, with a `role`: `host`, `member` or `absent` for summits, `participant` for
//! meetings whose participants are named as countries. Each feature has its event's dates, so
//! QGIS's Temporal Controller lights the hosts up while their summit is on.
//!
//! Within one event a country has one role: host before absent before member, so an absent
//! member shows as absent. Outlines come from the embedded Natural Earth shapes ([`crate::shapes`]).

use std::collections::BTreeMap;

use serde_json::json;

use super::properties::{core, extend_user, title};
use super::{style, Feature, Geometry};
use crate::geodesy::LonLat;
use crate::scenario::resolve::{Places, Resolved};
use crate::scenario::{Detail, Diagnostics, Event, PlaceRef};
use crate::shapes::CountryShapes;

type Rings = Vec<Vec<Vec<LonLat>>>;

/// Features of every involved country, event by event.
pub fn features(
    events: &[&Event],
    places: &Places,
    shapes: &CountryShapes<'_>,
    errors: &mut Diagnostics,
) -> Vec<Feature> {
    let mut cache: BTreeMap<crate::gazetteer::CountryCode, Option<Rings>> = BTreeMap::new();
    let mut out = Vec::new();
    for e in events {
        let mut roles: Vec<(&str, &PlaceRef, &Resolved)> = Vec::new();
        match &e.detail {
            Detail::Summit {
                hosts,
                members,
                absent,
                ..
            } => {
                for (role, list) in [("host", hosts), ("absent", absent), ("member", members)] {
                    for p in list {
                        let Some(r) = places.get(p) else { continue };
                        if let Some((other, _, _)) =
                            roles.iter().find(|(_, _, q)| q.country == r.country)
                        {
                            if *other == "host" && role == "absent" {
                                errors.push(&p.origin, format!("'{}' is both a host and absent; hint: a host attends its own summit", p.name));
                            }
                            continue;
                        }
                        roles.push((role, p, r));
                    }
                }
            }
            Detail::Meeting { participants, .. } => {
                for p in participants {
                    let Some(r) = places.participant_country(p) else {
                        continue;
                    };
                    if roles.iter().any(|(_, _, q)| q.country == r.country) {
                        continue;
                    }
                    roles.push(("participant", p, r));
                }
            }
            _ => continue,
        }
        let event_title = title(e, places);
        for (role, p, r) in roles {
            let Some(code) = r.country else {
                errors.push(&p.origin, format!("'{}' has no ISO country code, so it has no outline; hint: name a country with an ISO 3166-1 code", p.name));
                continue;
            };
            let rings = cache
                .entry(code)
                .or_insert_with(|| {
                    shapes.get(code).map(|mp| {
                        mp.0.iter()
                            .map(|poly| {
                                std::iter::once(poly.exterior())
                                    .chain(poly.interiors())
                                    .map(|ring| {
                                        ring.0.iter().map(|c| LonLat::new(c.x, c.y)).collect()
                                    })
                                    .collect()
                            })
                            .collect()
                    })
                })
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
                geometry: Geometry::Polygons(rings),
                properties: props,
            });
        }
    }
    out
}
