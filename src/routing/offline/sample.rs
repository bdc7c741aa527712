//! Building the sea network from the land (offline, by `examples/build-sea-network.rs`).
//!
//! 1. **Sampling**: a quadtree over the oceans. Cells start at [`BuildOptions::base_deg`] and are
//!    split while land edges run through them, down to [`BuildOptions::coast_deg`] along coasts
//!    and to each passage's own `resolution_deg` inside its box (a few hundred metres in the
//!    Bosporus). Every leaf whose centre is water becomes a node, so nodes are sparse in open
//!    ocean and dense where the water is narrow.
//! 2. **Edges**: each leaf is joined to the leaves it touches (sides and corners, across the
//!    antimeridian too) when the great circle between their centres is clear of land
//!    ([`crate::routing::visibility`]).
//! 3. **Canals and rivers**: each canal's course becomes one edge between two nodes at its ends,
//!    which are joined to the nearest water nodes; each river's course a chain of nodes joined
//!    to the water at its mouth.
//! 4. Only the connected parts of the world ocean and the landlocked seas ships cross
//!    ([`crate::routing::basins`]) are kept; lakes and other closed waters drop out.
//! 5. Each edge is tagged with the passages it passes through, and the network is contracted
//!    into a hierarchy for fast queries ([`super::contract`]).

use std::collections::VecDeque;

use rstar::{primitives::GeomWithData, primitives::Rectangle, RTree, AABB};

use super::contract::Arc;
use crate::geodesy::{great_circle::distance_km, LonLat};
use crate::routing::basins::BASINS;
use crate::routing::land::Land;
use crate::routing::passages::{mask, PassageKind, APPROACH, PASSAGES, TRANSIT_PENALTY_KM};
use crate::routing::visibility::clear;

/// Sampling settings, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BuildOptions {
    /// Size of the coarsest cells (open ocean).
    pub base_deg: f64,
    /// Size of the cells along coasts outside passages.
    pub coast_deg: f64,
    /// Southern and northern limits of the network.
    pub south: f64,
    pub north: f64,
}

impl Default for BuildOptions {
    fn default() -> Self {
        Self {
            base_deg: 4.0,
            coast_deg: 0.125,
            south: -78.0,
            north: 84.0,
        }
    }
}

/// What a build produced.
#[derive(Debug, Clone, PartialEq)]
pub struct BuildSummary {
    pub leaves: usize,
    pub nodes: usize,
    pub edges: usize,
    pub dropped_nodes: usize,
    /// Where the dropped nodes were (lakes, closed seas, cut-off inlets), for inspection.
    pub dropped: Vec<LonLat>,
}

#[derive(Debug, Clone, Copy)]
struct Leaf {
    west: f64,
    south: f64,
    size: f64,
}

impl Leaf {
    fn centre(&self) -> LonLat {
        LonLat::new(self.west + self.size / 2.0, self.south + self.size / 2.0)
    }
}

/// The finest size a cell overlapping `box` should be split to.
fn target_size(opts: &BuildOptions, west: f64, south: f64, size: f64) -> f64 {
    let (east, north) = (west + size, south + size);
    PASSAGES
        .iter()
        .filter(|p| {
            p.boxes()
                .any(|&[w, s, e, n]| west < e && east > w && south < n && north > s)
        })
        .map(|p| p.resolution_deg)
        .fold(opts.coast_deg, f64::min)
}

fn refine(land: &Land<'_>, opts: &BuildOptions, cell: Leaf, out: &mut Vec<Leaf>) {
    let margin = cell.size * 0.25;
    let coastal = land.any_edge_in(
        cell.west - margin,
        cell.south - margin,
        cell.west + cell.size + margin,
        cell.south + cell.size + margin,
    );
    let target = target_size(opts, cell.west, cell.south, cell.size);
    if coastal && cell.size > target * 1.0001 {
        let half = cell.size / 2.0;
        for (dx, dy) in [(0.0, 0.0), (half, 0.0), (0.0, half), (half, half)] {
            let child = Leaf {
                west: cell.west + dx,
                south: cell.south + dy,
                size: half,
            };
            if child.south < opts.north && child.south + half > opts.south {
                refine(land, opts, child, out);
            }
        }
    } else {
        out.push(cell);
    }
}

/// Add a node at `p`; its id.
fn push_node(nodes: &mut Vec<LonLat>, p: LonLat) -> u32 {
    nodes.push(p);
    (nodes.len() - 1) as u32
}

/// Build the network; returns the file bytes and a summary.
pub fn build(land: &Land<'_>, opts: &BuildOptions) -> (Vec<u8>, BuildSummary) {
    // 1. Sampling.
    let mut leaves = Vec::new();
    let mut south = opts.south;
    while south < opts.north {
        let mut west = -180.0;
        while west < 180.0 - 1e-9 {
            refine(
                land,
                opts,
                Leaf {
                    west,
                    south,
                    size: opts.base_deg,
                },
                &mut leaves,
            );
            west += opts.base_deg;
        }
        south += opts.base_deg;
    }
    let total_leaves = leaves.len();
    let mut nodes: Vec<LonLat> = Vec::new();
    let mut node_leaf: Vec<Leaf> = Vec::new();
    for leaf in &leaves {
        let c = leaf.centre();
        if c.lat > opts.south && c.lat < opts.north && !land.is_land(c) {
            nodes.push(c);
            node_leaf.push(*leaf);
        }
    }

    // 2. Edges between touching leaves.
    let tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> = RTree::bulk_load(
        node_leaf
            .iter()
            .enumerate()
            .map(|(i, l)| {
                GeomWithData::new(
                    Rectangle::from_corners([l.west, l.south], [l.west + l.size, l.south + l.size]),
                    i,
                )
            })
            .collect(),
    );
    let mut edges: Vec<(u32, u32, f32, u16)> = Vec::new();
    for (i, l) in node_leaf.iter().enumerate() {
        let eps = 1e-7;
        for shift in [-360.0, 0.0, 360.0] {
            let (w, e) = (l.west - eps + shift, l.west + l.size + eps + shift);
            if e < -180.0 - eps * 2.0 || w > 180.0 + eps * 2.0 {
                continue;
            }
            let envelope = AABB::from_corners([w, l.south - eps], [e, l.south + l.size + eps]);
            for other in tree.locate_in_envelope_intersecting(&envelope) {
                let j = other.data;
                if j <= i {
                    continue;
                }
                let (a, b) = (nodes[i], nodes[j]);
                if clear(land, a, b) {
                    edges.push((i as u32, j as u32, distance_km(a, b) as f32, 0));
                }
            }
        }
    }

    // 3. Canals and rivers: an edge between each two consecutive vertices of the course, every
    //    vertex a node (so a port on the way starts there), tagged but for a canal's approach
    //    channels. The ends in the sea are joined to the nearest water nodes they see.
    //    Rivers first: a canal that starts where a river's course ends (the Seaway at Montréal)
    //    joins the river's last node.
    let mut courses: Vec<(usize, &crate::routing::passages::Passage)> = PASSAGES
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_course())
        .collect();
    courses.sort_by_key(|(k, p)| (p.kind != PassageKind::River, *k));
    for (k, p) in courses {
        let course = p.course();
        let (Some(&first), Some(&last)) = (course.first(), course.last()) else {
            continue;
        };
        let id = (k + 1) as u16;
        let vertices: Vec<u32> = course.iter().map(|&v| push_node(&mut nodes, v)).collect();
        // A canal meets the sea at both ends, a river at its mouth only.
        let mut seas = vec![(first, vertices[0])];
        if p.kind == PassageKind::Canal {
            seas.push((last, vertices[vertices.len() - 1]));
        }
        for (end, node) in seas {
            // Join the end to the nearest few water nodes it can see.
            let mut near: Vec<(f64, usize)> = (0..nodes.len())
                .filter(|&j| {
                    j as u32 != node
                        && !vertices.contains(&(j as u32))
                        && (nodes[j].lat - end.lat).abs() < 0.5
                        && (nodes[j].lon - end.lon).abs() < 0.7
                })
                .map(|j| (distance_km(end, nodes[j]), j))
                .collect();
            near.sort_by(|x, y| x.0.total_cmp(&y.0));
            for &(km, j) in near
                .iter()
                .filter(|(_, j)| clear(land, end, nodes[*j]))
                .take(6)
            {
                edges.push((node, j as u32, km as f32, 0));
            }
        }
        // A canal's first own edge also weighs its transit (every way through passes it).
        let transit = (p.kind == PassageKind::Canal)
            .then(|| (0..course.len() - 1).find(|&i| p.tags_edge(i)))
            .flatten();
        for (i, (w, v)) in vertices.windows(2).zip(course.windows(2)).enumerate() {
            let tag = if p.tags_edge(i) { id } else { id | APPROACH };
            let penalty = if transit == Some(i) {
                TRANSIT_PENALTY_KM
            } else {
                0.0
            };
            edges.push((w[0], w[1], (distance_km(v[0], v[1]) + penalty) as f32, tag));
        }
    }

    // 4. Keep each basin's component: the world ocean's (seeded in the open Pacific) and each
    //    landlocked sea's.
    let mut adjacency: Vec<Vec<u32>> = vec![Vec::new(); nodes.len()];
    for &(a, b, _, _) in &edges {
        adjacency[a as usize].push(b);
        adjacency[b as usize].push(a);
    }
    let mut keep = vec![false; nodes.len()];
    for basin in BASINS {
        let at = LonLat::new(basin.seed[0], basin.seed[1]);
        let Some(seed) = (0..nodes.len())
            .min_by(|&x, &y| distance_km(nodes[x], at).total_cmp(&distance_km(nodes[y], at)))
        else {
            break;
        };
        let mut queue = VecDeque::from([seed]);
        keep[seed] = true;
        while let Some(n) = queue.pop_front() {
            for &m in &adjacency[n] {
                if !keep[m as usize] {
                    keep[m as usize] = true;
                    queue.push_back(m as usize);
                }
            }
        }
    }
    let mut new_id = vec![u32::MAX; nodes.len()];
    let mut kept_nodes = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        if keep[i] {
            new_id[i] = kept_nodes.len() as u32;
            kept_nodes.push(*n);
        }
    }
    let kept_edges: Vec<(u32, u32, f32, u16)> = edges
        .iter()
        .filter(|(a, b, _, _)| keep[*a as usize] && keep[*b as usize])
        .map(|&(a, b, km, p)| (new_id[a as usize], new_id[b as usize], km, p))
        .collect();
    let arcs: Vec<Arc> = kept_edges
        .iter()
        .map(|&(a, b, km, passage)| Arc {
            a,
            b,
            km,
            mask: mask(kept_nodes[a as usize], kept_nodes[b as usize], passage),
            passage,
        })
        .collect();
    let summary = BuildSummary {
        leaves: total_leaves,
        nodes: kept_nodes.len(),
        edges: kept_edges.len(),
        dropped_nodes: nodes.len() - kept_nodes.len(),
        dropped: nodes
            .iter()
            .zip(&keep)
            .filter(|(_, k)| !**k)
            .map(|(n, _)| *n)
            .collect(),
    };
    (super::network::encode(&kept_nodes, &arcs), summary)
}
