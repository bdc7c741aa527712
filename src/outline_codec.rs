//! The outline codec shared by the country-shapes file and the gazetteer's area outlines: a
//! MultiPolygon as varint counts (polygons, rings per polygon, vertices per ring) and vertices as
//! zigzag varint deltas of (lon, lat) in microdegrees — the 6 decimals every writer uses, so a
//! stored vertex is written exactly.

use geo::{Coord, LineString, MultiPolygon, Polygon};

/// Append `mp` (rings already oriented) to `out`.
pub fn write_multipolygon(out: &mut Vec<u8>, mp: &MultiPolygon<f64>) {
    write_varint(out, mp.0.len() as u64);
    for polygon in &mp.0 {
        write_varint(out, 1 + polygon.interiors().len() as u64);
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            write_varint(out, ring.0.len() as u64);
            let (mut lon, mut lat) = (0i64, 0i64);
            for c in &ring.0 {
                let (x, y) = (micro(c.x), micro(c.y));
                write_varint(out, zigzag(x - lon));
                write_varint(out, zigzag(y - lat));
                (lon, lat) = (x, y);
            }
        }
    }
}

/// Decode one MultiPolygon written by [`write_multipolygon`]; `None` when the bytes end early.
pub fn read_multipolygon(mut blob: &[u8]) -> Option<MultiPolygon<f64>> {
    let polygons = read_varint(&mut blob)? as usize;
    let mut out = Vec::with_capacity(polygons.min(4096));
    for _ in 0..polygons {
        let rings = read_varint(&mut blob)? as usize;
        let mut decoded: Vec<LineString<f64>> = Vec::with_capacity(rings.min(4096));
        for _ in 0..rings {
            let n = read_varint(&mut blob)? as usize;
            let mut coords = Vec::with_capacity(n.min(1 << 20));
            let (mut lon, mut lat) = (0i64, 0i64);
            for _ in 0..n {
                lon += unzigzag(read_varint(&mut blob)?);
                lat += unzigzag(read_varint(&mut blob)?);
                coords.push(Coord {
                    x: lon as f64 / 1e6,
                    y: lat as f64 / 1e6,
                });
            }
            decoded.push(LineString::new(coords));
        }
        let mut it = decoded.into_iter();
        let exterior = it.next()?;
        out.push(Polygon::new(exterior, it.collect()));
    }
    Some(MultiPolygon::new(out))
}

fn read_varint(b: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = b.split_first()?;
        *b = rest;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn write_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Microdegrees of a coordinate, as stored.
pub fn micro(deg: f64) -> i64 {
    (deg * 1e6).round() as i64
}
