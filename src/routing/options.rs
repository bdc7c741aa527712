//! The options of one sea route: passages avoided, ice-bound passages allowed, and how far an
//! end may be from water. A closed passage is avoided by the edges that pass through it (the
//! network's masks) and by the nodes inside its box (straits and capes; a canal's sea stays open).

use super::passages::{PassageSet, PASSAGES};
use crate::geodesy::LonLat;

/// Options of one search.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteOptions {
    /// Indices into [`PASSAGES`] the route may not use.
    pub avoid: Vec<usize>,
    /// Indices of passages closed by default (ice-bound, shallow) the route may use.
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
    /// The closed passages as a mask over [`PASSAGES`], as the network's edges carry them.
    pub fn mask(&self) -> PassageSet {
        self.closed().fold(0, |m, k| m | 1 << k)
    }

    /// True when `p` is inside the box of a closed strait or cape (canals and rivers are closed
    /// by their edges; the sea at each end stays open).
    pub fn blocks(&self, p: LonLat) -> bool {
        self.closed()
            .any(|k| !PASSAGES[k].is_course() && PASSAGES[k].contains(p))
    }

    /// The passages closed to this route: those avoided, and those closed by default not allowed.
    pub fn closed(&self) -> impl Iterator<Item = usize> + '_ {
        self.avoid.iter().copied().chain(
            super::passages::closed_by_default()
                .filter(|k| !self.allow.contains(k) && !self.avoid.contains(k)),
        )
    }
}
