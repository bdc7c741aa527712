//! Land, indexed for the questions a sea router asks: does this line cross land, is this point
//! on land, where is the nearest coast. The land is Natural Earth's 1:10m land polygons as
//! `world-atlas` packages them (quantized TopoJSON), so a route is checked against the same
//! outlines a reader checks it against.
//!
//! The file (`data/land.dln`, built by `examples/build-sea-network.rs`) is read in place:
//!
//! ```text
//! magic "DMAPLND2" | u32 version = 2 | u32 reserved
//! f64 scale_x, scale_y, translate_x, translate_y     (TopoJSON transform: quantized → degrees)
//! f64 cell size in degrees | u32 columns | u32 rows   (grid from −180 E, −90 N)
//! u32 vertex count V | u32 edge-reference count R
//! V × (i32 x, i32 y)           every ring, concatenated; edge i joins vertex i and i + 1
//! (columns × rows + 1) × u32   start of each cell's edge references
//! R × u32                      edge ids, cell by cell
//! columns × rows × u8          clearance of each cell, in units of CLEARANCE_UNIT_KM
//! u32 CRC-32 of everything before it
//! ```
//!
//! Geometry is planar in longitude/latitude, like GeoJSON and every checker of it: a segment
//! "crosses land" when the straight lon/lat segment meets a land edge. Callers cut lines at the
//! antimeridian first and pass segments short enough to stand for their great circle.
//!
//! The **clearance** grid records, for each cell, a lower bound on the distance from any point
//! in it to land (any cell an edge may touch, or a cell inside a continent): a route checker
//! can skip whole stretches of open sea without looking at a coast ([`super::visibility`]).
//!
//! This file reads the format; [`query`] answers the router's questions; the file is written
//! by [`crate::routing::offline::land`].

pub mod query;

pub use query::segments_meet;

use crate::geodesy::LonLat;

pub(crate) const MAGIC: &[u8; 8] = b"DMAPLND2";
pub(crate) const VERSION: u32 = 2;

/// Unit of the clearance grid, in km (so the largest clearance recorded is 510 km).
pub const CLEARANCE_UNIT_KM: f64 = 2.0;
pub(crate) const HEADER: usize = 8 + 4 + 4 + 4 * 8 + 8 + 4 + 4 + 4 + 4;

/// Why a land file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LandError {
    #[error("not a diplomap land file ({0})")]
    Corrupt(&'static str),
}

/// Indexed land polygons, borrowed from the bytes of a land file.
#[derive(Debug, Clone, Copy)]
pub struct Land<'a> {
    bytes: &'a [u8],
    scale: [f64; 2],
    translate: [f64; 2],
    cell_deg: f64,
    pub(crate) cols: usize,
    pub(crate) rows: usize,
    vertices: usize,
    refs: usize,
}

use crate::binfile::{f64_at, u32_at};

impl<'a> Land<'a> {
    /// Check header, sizes, checksum and every index entry.
    pub fn open(bytes: &'a [u8]) -> Result<Self, LandError> {
        crate::binfile::open(bytes, MAGIC, VERSION, HEADER, true).map_err(LandError::Corrupt)?;
        let land = Self::open_trusted(bytes)?;
        // Every reference must name an edge whose second vertex exists.
        let refs_at = land.refs_offset();
        if (0..land.refs).any(|i| u32_at(land.bytes, refs_at + 4 * i) as usize + 1 >= land.vertices)
        {
            return Err(LandError::Corrupt("edge reference out of range"));
        }
        let cells_at = land.cells_offset();
        let mut prev = 0;
        for c in 0..=land.cols * land.rows {
            let v = u32_at(land.bytes, cells_at + 4 * c) as usize;
            if v < prev || v > land.refs {
                return Err(LandError::Corrupt("cell index out of order"));
            }
            prev = v;
        }
        Ok(land)
    }

    /// Check only the header and sizes: for the file compiled into the binary, which the tests
    /// check in full ([`Land::open`]) and which cannot change after the build.
    pub fn open_trusted(bytes: &'a [u8]) -> Result<Self, LandError> {
        let body = crate::binfile::open(bytes, MAGIC, VERSION, HEADER, false)
            .map_err(LandError::Corrupt)?
            .len();
        let land = Land {
            bytes: &bytes[..body],
            scale: [f64_at(bytes, 16), f64_at(bytes, 24)],
            translate: [f64_at(bytes, 32), f64_at(bytes, 40)],
            cell_deg: f64_at(bytes, 48),
            cols: u32_at(bytes, 56) as usize,
            rows: u32_at(bytes, 60) as usize,
            vertices: u32_at(bytes, 64) as usize,
            refs: u32_at(bytes, 68) as usize,
        };
        let expected = HEADER
            + land.vertices * 8
            + (land.cols * land.rows + 1) * 4
            + land.refs * 4
            + land.cols * land.rows;
        let grid_ok = land.cell_deg > 0.0 && land.cols > 0 && land.rows > 0;
        if expected != body || !grid_ok {
            return Err(LandError::Corrupt("sizes do not add up"));
        }
        Ok(land)
    }

    pub(crate) fn cells_offset(&self) -> usize {
        HEADER + self.vertices * 8
    }

    pub(crate) fn refs_offset(&self) -> usize {
        self.cells_offset() + (self.cols * self.rows + 1) * 4
    }

    pub(crate) fn clearance_offset(&self) -> usize {
        self.refs_offset() + self.refs * 4
    }

    /// A lower bound on the distance from `p` to land, in km (0 near any coast; at most
    /// 255 × [`CLEARANCE_UNIT_KM`]). Longitudes outside [-180, 180] are wrapped.
    pub fn clearance_km(&self, p: LonLat) -> f64 {
        let lon = crate::geodesy::wrap_lon(p.lon);
        let c = self.row(p.lat) * self.cols + self.col(lon);
        f64::from(self.bytes[self.clearance_offset() + c]) * CLEARANCE_UNIT_KM
    }

    /// Vertex `i` in degrees.
    pub fn vertex(&self, i: usize) -> LonLat {
        let at = HEADER + i * 8;
        let x = u32_at(self.bytes, at) as i32;
        let y = u32_at(self.bytes, at + 4) as i32;
        LonLat::new(
            x as f64 * self.scale[0] + self.translate[0],
            y as f64 * self.scale[1] + self.translate[1],
        )
    }

    /// Number of vertices (for statistics).
    pub fn vertex_count(&self) -> usize {
        self.vertices
    }

    /// Grid cell size, in degrees.
    pub fn cell_deg(&self) -> f64 {
        self.cell_deg
    }

    pub(crate) fn col(&self, lon: f64) -> usize {
        // Truncation is the floor here (negative values clamp to 0 first), and cheaper: without
        // SSE4.1, `floor` is a call into libm.
        (((lon + 180.0) / self.cell_deg).max(0.0) as usize).min(self.cols - 1)
    }

    pub(crate) fn row(&self, lat: f64) -> usize {
        (((lat + 90.0) / self.cell_deg).max(0.0) as usize).min(self.rows - 1)
    }

    /// Edge ids referenced by one cell.
    pub(crate) fn cell_edges(&self, col: usize, row: usize) -> impl Iterator<Item = usize> + '_ {
        let c = row * self.cols + col;
        let at = self.cells_offset() + 4 * c;
        let (start, end) = (
            u32_at(self.bytes, at) as usize,
            u32_at(self.bytes, at + 4) as usize,
        );
        let refs = self.refs_offset();
        (start..end).map(move |k| u32_at(self.bytes, refs + 4 * k) as usize)
    }
}
