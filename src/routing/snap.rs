//! Snapping a route's end to the network: a point on land moves to the nearest water (within
//! the route's `max_snap_km`), then joins the nearest network nodes it can see across water; from
//! a fjord no node can see, or a harbour that sees only far-off nodes through its mouth, a search
//! through the water on a fine grid finds the way out; a
//! harbour behind a headland joins the nearest nodes directly; a port up a river the land closes
//! starts on the river's course.

use super::error::{End, RouteError};
use super::land::Land;
use super::network::cell_of;
use super::network::Network;
use super::options::RouteOptions;
use super::passages::{PassageKind, PASSAGES};

/// A network node an end is joined to, with the join's length in km.
type Link = (u32, f64);
use super::taut::taut_walk;
use super::visibility::clear;
use crate::geodesy::great_circle::distance_km;
use crate::geodesy::LonLat;

/// Grid step of the search out of a fjord, in degrees of latitude (about 430 m).
pub const ESCAPE_STEP_DEG: f64 = 1.0 / 256.0;

/// How far the search out of a fjord may go, in km.
pub const ESCAPE_MAX_KM: f64 = 80.0;

/// Nodes an end sees within this radius, in degrees of latitude (about 28 km), are joined
/// directly; beyond it the way out through the water is tried as well.
const NEAR_DEG: f64 = 0.25;

/// How far an end hidden from every node (a harbour behind a headland) may be joined straight
/// to the nearest nodes, in km.
pub const SNAP_LINK_KM: f64 = 20.0;

/// How far from a point on land a river port may be for the point to start on the river, in km.
pub const RIVER_PORT_KM: f64 = 15.0;

/// How far a point on land may be from a canal's course vertex to start there, in km.
pub const CANAL_PORT_KM: f64 = 2.0;

/// A snapped end: the water point and the nodes it is joined to, with their distances.
pub(super) struct Snap {
    pub(super) water: LonLat,
    pub(super) km: f64,
    /// When the water is hidden from the network (a fjord), the way out through it: from
    /// `water` to the point the `links` start from. Empty otherwise.
    pub(super) channel: Vec<LonLat>,
    pub(super) links: Vec<(u32, f64)>,
}

impl Snap {
    /// Where the links to the network start.
    pub(super) fn exit(&self) -> LonLat {
        self.channel.last().copied().unwrap_or(self.water)
    }
}

/// Snaps ends to the water and the network of one router.
pub struct Snapper<'r> {
    pub land: &'r Land<'r>,
    pub net: &'r Network<'r>,
}

impl Snapper<'_> {
    /// Nodes within `radius_deg` (of latitude) of `p`, nearest first.
    fn nodes_near(&self, p: LonLat, radius_deg: f64) -> Vec<(f64, u32)> {
        let k = p.lat.to_radians().cos().max(0.05);
        let lat_cells = radius_deg.ceil() as i64;
        let lon_cells = ((radius_deg / k).ceil() as i64).min(180);
        let cell = cell_of(p);
        let (col, row) = ((cell % 360) as i64, (cell / 360) as i64);
        let mut out = Vec::new();
        for r in (row - lat_cells).max(0)..=(row + lat_cells).min(179) {
            for c in col - lon_cells..=col + lon_cells {
                let c = c.rem_euclid(360) as usize;
                for n in self.net.cell_nodes(r as usize * 360 + c) {
                    let d = distance_km(p, self.net.node(n));
                    if d <= radius_deg * 111.2 {
                        out.push((d, n as u32));
                    }
                }
            }
        }
        out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        out.dedup_by_key(|x| x.1);
        out
    }

    /// Move `p` to the nearest water and join it to the network.
    pub(super) fn snap(
        &self,
        p: LonLat,
        end: End,
        opts: &RouteOptions,
    ) -> Result<Snap, RouteError> {
        let on_land = self.land.is_land(p);
        if on_land {
            // A port up a river the land closes: start on the river's course.
            if let Some((km, node)) = self.course_vertex(p, opts) {
                return Ok(Snap {
                    water: self.net.node(node as usize),
                    km,
                    channel: Vec::new(),
                    links: vec![(node, 0.0)],
                });
            }
        }
        let (water, km) = if on_land {
            let max_deg = (opts.max_snap_km / 111.0).max(0.05) + 0.05;
            let Some((coast, _)) = self.land.nearest_coast(p, max_deg.min(5.0)) else {
                // Far inland: say how far the sea is (the nearest network node).
                let (km, node) = [1.0, 4.0, 15.0, 45.0]
                    .iter()
                    .find_map(|&r| self.nodes_near(p, r).first().copied())
                    .ok_or(RouteError::NoWater { end })?;
                return Err(RouteError::Inland {
                    end,
                    km,
                    max_km: opts.max_snap_km,
                    sea: Some(self.net.node(node as usize)),
                });
            };
            let water = self
                .step_off_coast(p, coast)
                .ok_or(RouteError::NoWater { end })?;
            (water, distance_km(p, water))
        } else {
            (p, 0.0)
        };
        if km > opts.max_snap_km {
            return Err(RouteError::Inland {
                end,
                km,
                max_km: opts.max_snap_km,
                sea: Some(water),
            });
        }
        let mut links = Vec::new();
        for radius in [NEAR_DEG, 0.75, 2.0, 5.0] {
            for (d, n) in self.nodes_near(water, radius) {
                if links.len() >= 6 {
                    break;
                }
                if opts.blocks(self.net.node(n as usize)) || links.iter().any(|&(m, _)| m == n) {
                    continue;
                }
                if clear(self.land, water, self.net.node(n as usize)) {
                    links.push((n, d));
                }
            }
            if !links.is_empty() {
                break;
            }
        }
        // Links come nearest first. Only far nodes in sight (from a harbour whose mouth looks out
        // to sea, Durban's): the way out through the water may reach nearer ones by a shorter path.
        if let Some(direct) = links.first().map(|l| l.1).filter(|&d| d > NEAR_DEG * 111.2) {
            if let Some((channel, out)) = self.escape(water, opts) {
                let walked = crate::geodesy::length::path_km(&channel)
                    + out.iter().map(|l| l.1).fold(f64::INFINITY, f64::min);
                if walked < direct {
                    return Ok(Snap {
                        water,
                        km,
                        channel,
                        links: out,
                    });
                }
            }
        }
        if links.is_empty() {
            // Water no node can see: a fjord or an archipelago narrower than the network's
            // sampling. Find the way out through the water itself.
            if let Some((channel, links)) = self.escape(water, opts) {
                return Ok(Snap {
                    water,
                    km,
                    channel,
                    links,
                });
            }
            // A harbour behind a headland: join the nearest nodes directly; the join may cut
            // the headland, within the snap distance of the port.
            let near: Vec<(f64, u32)> = self
                .nodes_near(p, SNAP_LINK_KM / 111.0)
                .into_iter()
                .filter(|&(_, n)| !opts.blocks(self.net.node(n as usize)))
                .take(3)
                .collect();
            let Some(&(nearest_km, nearest)) = near.first() else {
                return Err(closed_at(water, end, opts).unwrap_or(RouteError::Isolated { end }));
            };
            if nearest_km > opts.max_snap_km {
                if let Some(closed) = closed_at(water, end, opts) {
                    return Err(closed);
                }
                return Err(RouteError::Inland {
                    end,
                    km: nearest_km,
                    max_km: opts.max_snap_km,
                    sea: Some(self.net.node(nearest as usize)),
                });
            }
            return Ok(Snap {
                water: p,
                km: nearest_km,
                channel: Vec::new(),
                links: near.into_iter().map(|(d, n)| (n, d)).collect(),
            });
        }
        Ok(Snap {
            water,
            km,
            channel: Vec::new(),
            links,
        })
    }

    /// The network node of the river-course vertex nearest `p`, within [`RIVER_PORT_KM`] (a
    /// canal's within [`CANAL_PORT_KM`]), on a course the route does not avoid; with its
    /// distance in km.
    fn course_vertex(&self, p: LonLat, opts: &RouteOptions) -> Option<(f64, u32)> {
        let (km, vertex) = PASSAGES
            .iter()
            .enumerate()
            .filter(|(k, r)| r.is_course() && !opts.avoid.contains(k))
            .flat_map(|(_, r)| {
                // A canal's vertex only for a port on the canal itself (Balboa): a town beside
                // a canal's approach is nearer its own coast.
                let reach = match r.kind {
                    PassageKind::River => RIVER_PORT_KM,
                    _ => CANAL_PORT_KM,
                };
                r.course()
                    .into_iter()
                    .map(move |v| (distance_km(p, v), v))
                    .filter(move |&(km, _)| km <= reach)
            })
            .min_by(|a, b| a.0.total_cmp(&b.0))?;
        let (d, node) = self.nodes_near(vertex, 0.01).into_iter().next()?;
        (d < 0.01).then_some((km, node))
    }

    /// A breadth-first search through the water on a fine grid ([`ESCAPE_STEP_DEG`]) from a
    /// point no network node can see, until some node is in sight: the channel walked (pulled
    /// taut) and the links from its end. `None` when nothing is in sight within
    /// [`ESCAPE_MAX_KM`] (a lake).
    fn escape(&self, from: LonLat, opts: &RouteOptions) -> Option<(Vec<LonLat>, Vec<Link>)> {
        let k = from.lat.to_radians().cos().max(0.05);
        let (dlat, dlon) = (ESCAPE_STEP_DEG, ESCAPE_STEP_DEG / k);
        let reach = (ESCAPE_MAX_KM / (ESCAPE_STEP_DEG * 111.2)) as i32;
        let at =
            |c: (i32, i32)| LonLat::new(from.lon + c.0 as f64 * dlon, from.lat + c.1 as f64 * dlat);
        let mut parent: std::collections::HashMap<(i32, i32), (i32, i32)> = Default::default();
        let mut queue = std::collections::VecDeque::from([((0, 0), 0u32)]);
        parent.insert((0, 0), (0, 0));
        while let Some((cell, depth)) = queue.pop_front() {
            let p = at(cell);
            if depth % 4 == 0 {
                let links: Vec<(u32, f64)> = self
                    .nodes_near(p, 0.15)
                    .into_iter()
                    .filter(|&(_, n)| !opts.blocks(self.net.node(n as usize)))
                    .take(4)
                    .filter(|&(_, n)| clear(self.land, p, self.net.node(n as usize)))
                    .map(|(d, n)| (n, d))
                    .collect();
                if !links.is_empty() {
                    let mut cells = vec![cell];
                    let mut c = cell;
                    while c != (0, 0) {
                        c = parent[&c];
                        cells.push(c);
                    }
                    cells.reverse();
                    let walked: Vec<LonLat> = cells.into_iter().map(at).collect();
                    return Some((taut_walk(self.land, &walked), links));
                }
            }
            for (di, dj) in [
                (1, 0),
                (-1, 0),
                (0, 1),
                (0, -1),
                (1, 1),
                (1, -1),
                (-1, 1),
                (-1, -1),
            ] {
                let next = (cell.0 + di, cell.1 + dj);
                if next.0.abs() > reach || next.1.abs() > reach || parent.contains_key(&next) {
                    continue;
                }
                let q = at(next);
                if q.lon.abs() > 180.0 || q.lat.abs() > 85.0 || self.land.crosses(p, q) {
                    continue;
                }
                parent.insert(next, cell);
                queue.push_back((next, depth + 1));
            }
        }
        None
    }

    /// A water point just beyond the coast point `coast`, seen from inland point `p`.
    fn step_off_coast(&self, p: LonLat, coast: LonLat) -> Option<LonLat> {
        let k = coast.lat.to_radians().cos().max(0.05);
        let (dx, dy) = ((coast.lon - p.lon) * k, coast.lat - p.lat);
        let len = (dx * dx + dy * dy).sqrt();
        let mut directions: Vec<(f64, f64)> = Vec::new();
        if len > 0.0 {
            directions.push((dx / len, dy / len));
        }
        for i in 0..16 {
            let a = i as f64 * std::f64::consts::PI / 8.0;
            directions.push((a.cos(), a.sin()));
        }
        for step in [0.001, 0.003, 0.01, 0.03] {
            for &(ux, uy) in &directions {
                let q = LonLat::new(coast.lon + ux * step / k, coast.lat + uy * step);
                if !self.land.is_land(q) {
                    return Some(q);
                }
            }
        }
        None
    }
}

/// The error for a point whose water lies in a passage closed to the route (a box, not a
/// course): Tiksi in the Northern Sea Route's seas, unless the route allows it.
fn closed_at(water: LonLat, end: End, opts: &RouteOptions) -> Option<RouteError> {
    opts.closed()
        .find(|&k| !PASSAGES[k].is_course() && PASSAGES[k].contains(water))
        .map(|passage| RouteError::Closed {
            end,
            passage,
            avoided: opts.avoid.contains(&passage),
        })
}
