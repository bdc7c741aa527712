//! Finding a sea route: snap every stop to water ([`super::snap`]), find the shortest path on the
//! network between consecutive stops ([`super::search`]), pull it taut ([`super::taut`]), and
//! draw it as great-circle chords (canal legs along their course) cut at the antimeridian.
//!
//! Distances are km on the WGS 84 ellipsoid: the geodesic between consecutive waypoints (canal
//! legs along their course); the search itself uses the network's spherical edge lengths.

use super::basins::basin_of;
use super::land::Land;
use super::network::Network;
use super::options::RouteOptions;
use super::passages::{self, PASSAGES};
use super::search::{search, Scratch};
use super::snap::{Snap, Snapper};
use super::taut::{leg_ok, pull_taut};
use super::visibility::chords;
use crate::geodesy::great_circle::{continue_lon, distance_km};
use crate::geodesy::{antimeridian, length, LonLat};

pub use super::error::{End, RouteError};

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
        let end_of = |i: usize| match i {
            0 => End::Start,
            i if i == last => End::End,
            i => End::Via(i - 1),
        };
        let snaps = stops
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let end = end_of(i);
                Snapper {
                    land: &self.land,
                    net: &self.net,
                }
                .snap(p, end, opts)
            })
            .collect::<Result<Vec<Snap>, RouteError>>()?;
        // Each leg within one basin: none joins the world ocean to a landlocked sea.
        for (i, pair) in snaps.windows(2).enumerate() {
            let (a, b) = (basin_of(pair[0].exit()), basin_of(pair[1].exit()));
            if a != b {
                return Err(RouteError::Apart {
                    from: end_of(i),
                    to: end_of(i + 1),
                    from_basin: a,
                    to_basin: b,
                });
            }
        }
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
        // Straight across open water when the two exits see each other (never from a river's
        // course on land: Rotterdam's Nieuwe Waterweg does not see Hamburg's Elbe).
        let water = |p: LonLat| !self.land.is_land(p);
        let middle = if water(from) && water(to) && leg_ok(&self.land, from, to, opts, ends) {
            vec![(from, None), (to, None)]
        } else {
            let avoided: Vec<&'static str> = opts.avoid.iter().map(|&k| PASSAGES[k].name).collect();
            let nodes = {
                let mut scratch = self
                    .scratch
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                search(
                    &self.net,
                    &mut scratch,
                    &start.links,
                    &goal.links,
                    opts.mask(),
                )
            }
            .ok_or(RouteError::NoRoute { avoided })?;
            let mut waypoints = Vec::with_capacity(nodes.len() + 2);
            waypoints.push((from, None));
            for &(n, canal) in &nodes {
                waypoints.push((self.net.node(n as usize), canal));
            }
            waypoints.push((to, None));
            pull_taut(&self.land, &waypoints, opts, [from, to])
        };
        let mut out = head;
        out.pop(); // the channel's last point is the middle's first
        out.extend(middle);
        out.extend(tail.into_iter().skip(1));
        Ok(out)
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
        // Where along the path each canal was taken (a canal is traversed only by its own edge,
        // never by passing near its box: Hamburg's Elbe and Kiel's fjord are inside the Kiel
        // Canal's box).
        let mut canals: Vec<(usize, &'static str)> = Vec::new();
        for w in waypoints.windows(2) {
            let prev = *path.last().unwrap_or(&w[0].0);
            if let Some(passage) = w[1].1.and_then(passages::own_passage) {
                canals.push((path.len(), PASSAGES[passage].name));
            }
            // A canal's or river's edges join consecutive vertices of its course.
            let leg: Vec<LonLat> = match w[1].1 {
                Some(_) => vec![w[0].0, w[1].0],
                None => chords(w[0].0, w[1].0),
            };
            length_km += length::geodesic_km(w[0].0, w[1].0);
            let mut lon = prev.lon;
            for p in leg.into_iter().skip(1) {
                lon = continue_lon(lon, p.lon);
                path.push(LonLat::new(lon, p.lat));
            }
        }
        // Straits and capes in the order the path enters their boxes, canals where taken.
        let mut passages: Vec<&'static str> = Vec::new();
        let mut next_canal = canals.iter().peekable();
        for (k, seg) in path.windows(2).enumerate() {
            while let Some(&&(at, name)) = next_canal.peek() {
                if at > k + 1 {
                    break;
                }
                if !passages.contains(&name) {
                    passages.push(name);
                }
                next_canal.next();
            }
            // The path's longitudes run on continuously; the boxes are in -180..180.
            let wrap = |p: LonLat| LonLat::new((p.lon + 540.0).rem_euclid(360.0) - 180.0, p.lat);
            let (a, b) = (wrap(seg[0]), wrap(seg[1]));
            let across = (a.lon - b.lon).abs() > 180.0;
            for p in PASSAGES.iter().filter(|p| !p.is_course()) {
                let entered = if across {
                    p.contains(a) || p.contains(b)
                } else {
                    p.entered_by(a, b)
                };
                if entered && !passages.contains(&p.name) {
                    passages.push(p.name);
                }
            }
        }
        for &(_, name) in next_canal {
            if !passages.contains(&name) {
                passages.push(name);
            }
        }
        let parts = antimeridian::cut(&path);
        Route {
            parts,
            length_km,
            passages,
            snap_from_km,
            snap_to_km,
        }
    }
}
