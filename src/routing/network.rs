//! The sea network file (`data/sea.dsn`): water nodes and the edges between them, read in place.
//!
//! ```text
//! magic "DMAPSEA1" | u32 version = 1 | u32 node count N | u32 edge count M | u32 reserved
//! N × (i32 lon, i32 lat)           microdegrees
//! (N + 1) × u32                    first edge of each node (edges sorted by source)
//! M × (u32 target, f32 km, u16 passage id, u16 reserved)   passage id: 0, or PASSAGES index + 1
//! u32 CRC-32 of everything before it
//! ```
//!
//! Every edge is stored in both directions. An edge with a canal's passage id follows the
//! canal's course ([`super::passages`]); every other edge is the great circle between its nodes,
//! checked clear of land when the network was built ([`super::build`]).

use crate::geodesy::LonLat;

const MAGIC: &[u8; 8] = b"DMAPSEA1";
const VERSION: u32 = 1;
const HEADER: usize = 24;
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
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

impl<'a> Network<'a> {
    /// Check header, sizes, checksum and every edge target.
    pub fn open(bytes: &'a [u8]) -> Result<Self, NetworkError> {
        if bytes.len() < HEADER + 4 || &bytes[..8] != MAGIC {
            return Err(NetworkError::Corrupt("bad magic"));
        }
        if u32_at(bytes, 8) != VERSION {
            return Err(NetworkError::Corrupt("unsupported version"));
        }
        let body = bytes.len() - 4;
        if crc32fast::hash(&bytes[..body]) != u32_at(bytes, body) {
            return Err(NetworkError::Corrupt("checksum mismatch"));
        }
        let net = Network {
            bytes: &bytes[..body],
            nodes: u32_at(bytes, 12) as usize,
            edges: u32_at(bytes, 16) as usize,
        };
        if HEADER + net.nodes * 8 + (net.nodes + 1) * 4 + net.edges * EDGE != body {
            return Err(NetworkError::Corrupt("sizes do not add up"));
        }
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

    pub fn node_count(&self) -> usize {
        self.nodes
    }

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
}

/// Encode nodes and undirected edges `(a, b, km, passage)` into a network file.
pub fn encode(nodes: &[LonLat], edges: &[(u32, u32, f32, u16)]) -> Vec<u8> {
    let mut adjacency: Vec<Vec<(u32, f32, u16)>> = vec![Vec::new(); nodes.len()];
    for &(a, b, km, passage) in edges {
        adjacency[a as usize].push((b, km, passage));
        adjacency[b as usize].push((a, km, passage));
    }
    for list in &mut adjacency {
        list.sort_by(|x, y| x.0.cmp(&y.0).then(x.2.cmp(&y.2)));
        list.dedup_by(|x, y| x.0 == y.0 && x.2 == y.2);
    }
    let total: usize = adjacency.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(HEADER + nodes.len() * 12 + total * EDGE + 8);
    out.extend_from_slice(MAGIC);
    for v in [VERSION, nodes.len() as u32, total as u32, 0] {
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
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}
