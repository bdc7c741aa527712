//! The questions a sea router asks of the land: is this cell empty, does this segment cross
//! land or pass within some km of it, is this point on land, where is the nearest coast. Planar
//! in longitude/latitude, like GeoJSON and every checker of it (see [`super`]).

use super::{Land, HEADER};
use crate::geodesy::LonLat;

impl Land<'_> {
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

    /// True when `p` is on land (even–odd rule on a ray due east). A cell with clearance is
    /// open water, answered without the ray.
    pub fn is_land(&self, p: LonLat) -> bool {
        if self.clearance_km(p) > 0.0 {
            return false;
        }
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
pub(crate) fn rect_distance_km(a: [f64; 4], b: [f64; 4], radius: f64) -> f64 {
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
