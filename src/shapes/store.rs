//! The compact country-shapes file (`DMAPSHP1`), read in place.
//!
//! Layout, little-endian:
//!
//! ```text
//! magic "DMAPSHP1" | u32 version = 1 | u32 country count N
//! N × { [u8; 2] ISO alpha-2 | u16 reserved = 0 | u32 offset | u32 length }   sorted by code
//! country blobs: varint polygon count, then per polygon varint ring count, then per ring
//!   varint vertex count and the vertices as zigzag varint deltas of (lon, lat) in microdegrees
//! u32 CRC-32 of everything before it
//! ```
//!
//! Microdegrees match the 6 decimals every writer uses, so a stored vertex is written exactly.

use crate::gazetteer::CountryCode;
use geo::MultiPolygon;

pub use crate::outline_codec::micro;
use crate::outline_codec::{read_multipolygon, write_multipolygon};

use crate::binfile::u32_at;

const MAGIC: &[u8; 8] = b"DMAPSHP1";
const VERSION: u32 = 1;
const HEADER: usize = 16;
const ENTRY: usize = 12;

/// Why a shapes file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ShapesError {
    #[error("this diplomap was built without embedded country shapes (feature `embedded`)")]
    NotEmbedded,
    #[error("not a diplomap country-shapes file ({0})")]
    Corrupt(&'static str),
}

/// Country outlines, borrowed from the bytes of a shapes file.
#[derive(Debug, Clone, Copy)]
pub struct CountryShapes<'a> {
    bytes: &'a [u8],
    count: usize,
}

impl<'a> CountryShapes<'a> {
    /// Check the header, index bounds and checksum.
    pub fn open(bytes: &'a [u8]) -> Result<Self, ShapesError> {
        let body = crate::binfile::open(bytes, MAGIC, VERSION, HEADER, true)
            .map_err(ShapesError::Corrupt)?
            .len();
        let count = u32_at(bytes, 12) as usize;
        let index_end = HEADER + count * ENTRY;
        if index_end > body {
            return Err(ShapesError::Corrupt("index past end"));
        }
        for i in 0..count {
            let at = HEADER + i * ENTRY;
            let (off, len) = (
                u32_at(bytes, at + 4) as usize,
                u32_at(bytes, at + 8) as usize,
            );
            if off < index_end || off.checked_add(len).is_none_or(|end| end > body) {
                return Err(ShapesError::Corrupt("country blob past end"));
            }
        }
        Ok(Self {
            bytes: &bytes[..body],
            count,
        })
    }

    /// Number of countries with an outline.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// ISO alpha-2 codes with an outline, in code order.
    pub fn codes(&self) -> impl Iterator<Item = CountryCode> + '_ {
        (0..self.count).filter_map(|i| CountryCode::from_bytes(self.code(i)))
    }

    fn code(&self, i: usize) -> [u8; 2] {
        let at = HEADER + i * ENTRY;
        [self.bytes[at], self.bytes[at + 1]]
    }

    /// The outline of a country by ISO alpha-2 code, or `None` when there is none.
    pub fn get(&self, code: CountryCode) -> Option<MultiPolygon<f64>> {
        let code = code.bytes();
        let (mut lo, mut hi) = (0, self.count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.code(mid).cmp(&code) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let at = HEADER + mid * ENTRY;
                    let off = u32_at(self.bytes, at + 4) as usize;
                    let len = u32_at(self.bytes, at + 8) as usize;
                    return read_multipolygon(&self.bytes[off..off + len]);
                }
            }
        }
        None
    }
}

/// Encode outlines (already simplified and oriented) into a shapes file.
pub fn encode(countries: &std::collections::BTreeMap<CountryCode, MultiPolygon<f64>>) -> Vec<u8> {
    let mut blobs: Vec<u8> = Vec::new();
    let mut index: Vec<(CountryCode, usize, usize)> = Vec::new();
    for (code, mp) in countries {
        let start = blobs.len();
        write_multipolygon(&mut blobs, mp);
        index.push((*code, start, blobs.len() - start));
    }
    let base = HEADER + index.len() * ENTRY;
    let mut out = Vec::with_capacity(base + blobs.len() + 4);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(index.len() as u32).to_le_bytes());
    for (code, off, len) in index {
        out.extend_from_slice(&code.bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(&((base + off) as u32).to_le_bytes());
        out.extend_from_slice(&(len as u32).to_le_bytes());
    }
    out.extend_from_slice(&blobs);
    crate::binfile::seal(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn round_trip_at_microdegrees() {
        let square = polygon![
            (x: 10.123456, y: -5.5), (x: 11.0, y: -5.5), (x: 11.0, y: -4.25), (x: 10.123456, y: -5.5)
        ];
        let mut map = std::collections::BTreeMap::new();
        map.insert(
            CountryCode::new("KZ").unwrap(),
            MultiPolygon::new(vec![square.clone()]),
        );
        map.insert(CountryCode::new("AB").unwrap(), MultiPolygon::new(vec![]));
        let bytes = encode(&map);
        let shapes = CountryShapes::open(&bytes).unwrap();
        assert_eq!(shapes.len(), 2);
        assert_eq!(
            shapes.get(CountryCode::new("KZ").unwrap()).unwrap(),
            MultiPolygon::new(vec![square])
        );
        assert_eq!(shapes.get(CountryCode::new("ZZ").unwrap()), None);
        let mut bad = bytes.clone();
        bad[HEADER + 2 * ENTRY + 3] ^= 1;
        assert!(matches!(
            CountryShapes::open(&bad),
            Err(ShapesError::Corrupt("checksum mismatch"))
        ));
    }
}
