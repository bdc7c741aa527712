//! The sea network file (`data/sea.dsn`): water nodes, the edges between them, and landmark
//! distances for the A* heuristic, read in place.
//!
//! ```text
//! magic "DMAPSEA2" | u32 version = 2 | u32 node count N | u32 edge count M | u32 landmarks L
//! N × (i32 lon, i32 lat)           microdegrees
//! (N + 1) × u32                    first edge of each node (edges sorted by source)
//! M × (u32 target, f32 km, u16 passage id, u16 reserved)   passage id: 0, or PASSAGES index + 1
//! N × L × f32                      network distance (km) from each landmark to each node
//! u32 CRC-32 of everything before it
//! ```
//!
//! Every edge is stored in both directions. An edge with a canal's passage id follows the
//! canal's course ([`super::passages`]); every other edge is the great circle between its nodes,
//! checked clear of land when the network was built ([`super::build`]).
//!
//! Landmarks (ALT): by the triangle inequality, `|d(l, t) − d(l, v)|` is a lower bound on the
//! network distance from `v` to `t` for any landmark `l`. Unlike the great circle, it knows that
//! Rotterdam → Shanghai goes round Arabia, so the search explores a corridor, not half the world.

use std::collections::BinaryHeap;

use crate::geodesy::LonLat;

const MAGIC: &[u8; 8] = b"DMAPSEA2";
const VERSION: u32 = 2;
const HEADER: usize = 28;
const EDGE: usize = 12;

/// Why a network file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    #[error("this diplomap was built without the embedded sea network (feature `embedded`)")]
    NotEmbedded,
    #[error("not a diplomap sea-network file ({0})")]
    Corrupt(&'static str),
}

/// One directed edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Edge {
    pub target: u32,
    pub km: f32,
    /// 0, or the index + 1 of a passage in [`super::passages::PASSAGES`] (canals).
    pub passage: u16,
}

/// The network, borrowed from a file's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Network<'a> {
    bytes: &'a [u8],
    nodes: usize,
    edges: usize,
    landmarks: usize,
}

use crate::binfile::u32_at;

impl<'a> Network<'a> {
    /// Check header, sizes, checksum and every edge target.
    pub fn open(bytes: &'a [u8]) -> Result<Self, NetworkError> {
        crate::binfile::open(bytes, MAGIC, VERSION, HEADER, true).map_err(NetworkError::Corrupt)?;
        let net = Self::open_trusted(bytes)?;
        let mut prev = 0;
        for i in 0..=net.nodes {
            let o = net.offset(i);
            if o < prev || o > net.edges {
                return Err(NetworkError::Corrupt("edge offsets out of order"));
            }
            prev = o;
        }
        for e in 0..net.edges {
            let edge = net.edge(e);
            if edge.target as usize >= net.nodes
                || usize::from(edge.passage) > super::passages::PASSAGES.len()
            {
                return Err(NetworkError::Corrupt("edge out of range"));
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
            landmarks: u32_at(bytes, 20) as usize,
        };
        let size = HEADER
            + net.nodes * 8
            + (net.nodes + 1) * 4
            + net.edges * EDGE
            + net.nodes * net.landmarks * 4;
        if size != body {
            return Err(NetworkError::Corrupt("sizes do not add up"));
        }
        Ok(net)
    }

    pub fn node_count(&self) -> usize {
        self.nodes
    }

    pub fn edge_count(&self) -> usize {
        self.edges
    }

    pub fn landmark_count(&self) -> usize {
        self.landmarks
    }

    /// Position of node `i`.
    pub fn node(&self, i: usize) -> LonLat {
        let at = HEADER + i * 8;
        LonLat::new(
            u32_at(self.bytes, at) as i32 as f64 / 1e6,
            u32_at(self.bytes, at + 4) as i32 as f64 / 1e6,
        )
    }

    fn offset(&self, i: usize) -> usize {
        u32_at(self.bytes, HEADER + self.nodes * 8 + i * 4) as usize
    }

    fn edge(&self, e: usize) -> Edge {
        let at = HEADER + self.nodes * 8 + (self.nodes + 1) * 4 + e * EDGE;
        Edge {
            target: u32_at(self.bytes, at),
            km: f32::from_bits(u32_at(self.bytes, at + 4)),
            passage: u16::from_le_bytes([self.bytes[at + 8], self.bytes[at + 9]]),
        }
    }

    /// Edges leaving node `i`.
    pub fn edges(&self, i: usize) -> impl Iterator<Item = Edge> + '_ {
        (self.offset(i)..self.offset(i + 1)).map(move |e| self.edge(e))
    }

    /// Network distances from every landmark to node `i`, in km, into `out` (one per landmark).
    pub fn landmarks_of(&self, i: usize, out: &mut [f32]) {
        let at = HEADER
            + self.nodes * 8
            + (self.nodes + 1) * 4
            + self.edges * EDGE
            + i * self.landmarks * 4;
        let row = &self.bytes[at..at + self.landmarks * 4];
        for (o, c) in out.iter_mut().zip(row.chunks_exact(4)) {
            *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
        }
    }

    /// Network distance from landmark `l` to node `i`, in km.
    pub fn landmark_km(&self, i: usize, l: usize) -> f32 {
        let at = HEADER
            + self.nodes * 8
            + (self.nodes + 1) * 4
            + self.edges * EDGE
            + (i * self.landmarks + l) * 4;
        f32::from_bits(u32_at(self.bytes, at))
    }
}

/// Network distances from `source` to every node (Dijkstra), in km.
fn distances(adjacency: &[Vec<(u32, f32, u16)>], source: usize) -> Vec<f32> {
    #[derive(PartialEq)]
    struct Q(f32, u32);
    impl Eq for Q {}
    impl Ord for Q {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            o.0.total_cmp(&self.0).then(o.1.cmp(&self.1))
        }
    }
    impl PartialOrd for Q {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    let mut d = vec![f32::INFINITY; adjacency.len()];
    let mut heap = BinaryHeap::from([Q(0.0, source as u32)]);
    d[source] = 0.0;
    while let Some(Q(du, u)) = heap.pop() {
        if du > d[u as usize] {
            continue;
        }
        for &(v, km, _) in &adjacency[u as usize] {
            let dv = du + km;
            if dv < d[v as usize] {
                d[v as usize] = dv;
                heap.push(Q(dv, v));
            }
        }
    }
    d
}

/// Encode nodes and undirected edges `(a, b, km, passage)` into a network file, with
/// `landmarks` landmarks chosen far apart (each the node farthest from those already chosen).
pub fn encode(nodes: &[LonLat], edges: &[(u32, u32, f32, u16)], landmarks: usize) -> Vec<u8> {
    let mut adjacency: Vec<Vec<(u32, f32, u16)>> = vec![Vec::new(); nodes.len()];
    for &(a, b, km, passage) in edges {
        adjacency[a as usize].push((b, km, passage));
        adjacency[b as usize].push((a, km, passage));
    }
    for list in &mut adjacency {
        list.sort_by(|x, y| x.0.cmp(&y.0).then(x.2.cmp(&y.2)));
        list.dedup_by(|x, y| x.0 == y.0 && x.2 == y.2);
    }
    let landmarks = if nodes.is_empty() { 0 } else { landmarks };
    let mut tables: Vec<Vec<f32>> = Vec::new();
    let mut nearest = vec![f32::INFINITY; nodes.len()];
    let mut next = 0;
    for _ in 0..landmarks {
        let d = distances(&adjacency, next);
        for (n, &di) in nearest.iter_mut().zip(&d) {
            *n = n.min(di);
        }
        tables.push(d);
        next = (0..nodes.len())
            .filter(|&i| nearest[i].is_finite())
            .max_by(|&a, &b| nearest[a].total_cmp(&nearest[b]).then(b.cmp(&a)))
            .unwrap_or(0);
    }
    let total: usize = adjacency.iter().map(Vec::len).sum();
    let mut out =
        Vec::with_capacity(HEADER + nodes.len() * (12 + landmarks * 4) + total * EDGE + 8);
    out.extend_from_slice(MAGIC);
    for v in [
        VERSION,
        nodes.len() as u32,
        total as u32,
        landmarks as u32,
        0,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for n in nodes {
        out.extend_from_slice(&((n.lon * 1e6).round() as i32).to_le_bytes());
        out.extend_from_slice(&((n.lat * 1e6).round() as i32).to_le_bytes());
    }
    let mut offset = 0u32;
    for list in &adjacency {
        out.extend_from_slice(&offset.to_le_bytes());
        offset += list.len() as u32;
    }
    out.extend_from_slice(&offset.to_le_bytes());
    for list in &adjacency {
        for &(target, km, passage) in list {
            out.extend_from_slice(&target.to_le_bytes());
            out.extend_from_slice(&km.to_bits().to_le_bytes());
            out.extend_from_slice(&passage.to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        }
    }
    for i in 0..nodes.len() {
        for table in &tables {
            let d = if table[i].is_finite() { table[i] } else { 0.0 };
            out.extend_from_slice(&d.to_bits().to_le_bytes());
        }
    }
    crate::binfile::seal(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_landmarks() {
        let nodes = [
            LonLat::new(0.0, 0.0),
            LonLat::new(1.0, 0.0),
            LonLat::new(2.0, 0.0),
        ];
        let bytes = encode(&nodes, &[(0, 1, 111.0, 0), (1, 2, 111.0, 3)], 2);
        let net = Network::open(&bytes).unwrap();
        assert_eq!(
            (net.node_count(), net.edge_count(), net.landmark_count()),
            (3, 4, 2)
        );
        assert_eq!(net.edges(1).map(|e| e.target).collect::<Vec<_>>(), [0, 2]);
        assert_eq!(net.edges(2).next().unwrap().passage, 3);
        // Landmark 0 is node 0; landmark 1 the node farthest from it, node 2.
        assert_eq!(
            (net.landmark_km(2, 0), net.landmark_km(0, 1)),
            (222.0, 222.0)
        );
        let mut bad = bytes.clone();
        bad[HEADER] ^= 1;
        assert!(Network::open(&bad).is_err());
    }
}
