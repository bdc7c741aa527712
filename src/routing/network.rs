//! The sea network file (`data/sea.dsn`): water nodes and the edges of their contraction
//! hierarchy ([`super::contract`]), read in place.
//!
//! ```text
//! magic "DMAPSEA3" | u32 version = 3 | u32 node count N | u32 edge count M | u32 reserved
//! N × (i32 lon, i32 lat)           microdegrees; node 0 is the highest in rank
//! (CELLS + 1) × u32                start of each 1° cell's nodes below, row-major from (−180 E, −90 N)
//! N × u32                          node ids, cell by cell
//! (N + 1) × u32                    first edge of each node
//! M × (u32 target, f32 km, u32 mask, u32 via)
//! u32 CRC-32 of everything before it
//! ```
//!
//! Each edge is stored once, at its lower-ranked end, and leads up to `target`: a query searches
//! upward from both ends ([`super::query`]). `mask` has bit `k` set when the edge passes through
//! `PASSAGES[k]` ([`super::passages::mask`]). An edge of the built network has `via` = its
//! passage id (0, or a canal's index + 1: such an edge follows the canal's course; every other
//! edge is the great circle between its nodes, checked clear of land when the network was built,
//! [`super::build`]). A shortcut has `via` = 2³¹ + the node it bypasses; the two edges it stands
//! for are stored at that node, lead to the shortcut's ends, and add up to its length and mask.

use crate::binfile::u32_at;
use crate::geodesy::LonLat;

use super::contract::{contract, Arc};

const MAGIC: &[u8; 8] = b"DMAPSEA3";
const VERSION: u32 = 3;
const HEADER: usize = 24;
const EDGE: usize = 16;

/// `via` flag of a shortcut.
const SHORTCUT: u32 = 1 << 31;

/// Cells of the node index: 1° × 1°, 360 columns × 180 rows.
pub const CELLS: usize = 360 * 180;

/// The 1° cell holding `p` (row-major from −180 E, −90 N).
pub fn cell_of(p: LonLat) -> usize {
    let col = ((p.lon + 180.0).max(0.0) as usize).min(359);
    let row = ((p.lat + 90.0).max(0.0) as usize).min(179);
    row * 360 + col
}

/// Why a network file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    #[error("this diplomap was built without the embedded sea network (feature `embedded`)")]
    NotEmbedded,
    #[error("not a diplomap sea-network file ({0})")]
    Corrupt(&'static str),
}

/// One upward edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub target: u32,
    pub km: f32,
    /// Passages passed through: bit `k` = `PASSAGES[k]`.
    pub mask: u32,
    /// What the edge stands for: a network edge with its passage id, or a shortcut over a node.
    pub via: Via,
}

/// What an edge of the file stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A network edge, with its passage id.
    Original(u16),
    /// A shortcut over this node.
    Shortcut(u32),
}

/// The network, borrowed from a file's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Network<'a> {
    bytes: &'a [u8],
    nodes: usize,
    edges: usize,
}

impl<'a> Network<'a> {
    /// Check header, sizes, checksum, the indexes, every edge target and every shortcut's
    /// halves (both at one node, leading to the shortcut's two ends).
    pub fn open(bytes: &'a [u8]) -> Result<Self, NetworkError> {
        crate::binfile::open(bytes, MAGIC, VERSION, HEADER, true).map_err(NetworkError::Corrupt)?;
        let net = Self::open_trusted(bytes)?;
        let monotone = |count: usize, at: &dyn Fn(usize) -> usize, end: usize| {
            (0..count).all(|i| at(i) <= at(i + 1)) && at(0) == 0 && at(count) == end
        };
        if !monotone(CELLS, &|c| net.cell_start(c), net.nodes)
            || !monotone(net.nodes, &|i| net.offset(i), net.edges)
        {
            return Err(NetworkError::Corrupt("index out of order"));
        }
        let mut listed = vec![false; net.nodes];
        for c in 0..CELLS {
            for i in net.cell_nodes(c) {
                if i >= net.nodes || listed[i] || cell_of(net.node(i)) != c {
                    return Err(NetworkError::Corrupt("node in the wrong cell"));
                }
                listed[i] = true;
            }
        }
        for i in 0..net.nodes {
            for e in net.offset(i)..net.offset(i + 1) {
                let edge = net.edge(e);
                if edge.target as usize >= net.nodes || edge.target as usize == i {
                    return Err(NetworkError::Corrupt("edge out of range"));
                }
                match edge.via {
                    Via::Original(p) if usize::from(p) > super::passages::PASSAGES.len() => {
                        return Err(NetworkError::Corrupt("edge out of range"));
                    }
                    Via::Original(_) => {}
                    Via::Shortcut(middle) => {
                        if middle as usize >= net.nodes
                            || net.halves(middle, i as u32, &edge).is_none()
                        {
                            return Err(NetworkError::Corrupt("shortcut halves do not meet"));
                        }
                    }
                }
            }
        }
        Ok(net)
    }

    /// Check only the header and sizes: for the file compiled into the binary, which the tests
    /// check in full ([`Network::open`]) and which cannot change after the build.
    pub fn open_trusted(bytes: &'a [u8]) -> Result<Self, NetworkError> {
        let body = crate::binfile::open(bytes, MAGIC, VERSION, HEADER, false)
            .map_err(NetworkError::Corrupt)?
            .len();
        let net = Network {
            bytes: &bytes[..body],
            nodes: u32_at(bytes, 12) as usize,
            edges: u32_at(bytes, 16) as usize,
        };
        let size =
            HEADER + net.nodes * 12 + (CELLS + 1) * 4 + (net.nodes + 1) * 4 + net.edges * EDGE;
        if size != body {
            return Err(NetworkError::Corrupt("sizes do not add up"));
        }
        Ok(net)
    }

    pub fn node_count(&self) -> usize {
        self.nodes
    }

    /// Edges of the hierarchy (network edges and shortcuts).
    pub fn edge_count(&self) -> usize {
        self.edges
    }

    /// Position of node `i`.
    pub fn node(&self, i: usize) -> LonLat {
        let at = HEADER + i * 8;
        LonLat::new(
            u32_at(self.bytes, at) as i32 as f64 / 1e6,
            u32_at(self.bytes, at + 4) as i32 as f64 / 1e6,
        )
    }

    fn cell_start(&self, c: usize) -> usize {
        u32_at(self.bytes, HEADER + self.nodes * 8 + c * 4) as usize
    }

    /// Ids of the nodes in 1° cell `c` ([`cell_of`]).
    pub fn cell_nodes(&self, c: usize) -> impl Iterator<Item = usize> + '_ {
        let list = HEADER + self.nodes * 8 + (CELLS + 1) * 4;
        (self.cell_start(c)..self.cell_start(c + 1))
            .map(move |k| u32_at(self.bytes, list + k * 4) as usize)
    }

    fn offset(&self, i: usize) -> usize {
        u32_at(
            self.bytes,
            HEADER + self.nodes * 12 + (CELLS + 1) * 4 + i * 4,
        ) as usize
    }

    /// Edge `e`.
    pub fn edge(&self, e: usize) -> Edge {
        let at = HEADER + self.nodes * 12 + (CELLS + 1) * 4 + (self.nodes + 1) * 4 + e * EDGE;
        let record: &[u8; EDGE] = self.bytes[at..at + EDGE]
            .try_into()
            .expect("an edge record is EDGE bytes");
        let word =
            |k: usize| u32::from_le_bytes([record[k], record[k + 1], record[k + 2], record[k + 3]]);
        let via = word(12);
        Edge {
            target: word(0),
            km: f32::from_bits(word(4)),
            mask: word(8),
            via: if via & SHORTCUT != 0 {
                Via::Shortcut(via & !SHORTCUT)
            } else {
                Via::Original(via as u16)
            },
        }
    }

    /// The two edges at `middle` that the shortcut `edge`, stored at node `from`, stands for:
    /// the one to `from`, then the one to the shortcut's target. Their lengths add up to the shortcut's
    /// (in `f32`, as the contraction added them) and their masks to its mask.
    pub fn halves(&self, middle: u32, from: u32, edge: &Edge) -> Option<(Edge, Edge)> {
        let up = self.up(middle as usize);
        up.clone()
            .map(|e| self.edge(e))
            .filter(|x| x.target == from)
            .find_map(|x| {
                up.clone()
                    .map(|e| self.edge(e))
                    .find(|y| {
                        y.target == edge.target
                            && x.km + y.km == edge.km
                            && x.mask | y.mask == edge.mask
                    })
                    .map(|y| (x, y))
            })
    }

    /// Ids of the edges leading up from node `i`.
    pub fn up(&self, i: usize) -> std::ops::Range<usize> {
        self.offset(i)..self.offset(i + 1)
    }
}

/// Contract the network of `nodes` and undirected `arcs` and encode it as a network file, nodes
/// renumbered by cell (the arcs' node ids are indexes into `nodes`).
pub fn encode(nodes: &[LonLat], arcs: &[Arc]) -> Vec<u8> {
    let n = nodes.len();
    assert!(n < SHORTCUT as usize, "node ids fit in 31 bits");
    let hierarchy = contract(n, arcs);
    // Renumber by rank, highest first: the nodes every query climbs to sit together.
    let id: Vec<u32> = hierarchy
        .rank
        .iter()
        .map(|&r| (n - 1 - r as usize) as u32)
        .collect();
    let mut position = vec![LonLat::new(0.0, 0.0); n];
    for (old, &new) in id.iter().enumerate() {
        position[new as usize] = nodes[old];
    }
    // Each edge at its lower-ranked end (the larger id), leading up to the other.
    let ends = |e: &super::contract::ChEdge| {
        let (a, b) = (id[e.a as usize], id[e.b as usize]);
        (a.max(b), a.min(b))
    };
    let mut edge_order: Vec<usize> = (0..hierarchy.edges.len()).collect();
    edge_order.sort_by_key(|&e| (ends(&hierarchy.edges[e]).0, e));
    // A shortcut records the node it bypasses: where its halves are stored.
    let via = |e: &super::contract::ChEdge| match e.via {
        super::contract::Via::Original(p) => u32::from(p),
        super::contract::Via::Shortcut(x, _) => SHORTCUT | ends(&hierarchy.edges[x as usize]).0,
    };
    let mut by_cell: Vec<u32> = (0..n as u32).collect();
    by_cell.sort_by_key(|&i| (cell_of(position[i as usize]), i));

    let mut out =
        Vec::with_capacity(HEADER + n * 16 + (CELLS + 2) * 4 + edge_order.len() * EDGE + 4);
    out.extend_from_slice(MAGIC);
    for v in [VERSION, n as u32, edge_order.len() as u32, 0] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for p in &position {
        out.extend_from_slice(&((p.lon * 1e6).round() as i32).to_le_bytes());
        out.extend_from_slice(&((p.lat * 1e6).round() as i32).to_le_bytes());
    }
    let mut start = 0usize;
    for c in 0..=CELLS {
        while start < n && cell_of(position[by_cell[start] as usize]) < c {
            start += 1;
        }
        out.extend_from_slice(&(start as u32).to_le_bytes());
    }
    for i in &by_cell {
        out.extend_from_slice(&i.to_le_bytes());
    }
    let mut at = 0usize;
    for i in 0..=n {
        while at < edge_order.len() && (ends(&hierarchy.edges[edge_order[at]]).0 as usize) < i {
            at += 1;
        }
        out.extend_from_slice(&(at as u32).to_le_bytes());
    }
    for &e in &edge_order {
        let edge = &hierarchy.edges[e];
        for v in [ends(edge).1, edge.km.to_bits(), edge.mask, via(edge)] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    crate::binfile::seal(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_by_cell_with_shortcuts() {
        // A path of four nodes west to east, the middle ones listed first so that they are
        // contracted first (ties go to the lower id), which takes a shortcut.
        let nodes = [
            LonLat::new(1.5, 0.5),
            LonLat::new(2.5, 0.5),
            LonLat::new(0.5, 0.5),
            LonLat::new(3.5, 0.5),
        ];
        let arc = |a, b, passage| Arc {
            a,
            b,
            km: 111.0,
            mask: if passage == 0 { 0 } else { 1 << 20 },
            passage,
        };
        let bytes = encode(&nodes, &[arc(2, 0, 0), arc(0, 1, 21), arc(1, 3, 0)]);
        let net = Network::open(&bytes).unwrap();
        assert_eq!(net.node_count(), 4);
        // One node per cell, each where it was.
        let mut lons: Vec<f64> = (0..4).map(|i| net.node(i).lon).collect();
        lons.sort_by(f64::total_cmp);
        assert_eq!(lons, [0.5, 1.5, 2.5, 3.5]);
        for i in 0..4 {
            let cell: Vec<usize> = net.cell_nodes(cell_of(net.node(i))).collect();
            assert_eq!(cell, [i]);
        }
        let edges: Vec<Edge> = (0..net.edge_count()).map(|e| net.edge(e)).collect();
        assert!(edges.iter().any(|e| matches!(e.via, Via::Original(21))));
        let shortcut = edges
            .iter()
            .find(|e| matches!(e.via, Via::Shortcut(..)))
            .expect("a shortcut");
        // A shortcut is as long as its halves, and passes what they pass.
        let Via::Shortcut(middle) = shortcut.via else {
            unreachable!()
        };
        let from = (0..4u32)
            .find(|&i| net.up(i as usize).any(|e| net.edge(e) == *shortcut))
            .unwrap();
        let (x, y) = net.halves(middle, from, shortcut).expect("halves");
        assert_eq!((x.target, y.target), (from, shortcut.target));
        assert_eq!((shortcut.km, shortcut.mask), (x.km + y.km, x.mask | y.mask));
        let mut bad = bytes.clone();
        bad[HEADER] ^= 1;
        assert!(Network::open(&bad).is_err());
    }
}
