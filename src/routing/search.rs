//! The shortest-path query on the contraction hierarchy ([`super::offline::contract`]), as a
//! function of the network and the links of each end to it: a Dijkstra search
//! upward in rank from the start links and another from the goal links, alternating, until
//! neither can better the best meeting found; then every shortcut on the meeting path is
//! unpacked into the network edges it stands for. Edges through an avoided passage (by their
//! mask) are skipped, which the hierarchy was built to allow.
//!
//! Per-node labels live in a `Scratch` reused from query to query: stamped per query rather
//! than re-zeroed, since zeroing arrays the size of the network would cost more than a query.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::network::{EdgeKind, Network};

/// Network nodes an end is joined to, with the join's length in km.
pub type Links = [(u32, f64)];

/// A node's label in one direction of one query.
#[derive(Clone, Copy)]
struct Label {
    stamp: u32,
    km: f32,
    /// The node and edge it was reached by (`u32::MAX` for a start or goal link).
    parent: u32,
    edge: u32,
}

/// A label as stored: `[stamp, km as bits, parent, edge]`. Plain words, so the arrays are
/// allocated already zeroed (by the system, page by page as a query touches them) instead of
/// being written through: the first route does not pay for clearing megabytes.
type Stored = [u32; 4];

/// Per-node labels of both directions, valid for a node only when stamped with the current
/// query.
#[derive(Default)]
pub struct Scratch {
    query: u32,
    labels: [Vec<Stored>; 2],
}

impl Scratch {
    /// Start a query over `n` nodes: every label reads as unset.
    fn start(&mut self, n: usize) {
        if self.labels[0].len() != n || self.query == u32::MAX {
            *self = Scratch {
                query: 0,
                labels: [vec![[0; 4]; n], vec![[0; 4]; n]],
            };
        }
        self.query += 1;
    }

    fn label(&self, side: usize, v: usize) -> Label {
        let [stamp, km, parent, edge] = self.labels[side][v];
        Label {
            stamp,
            km: f32::from_bits(km),
            parent,
            edge,
        }
    }

    fn km(&self, side: usize, v: usize) -> f32 {
        let l = self.label(side, v);
        if l.stamp == self.query {
            l.km
        } else {
            f32::INFINITY
        }
    }

    fn set(&mut self, side: usize, v: usize, km: f32, parent: u32, edge: u32) {
        self.labels[side][v] = [self.query, km.to_bits(), parent, edge];
    }
}

#[derive(PartialEq)]
struct Queued {
    km: f32,
    node: u32,
}

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .km
            .total_cmp(&self.km)
            .then(other.node.cmp(&self.node))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Most edges one path may unpack into: more means a damaged hierarchy.
const MAX_UNPACKED: usize = 1 << 22;

/// The shortest path on `net` from the `start` links to the `goal` links, skipping edges whose
/// mask meets `avoid`: node ids from a start link to a goal link, each with the canal used to
/// reach it. `None` when the two are not connected. `sc` holds the labels between queries.
pub fn search(
    net: &Network<'_>,
    sc: &mut Scratch,
    start: &Links,
    goal: &Links,
    avoid: crate::routing::passages::PassageSet,
) -> Option<Vec<(u32, Option<u16>)>> {
    sc.start(net.node_count());
    let mut heaps = [BinaryHeap::new(), BinaryHeap::new()];
    for (side, links) in [start, goal].into_iter().enumerate() {
        for &(m, d) in links {
            if (d as f32) < sc.km(side, m as usize) {
                sc.set(side, m as usize, d as f32, u32::MAX, u32::MAX);
                heaps[side].push(Queued {
                    km: d as f32,
                    node: m,
                });
            }
        }
    }
    let mut best = (f32::INFINITY, u32::MAX);
    loop {
        // The direction with the smaller key goes next; one whose key cannot better the
        // best meeting is done.
        for heap in &mut heaps {
            if heap.peek().is_some_and(|q| q.km >= best.0) {
                heap.clear();
            }
        }
        let side = match (heaps[0].peek(), heaps[1].peek()) {
            (None, None) => break,
            (Some(_), None) => 0,
            (None, Some(_)) => 1,
            (Some(f), Some(b)) => usize::from(b.km < f.km),
        };
        let Some(Queued { km, node }) = heaps[side].pop() else {
            break;
        };
        let u = node as usize;
        if km > sc.km(side, u) {
            continue; // stale entry
        }
        let meet = km + sc.km(1 - side, u);
        if meet < best.0 {
            best = (meet, node);
        }
        // Stall on demand: a node reached more cheaply from above than it was settled is
        // not on a shortest path up from this side; its edges need no relaxing.
        let stalled = net.up(u).any(|e| {
            let edge = net.edge(e);
            edge.mask & avoid == 0 && sc.km(side, edge.target as usize) + edge.km < km
        });
        if stalled {
            continue;
        }
        for e in net.up(u) {
            let edge = net.edge(e);
            if edge.mask & avoid != 0 {
                continue;
            }
            let v = edge.target as usize;
            let through = km + edge.km;
            if through < sc.km(side, v) {
                sc.set(side, v, through, node, e as u32);
                heaps[side].push(Queued {
                    km: through,
                    node: edge.target,
                });
            }
        }
    }
    let (_, meet) = best;
    if meet == u32::MAX {
        return None;
    }
    // The edges from the start link up to the meeting node, then down to the goal link.
    let chain = |side: usize| {
        let mut chain = Vec::new();
        let mut at = meet;
        loop {
            let l = sc.label(side, at as usize);
            if l.parent == u32::MAX {
                return (at, chain);
            }
            chain.push((l.parent, l.edge, at));
            at = l.parent;
        }
    };
    let (first, mut up) = chain(0);
    up.reverse();
    let (_, down) = chain(1);
    let mut path = vec![(first, None)];
    for (from, e, to) in up {
        unpack(net, e, from, to, &mut path)?;
    }
    for (to, e, from) in down {
        unpack(net, e, from, to, &mut path)?;
    }
    Some(path)
}

/// Append the network nodes after `from` along edge `e` to `to`, each with the canal used
/// to reach it. `None` when the hierarchy is damaged (a shortcut that never ends).
fn unpack(
    net: &Network<'_>,
    e: u32,
    from: u32,
    to: u32,
    path: &mut Vec<(u32, Option<u16>)>,
) -> Option<()> {
    let mut stack = vec![(net.edge(e as usize), from, to)];
    let mut steps = 0;
    while let Some((edge, from, to)) = stack.pop() {
        steps += 1;
        if steps > MAX_UNPACKED {
            return None;
        }
        match edge.via {
            EdgeKind::Original(passage) => path.push((to, (passage != 0).then_some(passage))),
            EdgeKind::Shortcut(middle) => {
                // Both halves lead up from the bypassed node to the shortcut's two ends.
                let (near, far) = if edge.target == to {
                    net.halves(middle, from, &edge)?
                } else {
                    let (x, y) = net.halves(middle, to, &edge)?;
                    (y, x)
                };
                stack.push((far, middle, to));
                stack.push((near, from, middle));
            }
        }
    }
    Some(())
}
