//! The sea network file (`data/sea.dsn`): water nodes and the edges of their contraction
//! hierarchy ([`super::offline::contract`]), read in place.
//!
//! ```text
//! magic "DMAPSEA4" | u32 version = 4 | u32 node count N | u32 edge count M | u32 mask count K
//! N × (i32 lon, i32 lat)           microdegrees; node 0 is the highest in rank
//! (CELLS + 1) × u32                start of each 1° cell's nodes below, row-major from (−180 E, −90 N)
//! N × u32                          node ids, cell by cell
//! (N + 1) × u32                    first edge of each node
//! M × (u32 target, f32 km, u32 via, u16 mask)
//! K × u128                         the distinct passage sets the edges' `mask` indexes; set 0 is empty
//! u32 CRC-32 of everything before it
//! ```
//!
//! Each edge is stored once, at its lower-ranked end, and leads up to `target`: a query searches
//! upward from both ends ([`super::search`]). `mask` indexes the set of passages the edge passes
//! through ([`super::passages::mask`]): a few hundred distinct sets serve a million edges. An edge of the built network has `via` = its
//! passage id (0, or a canal's index + 1: such an edge follows the canal's course; every other
//! edge is the great circle between its nodes, checked clear of land when the network was built,
//! [`super::offline::sample`]). A shortcut has `via` = 2³¹ + the node it bypasses; the two edges it stands
//! for are stored at that node, lead to the shortcut's ends, and add up to its length and mask.

use super::passages::PassageSet;
use crate::binfile::u32_at;
use crate::geodesy::LonLat;

pub(crate) const MAGIC: &[u8; 8] = b"DMAPSEA4";
pub(crate) const VERSION: u32 = 4;
pub(crate) const HEADER: usize = 24;
pub(crate) const EDGE: usize = 14;
/// Bytes of one passage set in the mask table.
pub(crate) const SET: usize = 16;

/// `via` flag of a shortcut.
pub(crate) const SHORTCUT: u32 = 1 << 31;

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
    pub mask: PassageSet,
    /// What the edge stands for: a network edge with its passage id, or a shortcut over a node.
    pub via: EdgeKind,
}

/// What an edge of the file stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
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
    sets: usize,
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
        if net.sets == 0 || net.set(0) != 0 {
            return Err(NetworkError::Corrupt("mask table damaged"));
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
                if edge.target as usize >= net.nodes
                    || edge.target as usize == i
                    || net.mask_index(e) >= net.sets
                {
                    return Err(NetworkError::Corrupt("edge out of range"));
                }
                match edge.via {
                    EdgeKind::Original(p)
                        if usize::from(p & !super::passages::APPROACH)
                            > super::passages::PASSAGES.len() =>
                    {
                        return Err(NetworkError::Corrupt("edge out of range"));
                    }
                    EdgeKind::Original(_) => {}
                    EdgeKind::Shortcut(middle) => {
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
            sets: u32_at(bytes, 20) as usize,
        };
        let size = net.edges_at() + net.edges * EDGE + net.sets * SET;
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

    /// Where the edge records start.
    fn edges_at(&self) -> usize {
        HEADER + self.nodes * 12 + (CELLS + 1) * 4 + (self.nodes + 1) * 4
    }

    /// Passage set `k` of the mask table (0 for an index past its end, which `open` rejects).
    fn set(&self, k: usize) -> PassageSet {
        let at = self.edges_at() + self.edges * EDGE + k * SET;
        self.bytes.get(at..at + SET).map_or(0, |b| {
            PassageSet::from_le_bytes(b.try_into().expect("SET bytes"))
        })
    }

    /// The mask table index of edge `e`.
    fn mask_index(&self, e: usize) -> usize {
        let at = self.edges_at() + e * EDGE + 12;
        usize::from(u16::from_le_bytes([self.bytes[at], self.bytes[at + 1]]))
    }

    /// Edge `e`.
    pub fn edge(&self, e: usize) -> Edge {
        let at = self.edges_at() + e * EDGE;
        let record: &[u8; EDGE] = self.bytes[at..at + EDGE]
            .try_into()
            .expect("an edge record is EDGE bytes");
        let word =
            |k: usize| u32::from_le_bytes([record[k], record[k + 1], record[k + 2], record[k + 3]]);
        let via = word(8);
        Edge {
            target: word(0),
            km: f32::from_bits(word(4)),
            mask: self.set(self.mask_index(e)),
            via: if via & SHORTCUT != 0 {
                EdgeKind::Shortcut(via & !SHORTCUT)
            } else {
                EdgeKind::Original(via as u16)
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
