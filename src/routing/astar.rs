//! The A* search over the sea network, from the links of one snapped end to those of the
//! other. The bound is the larger of the great circle to the goal and the landmark (ALT) bound
//! from the network file, both lower bounds, so the path found is the shortest on the network.
//! Per-node state lives in a `Scratch` reused from search to search: stamped per search
//! rather than re-zeroed, since zeroing arrays the size of the network cost more than a search.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::route::{is_blocked, RouteOptions, Router, Snap};
use crate::geodesy::great_circle::distance_km;

/// Most landmarks the heuristic reads per node.
const MAX_LANDMARKS: usize = 32;

/// Per-node search state, valid for a node only when its stamp is the current search's.
#[derive(Default)]
pub(super) struct Scratch {
    search: u32,
    stamp: Vec<u32>,
    g: Vec<f32>,
    h: Vec<f32>,
    came: Vec<(u32, u16)>,
}

impl Scratch {
    /// Start a search over `n` nodes: every node reads as unvisited.
    fn start(&mut self, n: usize) {
        if self.stamp.len() != n || self.search == u32::MAX {
            *self = Scratch {
                search: 0,
                stamp: vec![0; n],
                g: vec![0.0; n],
                h: vec![0.0; n],
                came: vec![(u32::MAX, 0); n],
            };
        }
        self.search += 1;
    }

    fn seen(&self, v: usize) -> bool {
        self.stamp[v] == self.search
    }

    fn g(&self, v: usize) -> f32 {
        if self.seen(v) {
            self.g[v]
        } else {
            f32::INFINITY
        }
    }

    /// Mark `v` visited in this search, with no cost, heuristic or parent yet.
    fn touch(&mut self, v: usize) {
        if !self.seen(v) {
            self.stamp[v] = self.search;
            self.g[v] = f32::INFINITY;
            self.h[v] = f32::NAN;
            self.came[v] = (u32::MAX, 0);
        }
    }
}

#[derive(PartialEq)]
struct Queued {
    f: f32,
    node: u32,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other.f.total_cmp(&self.f).then(other.node.cmp(&self.node))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Router<'_> {
    /// A* from the start links to the goal links; node ids with the canal used to reach each.
    pub(super) fn search(
        &self,
        start: &Snap,
        goal: &Snap,
        opts: &RouteOptions,
        blocked: &[bool],
    ) -> Option<Vec<(u32, Option<u16>)>> {
        let n = self.net.node_count();
        let target = goal.exit();
        let lm = self.net.landmark_count();
        // Landmark distances of each goal link, for the ALT lower bound.
        let goal_lm: Vec<f32> = goal
            .links
            .iter()
            .flat_map(|&(m, _)| (0..lm).map(move |l| (m, l)))
            .map(|(m, l)| self.net.landmark_km(m as usize, l))
            .collect();
        let mut guard = self
            .scratch
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let sc: &mut Scratch = &mut guard;
        sc.start(n);
        // The larger of two lower bounds: the great circle to the goal water, and the landmark
        // bound to the nearest goal link plus that link's length. Cached per node.
        let h = |sc: &mut Scratch, v: usize| -> f32 {
            sc.touch(v);
            if sc.h[v].is_nan() {
                let gc = distance_km(self.net.node(v), target) as f32;
                let mut alt = f32::INFINITY;
                let mut here = [0f32; MAX_LANDMARKS];
                let here = &mut here[..lm.min(MAX_LANDMARKS)];
                self.net.landmarks_of(v, here);
                for (k, &(_, link_km)) in goal.links.iter().enumerate() {
                    let mut bound = 0f32;
                    for (l, d) in here.iter().enumerate() {
                        bound = bound.max((goal_lm[k * lm + l] - d).abs());
                    }
                    alt = alt.min(bound + link_km as f32);
                }
                // f32 landmark tables round; a metre of slack keeps the bound a lower bound.
                sc.h[v] = gc.max(alt - 0.001).max(0.0);
            }
            sc.h[v]
        };
        let goal_cost = |v: usize| {
            goal.links
                .iter()
                .filter(|&&(m, _)| m as usize == v)
                .map(|&(_, d)| d as f32)
                .fold(f32::INFINITY, f32::min)
        };
        let mut heap = BinaryHeap::new();
        for &(m, d) in &start.links {
            let m = m as usize;
            let hm = h(sc, m);
            if (d as f32) < sc.g(m) {
                sc.g[m] = d as f32;
                heap.push(Queued {
                    f: d as f32 + hm,
                    node: m as u32,
                });
            }
        }
        let mut best: Option<(f32, u32)> = None;
        while let Some(Queued { f, node }) = heap.pop() {
            if best.is_some_and(|(b, _)| f >= b) {
                break;
            }
            let u = node as usize;
            let gu = sc.g(u);
            if f > gu + h(sc, u) + 1e-3 {
                continue; // stale entry
            }
            let to_goal = goal_cost(u);
            if to_goal.is_finite() {
                let total = gu + to_goal;
                if best.is_none_or(|(b, _)| total < b) {
                    best = Some((total, node));
                }
            }
            for e in self.net.edges(u) {
                let v = e.target as usize;
                if is_blocked(blocked, v)
                    || (e.passage != 0 && opts.avoid.contains(&(usize::from(e.passage) - 1)))
                    || self.edge_enters_avoided(u, v, opts)
                {
                    continue;
                }
                let cost = gu + e.km;
                let hv = h(sc, v);
                if cost < sc.g(v) {
                    sc.g[v] = cost;
                    sc.came[v] = (node, e.passage);
                    heap.push(Queued {
                        f: cost + hv,
                        node: e.target,
                    });
                }
            }
        }
        let (_, mut at) = best?;
        let mut path = Vec::new();
        loop {
            let (prev, passage) = sc.came[at as usize];
            path.push((at, (passage != 0).then_some(passage)));
            if prev == u32::MAX {
                break;
            }
            at = prev;
        }
        path.reverse();
        Some(path)
    }
}
