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

use crate::geodesy::LonLat;

const MAGIC: &[u8; 8] = b"DMAPLND2";
const VERSION: u32 = 2;

/// Unit of the clearance grid, in km (so the largest clearance recorded is 510 km).
pub const CLEARANCE_UNIT_KM: f64 = 2.0;
const HEADER: usize = 8 + 4 + 4 + 4 * 8 + 8 + 4 + 4 + 4 + 4;

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
    cols: usize,
    rows: usize,
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

    fn cells_offset(&self) -> usize {
        HEADER + self.vertices * 8
    }

    fn refs_offset(&self) -> usize {
        self.cells_offset() + (self.cols * self.rows + 1) * 4
    }

    fn clearance_offset(&self) -> usize {
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

    fn col(&self, lon: f64) -> usize {
        // Truncation is the floor here (negative values clamp to 0 first), and cheaper: without
        // SSE4.1, `floor` is a call into libm.
        (((lon + 180.0) / self.cell_deg).max(0.0) as usize).min(self.cols - 1)
    }

    fn row(&self, lat: f64) -> usize {
        (((lat + 90.0) / self.cell_deg).max(0.0) as usize).min(self.rows - 1)
    }

    /// Edge ids referenced by one cell.
    fn cell_edges(&self, col: usize, row: usize) -> impl Iterator<Item = usize> + '_ {
        let c = row * self.cols + col;
        let at = self.cells_offset() + 4 * c;
        let (start, end) = (
            u32_at(self.bytes, at) as usize,
            u32_at(self.bytes, at + 4) as usize,
        );
        let refs = self.refs_offset();
        (start..end).map(move |k| u32_at(self.bytes, refs + 4 * k) as usize)
    }

    /// True when no edge is referenced by the cell holding `p` (open sea or inland).
    pub fn cell_is_empty(&self, p: LonLat) -> bool {
        self.cell_edges(self.col(p.lon), self.row(p.lat))
            .next()
            .is_none()
    }

    /// Call `f` with every edge indexed in the cells that a box touches whose own box may meet
    /// it (an edge once per cell), until `f` returns true; returns whether it did.
    fn any_edge_near(
        &self,
        west: f64,
        south: f64,
        east: f64,
        north: f64,
        f: impl FnMut(LonLat, LonLat) -> bool,
    ) -> bool {
        let (r0, r1) = (self.row(south), self.row(north));
        self.any_edge_in_rows(r0, r1, |_| [west, south, east, north], f)
    }

    /// Like [`Land::any_edge_near`] for the edges that may come within `lat_margin` degrees of
    /// latitude and `lon_margin` of longitude of the segment `a`–`b`: row by row of the grid,
    /// only the box of the stretch of the segment in that row (a diagonal segment's whole box
    /// is mostly far from it).
    fn any_edge_along(
        &self,
        a: LonLat,
        b: LonLat,
        lat_margin: f64,
        lon_margin: f64,
        f: impl FnMut(LonLat, LonLat) -> bool,
    ) -> bool {
        // A hair wider, so rounding in the row stretches never loses an edge on a border.
        let (lat_margin, lon_margin) = (lat_margin + 1e-9, lon_margin + 1e-9);
        let (south, north) = (a.lat.min(b.lat) - lat_margin, a.lat.max(b.lat) + lat_margin);
        let deg = self.cell_deg;
        let band = |r: usize| {
            let s = (-90.0 + r as f64 * deg - lat_margin).max(south);
            let n = (-90.0 + (r + 1) as f64 * deg + lat_margin).min(north);
            let (t0, t1) = if b.lat == a.lat {
                (0.0, 1.0)
            } else {
                let (ts, tn) = ((s - a.lat) / (b.lat - a.lat), (n - a.lat) / (b.lat - a.lat));
                (ts.min(tn).max(0.0), ts.max(tn).min(1.0))
            };
            let (l0, l1) = (a.lon + (b.lon - a.lon) * t0, a.lon + (b.lon - a.lon) * t1);
            [l0.min(l1) - lon_margin, s, l0.max(l1) + lon_margin, n]
        };
        self.any_edge_in_rows(self.row(south), self.row(north), band, f)
    }

    /// The loop under [`Land::any_edge_near`] and [`Land::any_edge_along`]: for each row from
    /// `r0` to `r1`, the edges of the cells under `bbox(row)` whose own box may meet it. Edges
    /// are dropped on their quantized coordinates, before converting to degrees (bounds widened
    /// by a unit, so none is dropped wrongly). A plain loop: this is the innermost work of
    /// every route check.
    fn any_edge_in_rows(
        &self,
        r0: usize,
        r1: usize,
        bbox: impl Fn(usize) -> [f64; 4],
        mut f: impl FnMut(LonLat, LonLat) -> bool,
    ) -> bool {
        let cells = &self.bytes[self.cells_offset()..self.refs_offset()];
        let refs = &self.bytes[self.refs_offset()..self.clearance_offset()];
        let vertices = &self.bytes[HEADER..self.cells_offset()];
        let word = |b: &[u8], at: usize| {
            let w: [u8; 4] = b[at..at + 4].try_into().expect("four bytes");
            u32::from_le_bytes(w)
        };
        let raw = |v: f64, axis: usize| (v - self.translate[axis]) / self.scale[axis];
        for r in r0..=r1 {
            let [west, south, east, north] = bbox(r);
            if !(west <= east && south <= north) {
                continue;
            }
            let (x0, x1) = (raw(west, 0), raw(east, 0));
            let (y0, y1) = (raw(south, 1), raw(north, 1));
            let (x0, x1) = (x0.min(x1) - 1.0, x0.max(x1) + 1.0);
            let (y0, y1) = (y0.min(y1) - 1.0, y0.max(y1) + 1.0);
            let first = r * self.cols;
            for c in first + self.col(west)..=first + self.col(east) {
                let (start, end) = (word(cells, 4 * c) as usize, word(cells, 4 * c + 4) as usize);
                for k in start..end {
                    let at = word(refs, 4 * k) as usize * 8;
                    let v: [u8; 16] = vertices[at..at + 16].try_into().expect("two vertices");
                    let coord = |i: usize| {
                        f64::from(i32::from_le_bytes([v[i], v[i + 1], v[i + 2], v[i + 3]]))
                    };
                    let (px, py, qx, qy) = (coord(0), coord(4), coord(8), coord(12));
                    if px.max(qx) < x0 || px.min(qx) > x1 || py.max(qy) < y0 || py.min(qy) > y1 {
                        continue;
                    }
                    let deg = |x: f64, y: f64| {
                        LonLat::new(
                            x * self.scale[0] + self.translate[0],
                            y * self.scale[1] + self.translate[1],
                        )
                    };
                    if f(deg(px, py), deg(qx, qy)) {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// True when the straight lon/lat segment `a`–`b` touches or crosses a land edge.
    /// Both ends must lie in [-180, 180] on the same side of the antimeridian.
    pub fn crosses(&self, a: LonLat, b: LonLat) -> bool {
        // The row boxes have already dropped the edges whose box misses the segment's stretch.
        self.any_edge_along(a, b, 0.0, 0.0, |p, q| segments_meet(a, b, p, q))
    }

    /// True when any land edge meets the box (conservatively: an edge whose own box overlaps).
    pub fn any_edge_in(&self, west: f64, south: f64, east: f64, north: f64) -> bool {
        self.any_edge_near(west, south, east, north, |p, q| {
            p.lon.max(q.lon) >= west
                && p.lon.min(q.lon) <= east
                && p.lat.max(q.lat) >= south
                && p.lat.min(q.lat) <= north
        })
    }

    /// True when some land edge comes within `km` of the straight lon/lat segment `a`–`b`
    /// (distances in a local plane around the segment: fine for chords of tens of km).
    pub fn within(&self, a: LonLat, b: LonLat, km: f64) -> bool {
        let margin = km / 111.2;
        let k = ((a.lat + b.lat) / 2.0).to_radians().cos().max(0.05);
        let lon_margin = margin / k;
        let plane = |p: LonLat| ((p.lon - a.lon) * k, p.lat - a.lat);
        let (ax, ay) = plane(a);
        let (bx, by) = plane(b);
        // An edge outside the boxes is farther than the margin, so they are the only filter.
        self.any_edge_along(a, b, margin, lon_margin, |p, q| {
            let (px, py) = plane(p);
            let (qx, qy) = plane(q);
            let d = point_segment(px, py, ax, ay, bx, by)
                .min(point_segment(qx, qy, ax, ay, bx, by))
                .min(point_segment(ax, ay, px, py, qx, qy))
                .min(point_segment(bx, by, px, py, qx, qy));
            d < margin || segments_meet(a, b, p, q)
        })
    }

    /// True when `p` is on land (even–odd rule on a ray due east).
    pub fn is_land(&self, p: LonLat) -> bool {
        let row = self.row(p.lat);
        let mut seen: Vec<usize> = Vec::new();
        let mut inside = false;
        for col in self.col(p.lon)..self.cols {
            for e in self.cell_edges(col, row) {
                if seen.contains(&e) {
                    continue;
                }
                seen.push(e);
                let (u, v) = (self.vertex(e), self.vertex(e + 1));
                if (u.lat > p.lat) != (v.lat > p.lat) {
                    let x = u.lon + (p.lat - u.lat) / (v.lat - u.lat) * (v.lon - u.lon);
                    if x > p.lon {
                        inside = !inside;
                    }
                }
            }
        }
        inside
    }

    /// The nearest point of any coastline to `p` within `max_deg` degrees (of latitude), with
    /// its distance in km (great circle), or `None`.
    pub fn nearest_coast(&self, p: LonLat, max_deg: f64) -> Option<(LonLat, f64)> {
        let k = p.lat.to_radians().cos().max(0.05);
        let mut best: Option<(LonLat, f64)> = None;
        let lon_span = (max_deg / k).min(360.0);
        self.any_edge_near(
            p.lon - lon_span,
            p.lat - max_deg,
            p.lon + lon_span,
            p.lat + max_deg,
            |u, v| {
                let c = closest_on_segment(p, u, v, k);
                let d = crate::geodesy::great_circle::distance_km(p, c);
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((c, d));
                }
                false
            },
        );
        best
    }
}

/// A lower bound on the great-circle distance between two lon/lat boxes `[w, s, e, n]`, in km on
/// a sphere of `radius`: the haversine of the latitude gap and the longitude gap (around the
/// world), with the cosines taken at the most poleward latitude of the two.
fn rect_distance_km(a: [f64; 4], b: [f64; 4], radius: f64) -> f64 {
    let lat_gap = (b[1] - a[3]).max(a[1] - b[3]).max(0.0);
    let gap = (b[0] - a[2]).max(a[0] - b[2]).max(0.0);
    // The same gap with one box moved a turn east or west.
    let east = (b[0] + 360.0 - a[2]).max(0.0);
    let west = (a[0] + 360.0 - b[2]).max(0.0);
    let lon_gap = gap.min(east).min(west).min(180.0);
    let poleward = [a[1], a[3], b[1], b[3]]
        .iter()
        .fold(0f64, |m, x| m.max(x.abs()))
        .min(90.0);
    let cos = poleward.to_radians().cos();
    let h = (lat_gap.to_radians() / 2.0).sin().powi(2)
        + cos * cos * (lon_gap.to_radians() / 2.0).sin().powi(2);
    2.0 * radius * h.sqrt().min(1.0).asin()
}

/// The point of segment `u`–`v` closest to `p`, in a plane with longitudes scaled by `k`.
fn closest_on_segment(p: LonLat, u: LonLat, v: LonLat, k: f64) -> LonLat {
    let (dx, dy) = ((v.lon - u.lon) * k, v.lat - u.lat);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return u;
    }
    let t = (((p.lon - u.lon) * k * dx + (p.lat - u.lat) * dy) / len2).clamp(0.0, 1.0);
    LonLat::new(u.lon + t * (v.lon - u.lon), u.lat + t * (v.lat - u.lat))
}

/// Distance from point (x, y) to segment (ax, ay)–(bx, by) in a plane.
fn point_segment(x: f64, y: f64, ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((x - ax) * dx + (y - ay) * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (ax + t * dx - x, ay + t * dy - y);
    (cx * cx + cy * cy).sqrt()
}

fn orient(a: LonLat, b: LonLat, c: LonLat) -> f64 {
    robust::orient2d(
        robust::Coord { x: a.lon, y: a.lat },
        robust::Coord { x: b.lon, y: b.lat },
        robust::Coord { x: c.lon, y: c.lat },
    )
}

fn on_segment(a: LonLat, b: LonLat, p: LonLat) -> bool {
    p.lon >= a.lon.min(b.lon)
        && p.lon <= a.lon.max(b.lon)
        && p.lat >= a.lat.min(b.lat)
        && p.lat <= a.lat.max(b.lat)
}

/// True when closed segments `a`–`b` and `p`–`q` share a point (exact orientation tests).
pub fn segments_meet(a: LonLat, b: LonLat, p: LonLat, q: LonLat) -> bool {
    let (d1, d2) = (orient(p, q, a), orient(p, q, b));
    let (d3, d4) = (orient(a, b, p), orient(a, b, q));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    (d1 == 0.0 && on_segment(p, q, a))
        || (d2 == 0.0 && on_segment(p, q, b))
        || (d3 == 0.0 && on_segment(a, b, p))
        || (d4 == 0.0 && on_segment(a, b, q))
}

/// Encode rings (quantized, closed) into a land file with a grid of `cell_deg` degrees.
pub fn encode(
    rings: &[Vec<[i64; 2]>],
    transform: &super::topojson::Transform,
    cell_deg: f64,
) -> Vec<u8> {
    let cols = (360.0 / cell_deg).ceil() as usize;
    let rows = (180.0 / cell_deg).ceil() as usize;
    let mut vertices: Vec<[i64; 2]> = Vec::new();
    let mut edges: Vec<usize> = Vec::new();
    let deg = |p: [i64; 2]| LonLat::new(transform.lon(p[0]), transform.lat(p[1]));
    for line in rings
        .iter()
        .filter(|r| r.len() >= 2)
        .flat_map(|r| cut_at_antimeridian(r, transform))
        .filter(|l| l.len() >= 2)
    {
        let start = vertices.len();
        vertices.extend_from_slice(&line);
        edges.extend(start..start + line.len() - 1);
    }
    let cell = |v: f64, origin: f64, n: usize| {
        (((v - origin) / cell_deg).floor().max(0.0) as usize).min(n - 1)
    };
    let mut per_cell: Vec<Vec<u32>> = vec![Vec::new(); cols * rows];
    for &e in &edges {
        let (a, b) = (deg(vertices[e]), deg(vertices[e + 1]));
        for r in cell(a.lat.min(b.lat), -90.0, rows)..=cell(a.lat.max(b.lat), -90.0, rows) {
            for c in cell(a.lon.min(b.lon), -180.0, cols)..=cell(a.lon.max(b.lon), -180.0, cols) {
                per_cell[r * cols + c].push(e as u32);
            }
        }
    }
    let refs: usize = per_cell.iter().map(Vec::len).sum();
    let mut out =
        Vec::with_capacity(HEADER + vertices.len() * 8 + (cols * rows + 1) * 4 + refs * 4 + 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    for v in [
        transform.scale[0],
        transform.scale[1],
        transform.translate[0],
        transform.translate[1],
        cell_deg,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    for v in [cols, rows, vertices.len(), refs] {
        out.extend_from_slice(&(v as u32).to_le_bytes());
    }
    for v in &vertices {
        out.extend_from_slice(&(v[0] as i32).to_le_bytes());
        out.extend_from_slice(&(v[1] as i32).to_le_bytes());
    }
    let mut offset = 0u32;
    for cell in &per_cell {
        out.extend_from_slice(&offset.to_le_bytes());
        offset += cell.len() as u32;
    }
    out.extend_from_slice(&offset.to_le_bytes());
    for cell in &per_cell {
        for e in cell {
            out.extend_from_slice(&e.to_le_bytes());
        }
    }
    let clearance_at = out.len();
    out.resize(clearance_at + cols * rows, 0);
    crate::binfile::seal(&mut out);
    // The clearance needs the land's own queries (which cells are inland): open what is written
    // so far, compute, and seal again.
    let clearance = clearance_grid(&Land::open_trusted(&out).expect("just encoded"));
    out.truncate(out.len() - 4);
    out[clearance_at..clearance_at + cols * rows].copy_from_slice(&clearance);
    crate::binfile::seal(&mut out);
    out
}

/// A ring as the lines to index in a lon/lat plane.
///
/// A ring that crosses the antimeridian has edges from one side to the other (Eurasia at
/// Chukotka between 65° and 69° N, Wrangel Island, Fiji, Antarctica): in the plane they would run
/// across the whole map, and without them neither side's part of the ring is closed, so the
/// even–odd test reads whole bands of latitude inside out. Each such edge is cut at ±180 at the
/// latitude where it crosses, and each side's pieces are closed along the meridian between
/// consecutive crossings; a ring that crosses once encloses a pole and is closed along the
/// meridian to it.
fn cut_at_antimeridian(
    ring: &[[i64; 2]],
    transform: &super::topojson::Transform,
) -> Vec<Vec<[i64; 2]>> {
    let deg = |p: [i64; 2]| LonLat::new(transform.lon(p[0]), transform.lat(p[1]));
    let raw = |lon: f64, lat: f64| {
        [
            ((lon - transform.translate[0]) / transform.scale[0]).round() as i64,
            ((lat - transform.translate[1]) / transform.scale[1]).round() as i64,
        ]
    };
    let mut lines = Vec::new();
    let mut current = vec![ring[0]];
    // (latitude, side left) of each crossing, in ring order.
    let mut crossings: Vec<(f64, f64)> = Vec::new();
    for w in ring.windows(2) {
        let (u, v) = (deg(w[0]), deg(w[1]));
        if (u.lon - v.lon).abs() <= 180.0 {
            current.push(w[1]);
            continue;
        }
        let side = if u.lon > 0.0 { 180.0 } else { -180.0 };
        let lat = if u.lon.abs() == 180.0 {
            u.lat
        } else if v.lon.abs() == 180.0 {
            v.lat
        } else {
            let v_lon = v.lon + 2.0 * side;
            u.lat + (side - u.lon) / (v_lon - u.lon) * (v.lat - u.lat)
        };
        current.push(raw(side, lat));
        lines.push(std::mem::take(&mut current));
        current = vec![raw(-side, lat), w[1]];
        crossings.push((lat, side));
    }
    lines.push(current);
    let meridian = |lon: f64, a: f64, b: f64| vec![raw(lon, a), raw(lon, b)];
    match crossings.len() {
        0 => {}
        1 => {
            // Around a pole: both sides run along the meridian to it.
            let mean = ring.iter().map(|&p| deg(p).lat).sum::<f64>() / ring.len() as f64;
            let pole = if mean < 0.0 { -90.0 } else { 90.0 };
            let lat = crossings[0].0;
            lines.push(meridian(180.0, lat, pole));
            lines.push(meridian(-180.0, lat, pole));
        }
        n => {
            // The piece after crossing i lies on the side it entered, until crossing i + 1.
            for i in 0..n {
                let (lat, left) = crossings[i];
                let next = crossings[(i + 1) % n].0;
                lines.push(meridian(-left, lat, next));
            }
        }
    }
    lines.retain(|l| l.windows(2).any(|w| w[0] != w[1]));
    lines
}

/// The clearance of every cell, in units of [`CLEARANCE_UNIT_KM`], rounded down.
///
/// A cell is *land-like* when an edge is indexed in it or it lies inside land (cells without
/// edges are all land or all water, and so is every cell joined to them through edge-free
/// cells: one even–odd test per such region). A cell's clearance is the smallest lower bound
/// on the distance between it and a land-like cell: the larger of the gap in latitude (at
/// 110.5 km per degree, under the ellipsoid's least) and the great circle across the gap in
/// longitude at the most poleward latitude between the two.
fn clearance_grid(land: &Land<'_>) -> Vec<u8> {
    let (cols, rows, deg) = (land.cols, land.rows, land.cell_deg);
    let has_edges: Vec<bool> = (0..rows * cols)
        .map(|c| land.cell_edges(c % cols, c / cols).next().is_some())
        .collect();
    let radius = crate::geodesy::EARTH_RADIUS_KM - 25.0; // under the polar radius
                                                         // Regions of edge-free cells (4-connected, wrapping at the antimeridian), each land or sea.
    let mut land_like = has_edges.clone();
    let mut seen = has_edges.clone();
    for start in 0..rows * cols {
        if seen[start] {
            continue;
        }
        let mut region = vec![start];
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(x) = stack.pop() {
            let (r, c) = (x / cols, x % cols);
            let mut next = vec![r * cols + (c + 1) % cols, r * cols + (c + cols - 1) % cols];
            if r > 0 {
                next.push(x - cols);
            }
            if r + 1 < rows {
                next.push(x + cols);
            }
            for y in next {
                if !seen[y] {
                    seen[y] = true;
                    stack.push(y);
                    region.push(y);
                }
            }
        }
        // The even–odd test where it is most reliable: the cell nearest the equator and the
        // prime meridian (rings cut at the antimeridian and the poles make it fragile there).
        let Some(&probe) = region.iter().min_by_key(|&&x| {
            (
                (x / cols).abs_diff(rows / 2),
                (x % cols).abs_diff(cols / 2),
                x,
            )
        }) else {
            continue;
        };
        let centre = LonLat::new(
            -180.0 + ((probe % cols) as f64 + 0.5) * deg,
            -90.0 + ((probe / cols) as f64 + 0.5) * deg,
        );
        let inland = land.is_land(centre);
        for x in region {
            land_like[x] = inland;
        }
    }
    // Where the land is in each land-like cell: the part of the cell its edges' boxes cover
    // (an edge is indexed in every cell its box meets), or the whole cell when inland.
    let cell_rect = |r: usize, c: usize| {
        let (w, s) = (-180.0 + c as f64 * deg, -90.0 + r as f64 * deg);
        [w, s, w + deg, s + deg]
    };
    let content: Vec<Option<[f64; 4]>> = (0..rows * cols)
        .map(|x| {
            let (r, c) = (x / cols, x % cols);
            if !land_like[x] {
                return None;
            }
            let cell = cell_rect(r, c);
            if !has_edges[x] {
                return Some(cell);
            }
            let mut b = [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ];
            for e in land.cell_edges(c, r) {
                let (p, q) = (land.vertex(e), land.vertex(e + 1));
                b[0] = b[0].min(p.lon.min(q.lon).max(cell[0]));
                b[1] = b[1].min(p.lat.min(q.lat).max(cell[1]));
                b[2] = b[2].max(p.lon.max(q.lon).min(cell[2]));
                b[3] = b[3].max(p.lat.max(q.lat).min(cell[3]));
            }
            // An edge only touching the cell's border may leave an empty box: keep the cell.
            Some(if b[0] <= b[2] && b[1] <= b[3] {
                b
            } else {
                cell
            })
        })
        .collect();
    const WINDOW: usize = 3;
    // The least distance from a cell in row `r` to any cell outside its window: WINDOW whole
    // cells of latitude, or of longitude at the most poleward latitude the window reaches.
    let far_bound = |r: usize| {
        let span = WINDOW as f64 * deg;
        let poleward = (-90.0 + r.saturating_sub(WINDOW) as f64 * deg)
            .abs()
            .max((-90.0 + (r + WINDOW + 1).min(rows) as f64 * deg).abs())
            .min(90.0);
        let lon = rect_distance_km(
            [0.0, -poleward, 0.0, poleward],
            [span, -poleward, span, poleward],
            radius,
        );
        lon.min(span * 110.5)
    };
    // Land-like columns of each row, sorted, for the nearest one in a row.
    let by_row: Vec<Vec<usize>> = (0..rows)
        .map(|r| (0..cols).filter(|&c| land_like[r * cols + c]).collect())
        .collect();
    let max_km = 255.0 * CLEARANCE_UNIT_KM;
    let lat_km = |cells: usize| cells as f64 * deg * 110.5;
    let mut out = vec![0u8; rows * cols];
    for r in 0..rows {
        for c in 0..cols {
            let mut best = max_km;
            for dr in 0..rows {
                if lat_km(dr.saturating_sub(1)) >= best {
                    break;
                }
                for r2 in [r.checked_sub(dr), Some(r + dr).filter(|&x| x < rows)]
                    .into_iter()
                    .flatten()
                {
                    let list = &by_row[r2];
                    if list.is_empty() {
                        continue;
                    }
                    // Nearest land-like column, around the world.
                    let i = list.partition_point(|&x| x < c);
                    let dc = [
                        list[i % list.len()],
                        list[(i + list.len() - 1) % list.len()],
                    ]
                    .iter()
                    .map(|&x| {
                        let d = x.abs_diff(c);
                        d.min(cols - d)
                    })
                    .min()
                    .unwrap_or(0);
                    let (lo, hi) = (r.min(r2), r.max(r2) + 1);
                    let poleward = (-90.0 + lo as f64 * deg)
                        .abs()
                        .max((-90.0 + hi as f64 * deg).abs())
                        .min(90.0);
                    let lon_gap = (dc.saturating_sub(1) as f64 * deg).to_radians();
                    let lon_km = 2.0
                        * radius
                        * (poleward.to_radians().cos() * (lon_gap / 2.0).sin())
                            .clamp(0.0, 1.0)
                            .asin();
                    best = best.min(lat_km(dr.saturating_sub(1)).max(lon_km));
                }
            }
            // Near land, the cell-gap bound loses up to two cells: within WINDOW cells, measure
            // to where the land actually is in each land-like cell. Farther cells are at least
            // WINDOW cells away, which bounds what the window can claim.
            if best < max_km {
                let rect = cell_rect(r, c);
                let mut near = far_bound(r);
                for r2 in r.saturating_sub(WINDOW)..=(r + WINDOW).min(rows - 1) {
                    for dc in -(WINDOW as i64)..=WINDOW as i64 {
                        let c2 = (c as i64 + dc).rem_euclid(cols as i64) as usize;
                        if let Some(content) = content[r2 * cols + c2] {
                            near = near.min(rect_distance_km(rect, content, radius));
                        }
                    }
                }
                best = best.max(near.min(max_km));
            }
            out[r * cols + c] = (best / CLEARANCE_UNIT_KM).floor().clamp(0.0, 255.0) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routing::topojson::Transform;

    /// A 10° × 10° square island with a 4° lagoon, at 1° quantization.
    fn island() -> Vec<u8> {
        let t = Transform {
            scale: [1.0, 1.0],
            translate: [-180.0, -90.0],
        };
        let outer = vec![[180, 90], [190, 90], [190, 100], [180, 100], [180, 90]];
        let lagoon = vec![[183, 93], [183, 97], [187, 97], [187, 93], [183, 93]];
        encode(&[outer, lagoon], &t, 0.5)
    }

    #[test]
    fn crossing_inside_and_nearest() {
        let bytes = island();
        let land = Land::open(&bytes).unwrap();
        let (west, east) = (LonLat::new(-1.0, 5.0), LonLat::new(11.0, 5.0));
        assert!(land.crosses(west, east));
        assert!(!land.crosses(LonLat::new(-1.0, -1.0), LonLat::new(11.0, -1.0)));
        assert!(
            !land.crosses(LonLat::new(4.0, 4.0), LonLat::new(6.0, 6.0)),
            "inside the lagoon"
        );
        assert!(
            land.crosses(LonLat::new(-1.0, 0.0), LonLat::new(0.0, 0.0)),
            "touching a corner"
        );
        assert!(land.is_land(LonLat::new(1.0, 1.0)));
        assert!(!land.is_land(LonLat::new(5.0, 5.0)));
        assert!(!land.is_land(LonLat::new(-5.0, 5.0)));
        let (c, km) = land.nearest_coast(LonLat::new(-0.5, 5.0), 2.0).unwrap();
        assert_eq!((c.lon, c.lat), (0.0, 5.0));
        approx::assert_abs_diff_eq!(km, 55.4, epsilon = 0.2);
        let mut bad = bytes.clone();
        bad[HEADER] ^= 1;
        assert!(Land::open(&bad).is_err());
    }
}
