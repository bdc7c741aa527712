//! Writing a land file ([`crate::routing::land`]): rings of Natural Earth's land polygons,
//! cut at the antimeridian, indexed by a grid of cells, with each cell's clearance (a lower
//! bound on its distance to land). Run by `examples/build-sea-network.rs`, never at map time.

use crate::geodesy::LonLat;
use crate::routing::land::query::rect_distance_km;
use crate::routing::land::{Land, CLEARANCE_UNIT_KM, HEADER, MAGIC, VERSION};

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
    let (cols, rows, deg) = (land.cols, land.rows, land.cell_deg());
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
    use crate::routing::offline::topojson::Transform;

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
