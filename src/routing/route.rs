//! Finding a sea route: snap both ends to water, find the shortest path on the network (the
//! contraction-hierarchy query of [`super::query`]), pull the path taut (each vertex joined to the farthest later one it
//! can see across water), and draw it as great-circle chords cut at the antimeridian.
//!
//! Distances are km on the WGS 84 ellipsoid: the geodesic between consecutive waypoints (canal
//! legs along their course); the search itself uses the network's spherical edge lengths.

use super::query::Scratch;

use super::land::Land;
use super::network::{cell_of, Network};
use super::passages::{PassageKind, PASSAGES};
use super::visibility::{all_chords, arc_extent, chords, clear};

use crate::geodesy::great_circle::{continue_lon, distance_km};
use crate::geodesy::{antimeridian, length, LonLat};

/// Why no route was found.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    #[error("{end} is {km:.0} km from the nearest sea water, more than the {max_km:.0} km allowed; hint: name a port on the coast, or raise --max-snap-km")]
    Inland {
        end: &'static str,
        km: f64,
        max_km: f64,
        /// The nearest sea water found, for suggesting a port.
        sea: Option<LonLat>,
    },
    #[error("no water within reach of the {end} point; hint: name a port on the coast")]
    NoWater { end: &'static str },
    #[error("the {end} point's water is cut off from the world ocean (a lake or a closed sea); hint: name a sea port")]
    Isolated { end: &'static str },
    #[error("no sea route remains{}; hint: avoid fewer passages", if .avoided.is_empty() { String::new() } else { format!(" avoiding {}", .avoided.join(", ")) })]
    NoRoute { avoided: Vec<&'static str> },
    #[error("the start and the end are the same point")]
    SamePlace,
}

/// How close a pulled-taut leg may pass to the coast outside straits, in km.
pub const CLEARANCE_KM: f64 = 5.0;

/// Around each end of a route, legs may pass closer to land (a port is on the coast), in km.
pub const END_ZONE_KM: f64 = 30.0;

/// Grid step of the search out of a fjord, in degrees of latitude (about 430 m).
pub const ESCAPE_STEP_DEG: f64 = 1.0 / 256.0;

/// How far the search out of a fjord may go, in km.
pub const ESCAPE_MAX_KM: f64 = 80.0;

/// How far an end hidden from every node (a harbour behind a headland) may be joined straight
/// to the nearest nodes, in km.
pub const SNAP_LINK_KM: f64 = 20.0;

/// Options of one search.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteOptions {
    /// Indices into [`PASSAGES`] the route may not use.
    pub avoid: Vec<usize>,
    /// Indices of ice-bound passages the route may use (closed otherwise).
    pub allow: Vec<usize>,
    /// Farthest an end may be from water, in km.
    pub max_snap_km: f64,
}

impl Default for RouteOptions {
    fn default() -> Self {
        Self {
            avoid: Vec::new(),
            allow: Vec::new(),
            max_snap_km: 50.0,
        }
    }
}

impl RouteOptions {
    /// The passages closed to this route: those avoided, and the ice-bound ones not allowed.
    pub fn closed(&self) -> impl Iterator<Item = usize> + '_ {
        self.avoid.iter().copied().chain(
            super::passages::ice_bound()
                .filter(|k| !self.allow.contains(k) && !self.avoid.contains(k)),
        )
    }
}

/// A route.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The drawn line, cut at the antimeridian; longitudes in [-180, 180].
    pub parts: Vec<Vec<LonLat>>,
    pub length_km: f64,
    /// Names of the passages traversed, in order.
    pub passages: Vec<&'static str>,
    pub snap_from_km: f64,
    pub snap_to_km: f64,
}

/// Land and network together.
pub struct Router<'a> {
    pub(super) land: Land<'a>,
    pub(super) net: Network<'a>,
    /// Search state reused from route to route (allocating and zeroing it for every search of
    /// a network this size costs more than the search).
    pub(super) scratch: std::sync::Mutex<Scratch>,
}

/// Network nodes an end is joined to, with the join's length in km.
type Links = Vec<(u32, f64)>;

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

impl<'a> Router<'a> {
    pub fn new(land: Land<'a>, net: Network<'a>) -> Self {
        Self {
            land,
            net,
            scratch: std::sync::Mutex::new(Scratch::default()),
        }
    }

    pub fn land(&self) -> &Land<'a> {
        &self.land
    }

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
    fn snap(&self, p: LonLat, end: &'static str, opts: &RouteOptions) -> Result<Snap, RouteError> {
        let (water, km) = if self.land.is_land(p) {
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
        for radius in [0.25, 0.75, 2.0, 5.0] {
            for (d, n) in self.nodes_near(water, radius) {
                if links.len() >= 6 {
                    break;
                }
                if self.node_blocked(n as usize, opts) || links.iter().any(|&(m, _)| m == n) {
                    continue;
                }
                if clear(&self.land, water, self.net.node(n as usize)) {
                    links.push((n, d));
                }
            }
            if !links.is_empty() {
                break;
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
                .filter(|&(_, n)| !self.node_blocked(n as usize, opts))
                .take(3)
                .collect();
            let Some(&(nearest_km, nearest)) = near.first() else {
                return Err(RouteError::Isolated { end });
            };
            if nearest_km > opts.max_snap_km {
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

    /// A breadth-first search through the water on a fine grid ([`ESCAPE_STEP_DEG`]) from a
    /// point no network node can see, until some node is in sight: the channel walked (pulled
    /// taut) and the links from its end. `None` when nothing is in sight within
    /// [`ESCAPE_MAX_KM`] (a lake).
    fn escape(&self, from: LonLat, opts: &RouteOptions) -> Option<(Vec<LonLat>, Links)> {
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
                    .filter(|&(_, n)| !self.node_blocked(n as usize, opts))
                    .take(4)
                    .filter(|&(_, n)| clear(&self.land, p, self.net.node(n as usize)))
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
                    return Some((self.taut(&walked), links));
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

    /// A walked path pulled taut: each vertex joined to the farthest later one it sees.
    fn taut(&self, path: &[LonLat]) -> Vec<LonLat> {
        let mut out = vec![path[0]];
        let mut i = 0;
        while i + 1 < path.len() {
            let mut j = path.len() - 1;
            while j > i + 1 && !clear(&self.land, path[i], path[j]) {
                j -= 1;
            }
            out.push(path[j]);
            i = j;
        }
        out
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

    /// True when node `v` is inside the box of an avoided strait or cape (canals are avoided by
    /// their edge; the sea at each end stays open).
    fn node_blocked(&self, v: usize, opts: &RouteOptions) -> bool {
        let p = self.net.node(v);
        opts.closed()
            .any(|k| PASSAGES[k].kind != PassageKind::Canal && PASSAGES[k].contains(p))
    }

    /// True when the leg `a` → `b` stays on water, out of every avoided box, and at least
    /// [`CLEARANCE_KM`] off the coast — except inside straits and canal boxes, and within
    /// [`END_ZONE_KM`] of the route's ends (`ends`), where ships do pass close to land.
    fn leg_ok(&self, a: LonLat, b: LonLat, opts: &RouteOptions, ends: [LonLat; 2]) -> bool {
        let blocked = |p: LonLat, q: LonLat| {
            // Clearance first: usually satisfied, and a chord clear of land by that much does
            // not cross it. The crossing test and the exemptions only when it is not.
            if !self.land.within(p, q, CLEARANCE_KM) {
                return false;
            }
            if self.land.crosses(p, q) {
                return true;
            }
            let near_end = ends
                .iter()
                .any(|e| distance_km(*e, p) < END_ZONE_KM || distance_km(*e, q) < END_ZONE_KM);
            let narrow = PASSAGES.iter().any(|x| {
                matches!(x.kind, PassageKind::Strait | PassageKind::Canal) && x.entered_by(p, q)
            });
            !near_end && !narrow
        };
        if !all_chords(&self.land, a, b, CLEARANCE_KM, |p, q| !blocked(p, q)) {
            return false;
        }
        // Closed straits, capes and ice routes the leg's extent could reach: then chord by chord.
        let extent = arc_extent(a, b);
        let near: Vec<usize> = opts
            .closed()
            .filter(|&k| {
                PASSAGES[k].kind != PassageKind::Canal && boxes_meet(&PASSAGES[k].bbox, &extent)
            })
            .collect();
        if near.is_empty() {
            return true;
        }
        let parts = antimeridian::cut(&chords(a, b));
        !near.iter().any(|&k| {
            parts
                .iter()
                .any(|part| part.windows(2).any(|w| PASSAGES[k].entered_by(w[0], w[1])))
        })
    }

    /// The sea route from `from` to `to`.
    pub fn route(
        &self,
        from: LonLat,
        to: LonLat,
        opts: &RouteOptions,
    ) -> Result<Route, RouteError> {
        self.route_through(&[from, to], opts)
    }

    /// The sea route through `stops` in order (start, `via` points, end).
    pub fn route_through(
        &self,
        stops: &[LonLat],
        opts: &RouteOptions,
    ) -> Result<Route, RouteError> {
        if stops.len() < 2 || stops.windows(2).any(|w| distance_km(w[0], w[1]) < 0.001) {
            return Err(RouteError::SamePlace);
        }
        let last = stops.len() - 1;
        let snaps = stops
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let end = match i {
                    0 => "start",
                    i if i == last => "end",
                    _ => "via",
                };
                self.snap(p, end, opts)
            })
            .collect::<Result<Vec<Snap>, RouteError>>()?;
        let mut waypoints: Vec<(LonLat, Option<u16>)> = Vec::new();
        for pair in snaps.windows(2) {
            let leg = self.leg(&pair[0], &pair[1], opts)?;
            let skip = usize::from(!waypoints.is_empty());
            waypoints.extend(leg.into_iter().skip(skip));
        }
        Ok(self.draw(&waypoints, snaps[0].km, snaps[last].km))
    }

    /// The taut waypoints of one leg, with the canal used to reach each.
    fn leg(
        &self,
        start: &Snap,
        goal: &Snap,
        opts: &RouteOptions,
    ) -> Result<Vec<(LonLat, Option<u16>)>, RouteError> {
        // Out of a fjord (if the start is in one), across the network, into the goal's.
        let head: Vec<(LonLat, Option<u16>)> = start.channel.iter().map(|&p| (p, None)).collect();
        let tail: Vec<(LonLat, Option<u16>)> =
            goal.channel.iter().rev().map(|&p| (p, None)).collect();
        let (from, to) = (start.exit(), goal.exit());
        let ends = [start.water, goal.water];
        // Straight across open water when the two exits see each other.
        let middle = if self.leg_ok(from, to, opts, ends) {
            vec![(from, None), (to, None)]
        } else {
            let avoided: Vec<&'static str> = opts.avoid.iter().map(|&k| PASSAGES[k].name).collect();
            let nodes = self
                .search(start, goal, avoid_mask(opts))
                .ok_or(RouteError::NoRoute { avoided })?;
            let mut waypoints = Vec::with_capacity(nodes.len() + 2);
            waypoints.push((from, None));
            for &(n, canal) in &nodes {
                waypoints.push((self.net.node(n as usize), canal));
            }
            waypoints.push((to, None));
            self.pull_taut(&waypoints, opts, [from, to])
        };
        let mut out = head;
        out.pop(); // the channel's last point is the middle's first
        out.extend(middle);
        out.extend(tail.into_iter().skip(1));
        Ok(out)
    }

    /// Join each kept vertex to the farthest later vertex it sees across water. Canal legs are
    /// kept as they are.
    fn pull_taut(
        &self,
        points: &[(LonLat, Option<u16>)],
        opts: &RouteOptions,
        ends: [LonLat; 2],
    ) -> Vec<(LonLat, Option<u16>)> {
        let last = points.len() - 1;
        let mut out = vec![points[0]];
        let mut i = 0;
        // Legs tend to span as many vertices as the one before: the first probe goes that far.
        let mut reach = 2;
        while i < last {
            // The next canal leg bounds how far a shortcut may reach.
            let limit = (i + 1..=last)
                .find(|&j| points[j].1.is_some())
                .map_or(last, |j| if j == i + 1 { j } else { j - 1 });
            let ok = |j: usize| j == i + 1 || self.leg_ok(points[i].0, points[j].0, opts, ends);
            // Gallop from the last leg's reach, then bisect.
            let (mut good, mut step) = (i + 1, reach.max(2) / 2);
            let mut bad = None;
            while good < limit {
                let probe = (i + step * 2).min(limit);
                if ok(probe) {
                    good = probe;
                    step *= 2;
                } else {
                    bad = Some(probe);
                    break;
                }
            }
            if let Some(mut hi) = bad {
                let mut lo = good;
                while hi - lo > 1 {
                    let mid = (lo + hi) / 2;
                    if ok(mid) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                good = lo;
            }
            out.push(points[good]);
            reach = good - i;
            i = good;
        }
        out
    }

    /// Draw waypoints as chords (canal legs along their course), cut at the antimeridian.
    fn draw(
        &self,
        waypoints: &[(LonLat, Option<u16>)],
        snap_from_km: f64,
        snap_to_km: f64,
    ) -> Route {
        let mut path: Vec<LonLat> = vec![waypoints[0].0];
        let mut length_km = 0.0;
        for w in waypoints.windows(2) {
            let prev = *path.last().unwrap_or(&w[0].0);
            let leg: Vec<LonLat> = match w[1].1 {
                Some(passage) => {
                    let mut course = PASSAGES[usize::from(passage) - 1].course();
                    if distance_km(course[0], w[0].0)
                        > distance_km(course[course.len() - 1], w[0].0)
                    {
                        course.reverse();
                    }
                    course
                }
                None => chords(w[0].0, w[1].0),
            };
            length_km += match w[1].1 {
                Some(_) => length::path_km(&leg),
                None => length::geodesic_km(w[0].0, w[1].0),
            };
            let mut lon = prev.lon;
            for p in leg.into_iter().skip(1) {
                lon = continue_lon(lon, p.lon);
                path.push(LonLat::new(lon, p.lat));
            }
        }
        let parts = antimeridian::cut(&path);
        let mut passages: Vec<&'static str> = Vec::new();
        for part in &parts {
            for seg in part.windows(2) {
                for p in PASSAGES.iter() {
                    if !passages.contains(&p.name) && p.entered_by(seg[0], seg[1]) {
                        passages.push(p.name);
                    }
                }
            }
        }
        Route {
            parts,
            length_km,
            passages,
            snap_from_km,
            snap_to_km,
        }
    }
}

/// The avoided passages as a mask over [`PASSAGES`], as the network's edges carry them.
fn avoid_mask(opts: &RouteOptions) -> u32 {
    opts.closed().fold(0, |m, k| m | 1 << k)
}

/// True when two `[w, s, e, n]` boxes overlap, the first within [-180, 180] and the second
/// in continuous longitudes (shifted by a turn either way to compare).
fn boxes_meet(fixed: &[f64; 4], other: &[f64; 4]) -> bool {
    [-360.0, 0.0, 360.0].iter().any(|shift| {
        fixed[0] <= other[2] + shift
            && other[0] + shift <= fixed[2]
            && fixed[1] <= other[3]
            && other[1] <= fixed[3]
    })
}
