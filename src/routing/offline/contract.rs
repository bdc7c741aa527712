//! Contraction hierarchies (Geisberger et al., 2008), built offline for the sea network so a
//! route across the world settles hundreds of nodes instead of thousands.
//!
//! Nodes are contracted one by one, least important first (edge difference plus contracted
//! neighbours, updated lazily). Contracting `v` joins each pair of its remaining neighbours
//! `u`, `w` by a shortcut of length `d(u, v) + d(v, w)` unless a *witness* path no longer than
//! that avoids `v`. The query ([`crate::routing::search`]) then searches only upward in rank from both ends.
//!
//! **Avoidable passages.** Every edge carries a mask: bit `k` is set when the edge (or, for a
//! shortcut, any edge it stands for) passes through passage `k` of [`crate::routing::passages::PASSAGES`].
//! A route avoiding a set of passages skips every edge whose mask meets the set. For that to stay
//! exact, a witness only counts when its own mask is a subset of the shortcut's: whenever the
//! shortcut is allowed, so is its witness, and no shortest path is lost for any set avoided.
//!
//! Lengths are km in `f32`, like the network's edges.

use crate::routing::passages::PassageSet;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One undirected edge of the input network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arc {
    pub a: u32,
    pub b: u32,
    pub km: f32,
    /// Passages the edge passes through (bit `k` = `PASSAGES[k]`).
    pub mask: PassageSet,
    /// 0, or the index + 1 of the canal the edge follows.
    pub passage: u16,
}

/// What an edge of the hierarchy stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChEdgeKind {
    /// An edge of the input network, with its passage id.
    Original(u16),
    /// A shortcut over the contracted node: the ids (in [`Hierarchy::edges`]) of its two halves.
    Shortcut(u32, u32),
}

/// An edge of the hierarchy between two nodes, undirected.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChEdge {
    pub a: u32,
    pub b: u32,
    pub km: f32,
    pub mask: PassageSet,
    pub via: ChEdgeKind,
}

/// The contracted network: each node's rank (0 = contracted first) and every edge, input edges
/// and shortcuts. A shortcut's halves both join the contracted node, ranked below both ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Hierarchy {
    pub rank: Vec<u32>,
    pub edges: Vec<ChEdge>,
}

/// Nodes a witness search may settle while ranking nodes (a cut-off search only adds
/// shortcuts, never loses a path).
const SIMULATE_SETTLE: usize = 60;
/// Nodes a witness search may settle when contracting for real.
const CONTRACT_SETTLE: usize = 600;

struct Builder {
    edges: Vec<ChEdge>,
    /// Edge ids at each node, to nodes not yet contracted (others are skipped as met).
    incident: Vec<Vec<u32>>,
    contracted: Vec<bool>,
    deleted_neighbours: Vec<u32>,
    // Witness search state, reused: distances of the nodes touched.
    dist: Vec<f32>,
    touched: Vec<u32>,
}

/// A shortcut to add: ends, length, mask, halves.
type Candidate = (u32, u32, f32, PassageSet, u32, u32);

/// Neighbours a shortcut from one node may reach, by the mask it would carry: (node, edge, km).
type Groups = Vec<(PassageSet, Vec<(u32, u32, f32)>)>;

impl Builder {
    fn other(&self, e: u32, x: u32) -> u32 {
        let edge = &self.edges[e as usize];
        if edge.a == x {
            edge.b
        } else {
            edge.a
        }
    }

    /// Live edges at `v`: (neighbour, edge id), neighbours not contracted.
    fn live(&self, v: u32) -> Vec<(u32, u32)> {
        self.incident[v as usize]
            .iter()
            .map(|&e| (self.other(e, v), e))
            .filter(|&(x, _)| !self.contracted[x as usize])
            .collect()
    }

    /// Shortest distances from `u` avoiding `skip`, over edges whose mask is within `allowed`,
    /// up to `bound` km or `settle` nodes; results in `self.dist` for `self.touched`.
    fn witness(&mut self, u: u32, skip: u32, allowed: PassageSet, bound: f32, settle: usize) {
        for &t in &self.touched {
            self.dist[t as usize] = f32::INFINITY;
        }
        self.touched.clear();
        let mut heap = BinaryHeap::new();
        self.dist[u as usize] = 0.0;
        self.touched.push(u);
        heap.push(Reverse((Km(0.0), u)));
        let mut settled = 0;
        while let Some(Reverse((Km(d), x))) = heap.pop() {
            if d > self.dist[x as usize] {
                continue;
            }
            if d > bound || settled >= settle {
                break;
            }
            settled += 1;
            for i in 0..self.incident[x as usize].len() {
                let e = self.incident[x as usize][i];
                let edge = self.edges[e as usize];
                let y = if edge.a == x { edge.b } else { edge.a };
                if y == skip || self.contracted[y as usize] || edge.mask & !allowed != 0 {
                    continue;
                }
                let nd = d + edge.km;
                if nd < self.dist[y as usize] {
                    if self.dist[y as usize].is_infinite() {
                        self.touched.push(y);
                    }
                    self.dist[y as usize] = nd;
                    heap.push(Reverse((Km(nd), y)));
                }
            }
        }
    }

    /// The shortcuts contracting `v` needs now.
    fn shortcuts(&mut self, v: u32, settle: usize) -> Vec<Candidate> {
        let live = self.live(v);
        let mut out = Vec::new();
        for (i, &(u, e1)) in live.iter().enumerate() {
            // Pairs (u, w) once each, grouped by the mask a shortcut would carry.
            let mut groups: Groups = Vec::new();
            for &(w, e2) in &live[i + 1..] {
                if w == u {
                    continue;
                }
                let (a, b) = (self.edges[e1 as usize], self.edges[e2 as usize]);
                let mask = a.mask | b.mask;
                let km = a.km + b.km;
                match groups.iter_mut().find(|(m, _)| *m == mask) {
                    Some((_, list)) => list.push((w, e2, km)),
                    None => groups.push((mask, vec![(w, e2, km)])),
                }
            }
            for (mask, targets) in groups {
                let bound = targets.iter().map(|t| t.2).fold(0.0, f32::max);
                self.witness(u, v, mask, bound, settle);
                for (w, e2, km) in targets {
                    if self.dist[w as usize] > km {
                        out.push((u, w, km, mask, e1, e2));
                    }
                }
            }
        }
        out
    }

    fn priority(&mut self, v: u32) -> i64 {
        let added = self.shortcuts(v, SIMULATE_SETTLE).len() as i64;
        let degree = self.live(v).len() as i64;
        2 * (added - degree) + i64::from(self.deleted_neighbours[v as usize])
    }

    fn contract(&mut self, v: u32) {
        for (u, w, km, mask, e1, e2) in self.shortcuts(v, CONTRACT_SETTLE) {
            let id = self.edges.len() as u32;
            self.edges.push(ChEdge {
                a: u,
                b: w,
                km,
                mask,
                via: ChEdgeKind::Shortcut(e1, e2),
            });
            self.incident[u as usize].push(id);
            self.incident[w as usize].push(id);
        }
        self.contracted[v as usize] = true;
        for (x, _) in self.live(v) {
            self.deleted_neighbours[x as usize] += 1;
            // Edges to contracted nodes are dead from now on; drop them to keep searches short.
            let contracted = &self.contracted;
            let edges = &self.edges;
            self.incident[x as usize].retain(|&e| {
                let edge = &edges[e as usize];
                !contracted[edge.a as usize] && !contracted[edge.b as usize]
            });
        }
    }
}

/// `f32` ordered for the heap (lengths are never NaN).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Km(f32);
impl Eq for Km {}
impl Ord for Km {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}
impl PartialOrd for Km {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Contract a network of `nodes` nodes. Deterministic: ties go to the lower node id.
pub fn contract(nodes: usize, arcs: &[Arc]) -> Hierarchy {
    let mut b = Builder {
        edges: Vec::with_capacity(arcs.len() * 2),
        incident: vec![Vec::new(); nodes],
        contracted: vec![false; nodes],
        deleted_neighbours: vec![0; nodes],
        dist: vec![f32::INFINITY; nodes],
        touched: Vec::new(),
    };
    for arc in arcs {
        if arc.a == arc.b {
            continue;
        }
        let id = b.edges.len() as u32;
        b.edges.push(ChEdge {
            a: arc.a,
            b: arc.b,
            km: arc.km,
            mask: arc.mask,
            via: ChEdgeKind::Original(arc.passage),
        });
        b.incident[arc.a as usize].push(id);
        b.incident[arc.b as usize].push(id);
    }
    let mut heap: BinaryHeap<Reverse<(i64, u32)>> = (0..nodes as u32)
        .map(|v| Reverse((b.priority(v), v)))
        .collect();
    let mut rank = vec![u32::MAX; nodes];
    let mut next = 0u32;
    while let Some(Reverse((p, v))) = heap.pop() {
        if b.contracted[v as usize] {
            continue;
        }
        // Lazy update: contract only if still no worse than the next candidate.
        let now = b.priority(v);
        if now > p {
            if let Some(Reverse((top, _))) = heap.peek() {
                if now > *top {
                    heap.push(Reverse((now, v)));
                    continue;
                }
            }
        }
        b.contract(v);
        rank[v as usize] = next;
        next += 1;
    }
    Hierarchy {
        rank,
        edges: b.edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain Dijkstra on the input arcs, skipping edges whose mask meets `avoid`.
    fn dijkstra(nodes: usize, arcs: &[Arc], s: u32, avoid: PassageSet) -> Vec<f32> {
        let mut adj = vec![Vec::new(); nodes];
        for a in arcs.iter().filter(|a| a.mask & avoid == 0) {
            adj[a.a as usize].push((a.b, a.km));
            adj[a.b as usize].push((a.a, a.km));
        }
        let mut d = vec![f32::INFINITY; nodes];
        let mut heap = BinaryHeap::from([Reverse((Km(0.0), s))]);
        d[s as usize] = 0.0;
        while let Some(Reverse((Km(du), u))) = heap.pop() {
            if du > d[u as usize] {
                continue;
            }
            for &(v, km) in &adj[u as usize] {
                if du + km < d[v as usize] {
                    d[v as usize] = du + km;
                    heap.push(Reverse((Km(du + km), v)));
                }
            }
        }
        d
    }

    /// Upward-only bidirectional search on the hierarchy.
    fn ch_distance(h: &Hierarchy, s: u32, t: u32, avoid: PassageSet) -> f32 {
        let up = |x: u32| -> Vec<(u32, f32)> {
            h.edges
                .iter()
                .filter(|e| e.mask & avoid == 0)
                .filter_map(|e| {
                    let (lo, hi) = if h.rank[e.a as usize] < h.rank[e.b as usize] {
                        (e.a, e.b)
                    } else {
                        (e.b, e.a)
                    };
                    (lo == x).then_some((hi, e.km))
                })
                .collect()
        };
        let search = |from: u32| {
            let mut d = std::collections::HashMap::from([(from, 0f32)]);
            let mut heap = BinaryHeap::from([Reverse((Km(0.0), from))]);
            while let Some(Reverse((Km(du), u))) = heap.pop() {
                if du > d[&u] {
                    continue;
                }
                for (v, km) in up(u) {
                    if d.get(&v).is_none_or(|&dv| du + km < dv) {
                        d.insert(v, du + km);
                        heap.push(Reverse((Km(du + km), v)));
                    }
                }
            }
            d
        };
        let (f, b) = (search(s), search(t));
        f.iter()
            .filter_map(|(v, df)| b.get(v).map(|db| df + db))
            .fold(f32::INFINITY, f32::min)
    }

    #[test]
    fn shortest_distances_survive_contraction_for_every_avoided_set() {
        // A 12 × 12 grid with diagonals, unequal lengths, and two "straits" (mask bits) on a
        // few edges, one of them a shortcut that is worth avoiding only when it is allowed.
        let side = 12u32;
        let id = |x: u32, y: u32| y * side + x;
        let mut arcs = Vec::new();
        let mut seed = 7u32;
        let mut rnd = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) % 100
        };
        for y in 0..side {
            for x in 0..side {
                for (dx, dy) in [(1, 0), (0, 1), (1, 1)] {
                    let (nx, ny) = (x + dx, y + dy);
                    if nx >= side || ny >= side {
                        continue;
                    }
                    let km = 10.0 + rnd() as f32 / 10.0 + if dx + dy == 2 { 4.0 } else { 0.0 };
                    let mask = match (x, y) {
                        (5, 0..=8) if dx == 1 => 1,
                        (0..=9, 6) if dy == 1 => 2,
                        _ => 0,
                    };
                    arcs.push(Arc {
                        a: id(x, y),
                        b: id(nx, ny),
                        km,
                        mask,
                        passage: 0,
                    });
                }
            }
        }
        let n = (side * side) as usize;
        let h = contract(n, &arcs);
        assert!(h.rank.iter().all(|&r| (r as usize) < n));
        assert!(h
            .edges
            .iter()
            .any(|e| matches!(e.via, ChEdgeKind::Shortcut(..))));
        for avoid in [0, 1, 2, 3] {
            for s in [0, 17, 40, 77, 143] {
                let d = dijkstra(n, &arcs, s, avoid);
                for t in (0..n as u32).step_by(5) {
                    let ch = ch_distance(&h, s, t, avoid);
                    if d[t as usize].is_infinite() {
                        assert!(ch.is_infinite(), "{s}->{t} avoid {avoid}");
                    } else {
                        assert!(
                            (ch - d[t as usize]).abs() < 1e-3,
                            "{s}->{t} avoid {avoid}: {ch} vs {}",
                            d[t as usize]
                        );
                    }
                }
            }
        }
    }
}
