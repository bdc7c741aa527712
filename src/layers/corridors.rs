//! The `corridors` layer: routes between places, through their `via` waypoints. `air`
//! corridors are great circles leg by leg; `sea` corridors follow the sea router
//! ([`crate::routing`]) and never cross land. Each carries its computed length beside the
//! figures a source cites (`cited_length_nm`, `cited_days`, `cited_source`), which are shown as
//! cited and never used to tune the route.

use serde_json::json;

use super::properties::{core, extend_user, line};
use super::{style, Feature, Geometry};
use crate::geodesy::{great_circle, precision::round1, LonLat};
use crate::routing::basins::apart;
use crate::routing::corridor::{self, Way};
use crate::routing::error::in_closed;
use crate::routing::ports;
use crate::routing::route::{End, RouteError, Router};
use crate::routing::RouteOptions;
use crate::scenario::resolve::Places;
use crate::scenario::{CorridorMode, Detail, Diagnostics, Event};

/// Features of every corridor, in scenario order. `router` is needed for sea corridors.
pub fn features(
    events: &[&Event],
    places: &Places,
    router: Option<&Router<'_>>,
    errors: &mut Diagnostics,
) -> Vec<Feature> {
    let mut out = Vec::new();
    for e in events {
        let Detail::Corridor {
            from,
            to,
            via,
            mode,
            avoid,
            allow,
            cited_length_nm,
            cited_days,
            cited_source,
        } = &e.detail
        else {
            continue;
        };
        // A town, province or port by name starts a sea corridor at its port.
        let ends: Option<Vec<(LonLat, Option<&'static str>)>> = std::iter::once(from)
            .chain(via)
            .chain(std::iter::once(to))
            .map(|p| {
                places.get(p).map(|r| {
                    let at = LonLat::new(r.lon, r.lat);
                    let port = (*mode == CorridorMode::Sea)
                        .then(|| ports::port_of_place(&r.name, r.kind, at))
                        .flatten();
                    port.map_or((at, None), |(port, _)| (port.at, Some(port.name)))
                })
            })
            .collect();
        let Some(ends) = ends else { continue };
        let stops: Vec<LonLat> = ends.iter().map(|e| e.0).collect();
        let what = format!("corridor '{}' → '{}'", from.name, to.name);
        if stops
            .windows(2)
            .any(|w| great_circle::distance_km(w[0], w[1]) < 1.0)
        {
            errors.push(
                &e.origin,
                format!("{what} has two consecutive stops at the same place; hint: 'from', 'via' and 'to' must move"),
            );
            continue;
        }
        let opts = RouteOptions {
            avoid: avoid.clone(),
            allow: allow.clone(),
            ..RouteOptions::default()
        };
        let way = match (mode, router) {
            (CorridorMode::Air, _) => Ok(Way::Air),
            (CorridorMode::Sea, Some(router)) => Ok(Way::Sea(router, &opts)),
            (CorridorMode::Sea, None) => {
                Err("no sea network is available in this build".to_string())
            }
        };
        let drawn =
            way.and_then(|way| corridor::draw(&stops, way).map_err(|err| sea_error(err, e)));
        let (parts, km, passages, snap_from_km, snap_to_km) = match drawn {
            Ok(r) => (
                r.parts,
                r.length_km,
                r.passages,
                r.snap_from_km,
                r.snap_to_km,
            ),
            Err(message) => {
                errors.push(&e.origin, format!("cannot draw {what}: {message}"));
                continue;
            }
        };
        let title = super::properties::title(e, places);
        let mut p = core(&e.id, "corridor", &title, e, None, None);
        line(&mut p, from, to, via, mode.as_str(), km);
        p.insert("passages".into(), json!(passages));
        p.insert("from_port".into(), json!(ends[0].1));
        p.insert("to_port".into(), json!(ends[ends.len() - 1].1));
        p.insert("snap_from_km".into(), json!(round1(snap_from_km)));
        p.insert("snap_to_km".into(), json!(round1(snap_to_km)));
        p.insert("cited_length_nm".into(), json!(cited_length_nm));
        p.insert("cited_days".into(), json!(cited_days));
        p.insert("cited_source".into(), json!(cited_source));
        extend_user(&mut p, e);
        let color = match mode {
            CorridorMode::Air => style::CORRIDOR_AIR,
            CorridorMode::Sea => style::CORRIDOR_SEA,
        };
        style::line(&mut p, color, 3.0, false);
        out.push(Feature {
            id: e.id.clone(),
            geometry: Geometry::Lines(parts),
            properties: p,
        });
    }
    out
}

/// A routing error in the corridor's own words.
fn sea_error(err: RouteError, e: &Event) -> String {
    let Detail::Corridor { from, to, .. } = &e.detail else {
        return err.to_string();
    };
    let name = |end: End| match end {
        End::Start => format!("'{}'", from.name),
        End::End => format!("'{}'", to.name),
        End::Via(_) => "a 'via' place".to_string(),
    };
    match err {
        RouteError::Inland { end, km, .. } => format!(
            "{} is {km:.0} km from the nearest sea; hint: name a port on the coast, or use mode = \"air\"",
            name(end)
        ),
        RouteError::NoWater { end } | RouteError::Isolated { end } => format!(
            "{} is on a lake or a closed sea, cut off from the world ocean; hint: name a sea port",
            name(end)
        ),
        RouteError::Closed {
            end,
            passage,
            avoided,
        } => format!(
            "{} is {}",
            name(end),
            in_closed(passage, avoided, "allow", "avoid")
        ),
        RouteError::Apart {
            from,
            to,
            from_basin,
            to_basin,
        } => format!(
            "{}; route each sea on its own, or use mode = \"air\"",
            apart(&name(from), &name(to), from_basin, to_basin)
        ),
        other => other.to_string(),
    }
}
