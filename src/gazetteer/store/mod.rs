//! The gazetteer file format: flat little-endian tables plus an FST of name keys, read in place
//! without parsing, so the embedded gazetteer is ready the moment the process starts.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! header  (136 bytes)  magic "DMAPGAZ1", version u32, section count u32, CRC-32 of the body u32,
//!                      reserved u32, then 7 × (offset u64, length u64): meta, places, strings,
//!                      postings, names, members, outlines (version 1: the first 5)
//! meta                 UTF-8 JSON: sources, notes, counts (what `gazetteer info` shows)
//! places               32-byte records, see `PlaceRecord`
//! strings              UTF-8 display names, addressed by (offset, length) from a record
//! postings             u32 lists: count, then entries `place << 2 | name kind`
//! names                an `fst::Map` from normalised name key to either one inline entry
//!                      (bit 32 set) or the u32 offset of a postings list
//! members              sparse per-place lists of ISO alpha-2 codes (groups, regions of
//!                      countries), see [`super::attached`]
//! outlines             sparse per-place outlines of areas, in [`crate::outline_codec`]
//! ```
//!
//! Readers never trust a file they did not compile in: `Store::from_bytes` checks magic, version,
//! section bounds and the CRC; every later access is bounds-checked and skips what is out of range.

use crate::gazetteer::CountryCode;
use std::ops::Range;
use std::sync::Arc;

mod write;

pub use write::write_store;

use super::attached::Attached;
use super::model::{NameKind, PlaceKind};

const MAGIC: &[u8; 8] = b"DMAPGAZ1";
const VERSION: u32 = 2;
const SECTIONS: usize = 7;
/// Sections of a version-1 file (no members, no outlines), still read.
const SECTIONS_V1: usize = 5;
const HEADER_LEN: usize = 24 + SECTIONS * 16;
const HEADER_LEN_V1: usize = 24 + SECTIONS_V1 * 16;
const RECORD_LEN: usize = 32;
const INLINE_FLAG: u64 = 1 << 32;
const NO_ADMIN1: u32 = u32::MAX;

/// Why a gazetteer file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StoreError {
    #[error("not a diplomap gazetteer (the file does not start with \"DMAPGAZ1\")")]
    BadMagic,
    #[error(
        "gazetteer format version {0} is not supported (this diplomap reads version {VERSION})"
    )]
    BadVersion(u32),
    #[error("gazetteer is truncated: its {what} section ends at byte {end} but the file has {len} bytes (was the file cut short while copying?)")]
    Truncated {
        what: &'static str,
        start: u64,
        end: u64,
        len: usize,
    },
    #[error(
        "gazetteer is corrupt: checksum {found:08x} does not match the recorded {expected:08x}"
    )]
    Checksum { expected: u32, found: u32 },
    #[error("gazetteer is corrupt: {0}")]
    Corrupt(String),
}

/// Bytes a store reads from: compiled in, or loaded from a file and shared.
#[derive(Clone)]
enum Bytes {
    Static(&'static [u8]),
    Shared(Arc<[u8]>),
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Shared(b) => b,
        }
    }
}

/// A section of a shared buffer, as the FST wants its bytes.
#[derive(Clone)]
pub struct Section {
    bytes: Bytes,
    range: Range<usize>,
}

impl AsRef<[u8]> for Section {
    fn as_ref(&self) -> &[u8] {
        &self.bytes.as_ref()[self.range.clone()]
    }
}

/// One place record, decoded on access.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaceRecord<'a> {
    pub index: u32,
    pub name: &'a str,
    /// Longitude in degrees east (6 decimals).
    pub lon: f64,
    /// Latitude in degrees north (6 decimals).
    pub lat: f64,
    pub population: u32,
    pub population_estimated: bool,
    pub country: Option<CountryCode>,
    pub admin1: Option<u32>,
    pub source_id: u32,
    pub kind: PlaceKind,
    pub feature: u8,
}

impl PlaceRecord<'_> {
    /// The ISO 3166-1 alpha-2 code as text, if the place has one.
    pub fn country_code(&self) -> Option<&str> {
        self.country.as_ref().map(CountryCode::as_str)
    }
}

/// A read-only gazetteer file, accessed in place.
#[derive(Clone)]
pub struct Store {
    bytes: Bytes,
    meta: Range<usize>,
    places: Range<usize>,
    strings: Range<usize>,
    postings: Range<usize>,
    members: Range<usize>,
    outlines: Range<usize>,
    pub(crate) names: fst::Map<Section>,
}

impl Store {
    /// Open a store compiled into the binary. The CRC is not re-checked (the build checked it).
    pub fn from_static(bytes: &'static [u8]) -> Result<Self, StoreError> {
        Self::open(Bytes::Static(bytes), false)
    }

    /// Open a store from bytes read from a file, checking everything.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, StoreError> {
        Self::open(Bytes::Shared(Arc::from(bytes)), true)
    }

    fn open(bytes: Bytes, verify: bool) -> Result<Self, StoreError> {
        let data = bytes.as_ref();
        if data.len() < 8 || &data[..8] != MAGIC {
            return Err(StoreError::BadMagic);
        }
        if data.len() < HEADER_LEN_V1 {
            return Err(StoreError::Truncated {
                what: "header",
                start: 0,
                end: HEADER_LEN_V1 as u64,
                len: data.len(),
            });
        }
        let version = u32_at(data, 8);
        let (sections, header_len) = match version {
            1 => (SECTIONS_V1, HEADER_LEN_V1),
            VERSION => (SECTIONS, HEADER_LEN),
            _ => return Err(StoreError::BadVersion(version)),
        };
        if data.len() < header_len {
            return Err(StoreError::Truncated {
                what: "header",
                start: 0,
                end: header_len as u64,
                len: data.len(),
            });
        }
        if u32_at(data, 12) as usize != sections {
            return Err(StoreError::Corrupt("unexpected section count".into()));
        }
        let names = [
            "meta", "places", "strings", "postings", "names", "members", "outlines",
        ];
        let mut ranges = Vec::with_capacity(SECTIONS);
        for (i, what) in names.iter().take(sections).enumerate() {
            let start = u64_at(data, 24 + i * 16);
            let len = u64_at(data, 32 + i * 16);
            let end = start.saturating_add(len);
            if start < header_len as u64 || end > data.len() as u64 {
                return Err(StoreError::Truncated {
                    what,
                    start,
                    end,
                    len: data.len(),
                });
            }
            ranges.push(start as usize..end as usize);
        }
        // A version-1 file has neither members nor outlines.
        ranges.resize(SECTIONS, 0..0);
        if verify {
            let expected = u32_at(data, 16);
            let found = crc32fast::hash(&data[header_len..]);
            if expected != found {
                return Err(StoreError::Checksum { expected, found });
            }
        }
        if ranges[1].len() % RECORD_LEN != 0 || ranges[3].len() % 4 != 0 {
            return Err(StoreError::Corrupt(
                "table sizes are not whole records".into(),
            ));
        }
        let section = Section {
            bytes: bytes.clone(),
            range: ranges[4].clone(),
        };
        let names =
            fst::Map::new(section).map_err(|e| StoreError::Corrupt(format!("name index: {e}")))?;
        let store = Store {
            bytes,
            meta: ranges[0].clone(),
            places: ranges[1].clone(),
            strings: ranges[2].clone(),
            postings: ranges[3].clone(),
            members: ranges[5].clone(),
            outlines: ranges[6].clone(),
            names,
        };
        if verify {
            store.validate()?;
        }
        Ok(store)
    }

    /// Structural checks for files from outside: every record decodes and points inside.
    fn validate(&self) -> Result<(), StoreError> {
        // The FST carries its own CRC-32C; a damaged index would otherwise fail deep inside a
        // traversal.
        self.names
            .as_fst()
            .verify()
            .map_err(|e| StoreError::Corrupt(format!("name index: {e}")))?;
        std::str::from_utf8(self.meta_bytes())
            .map_err(|_| StoreError::Corrupt("metadata is not UTF-8".into()))?;
        for (what, range) in [("members", &self.members), ("outlines", &self.outlines)] {
            Attached::open(&self.bytes.as_ref()[range.clone()], self.len())
                .map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))?;
        }
        for i in 0..self.len() {
            let raw = self
                .raw_record(i)
                .ok_or_else(|| StoreError::Corrupt("place table".into()))?;
            let bad = |what: &str| StoreError::Corrupt(format!("place {i}: {what}"));
            PlaceKind::from_u8(raw[28]).ok_or_else(|| bad("unknown kind"))?;
            let admin1 = u32_at(raw, 16);
            if admin1 != NO_ADMIN1 && admin1 as usize >= self.len() {
                return Err(bad("admin-1 reference out of range"));
            }
            let off = u32_at(raw, 12) as usize;
            let len = u16::from_le_bytes([raw[24], raw[25]]) as usize;
            let strings = &self.bytes.as_ref()[self.strings.clone()];
            let name = strings
                .get(off..off + len)
                .ok_or_else(|| bad("name out of range"))?;
            std::str::from_utf8(name).map_err(|_| bad("name is not UTF-8"))?;
        }
        Ok(())
    }

    /// The metadata JSON text.
    pub fn meta(&self) -> &str {
        std::str::from_utf8(self.meta_bytes()).unwrap_or("{}")
    }

    fn meta_bytes(&self) -> &[u8] {
        &self.bytes.as_ref()[self.meta.clone()]
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len() / RECORD_LEN
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Size of the whole file in bytes.
    pub fn byte_len(&self) -> usize {
        self.bytes.as_ref().len()
    }

    /// Number of distinct name keys.
    pub fn key_count(&self) -> usize {
        self.names.len()
    }

    /// Call `f` with every name key in byte order.
    pub fn for_each_key(&self, mut f: impl FnMut(&str)) {
        use fst::Streamer;
        let mut stream = self.names.stream();
        while let Some((key, _)) = stream.next() {
            f(&String::from_utf8_lossy(key));
        }
    }

    fn raw_record(&self, index: usize) -> Option<&[u8]> {
        let start = self.places.start + index.checked_mul(RECORD_LEN)?;
        if start + RECORD_LEN > self.places.end {
            return None;
        }
        self.bytes.as_ref().get(start..start + RECORD_LEN)
    }

    /// Decode place `index`; `None` when out of range or malformed.
    pub fn place(&self, index: u32) -> Option<PlaceRecord<'_>> {
        let raw = self.raw_record(index as usize)?;
        let off = u32_at(raw, 12) as usize;
        let len = u16::from_le_bytes([raw[24], raw[25]]) as usize;
        let strings = &self.bytes.as_ref()[self.strings.clone()];
        let name = std::str::from_utf8(strings.get(off..off.checked_add(len)?)?).ok()?;
        let admin1 = u32_at(raw, 16);
        let country = [raw[26], raw[27]];
        Some(PlaceRecord {
            index,
            name,
            lon: i32_at(raw, 0) as f64 / 1e6,
            lat: i32_at(raw, 4) as f64 / 1e6,
            population: u32_at(raw, 8),
            admin1: (admin1 != NO_ADMIN1).then_some(admin1),
            source_id: u32_at(raw, 20),
            country: CountryCode::from_bytes(country),
            kind: PlaceKind::from_u8(raw[28])?,
            feature: raw[29],
            population_estimated: raw[30] & 1 != 0,
        })
    }

    fn attached(&self, range: &Range<usize>) -> Attached<'_> {
        // Checked when the file was opened (or compiled in); an empty table otherwise.
        Attached::open(&self.bytes.as_ref()[range.clone()], self.len())
            .unwrap_or_else(|_| Attached::empty())
    }

    /// The member countries of a group or of a region defined by its countries (empty for
    /// any other place).
    pub fn members(&self, place: u32) -> Vec<CountryCode> {
        self.attached(&self.members)
            .get(place)
            .map(|b| {
                b.chunks_exact(2)
                    .filter_map(|c| CountryCode::from_bytes([c[0], c[1]]))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The outline of an area, if the gazetteer holds one.
    pub fn outline(&self, place: u32) -> Option<geo::MultiPolygon<f64>> {
        crate::outline_codec::read_multipolygon(self.attached(&self.outlines).get(place)?)
    }

    /// Number of places with an outline.
    pub fn outline_count(&self) -> usize {
        self.attached(&self.outlines).len()
    }

    /// Every (place, name kind) posted under an exact normalised key, in stored order.
    pub fn postings(&self, key: &str) -> Vec<(u32, NameKind)> {
        match self.names.get(key) {
            Some(value) => self.decode_postings(value),
            None => Vec::new(),
        }
    }

    /// Decode an FST value into its postings, skipping anything out of range.
    pub(crate) fn decode_postings(&self, value: u64) -> Vec<(u32, NameKind)> {
        let mut out = Vec::new();
        let mut push = |entry: u32| {
            if let Some(kind) = NameKind::from_u8((entry & 3) as u8) {
                let place = entry >> 2;
                if (place as usize) < self.len() {
                    out.push((place, kind));
                }
            }
        };
        if value & INLINE_FLAG != 0 {
            push(value as u32);
            return out;
        }
        let postings = &self.bytes.as_ref()[self.postings.clone()];
        let at = value as usize * 4;
        let Some(count) = postings.get(at..at + 4).map(|b| u32_at(b, 0) as usize) else {
            return out;
        };
        for i in 0..count {
            let p = at + 4 + i * 4;
            match postings.get(p..p + 4) {
                Some(b) => push(u32_at(b, 0)),
                None => break,
            }
        }
        out
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    u32_at(b, at) as i32
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::model::PlaceInput;

    fn sample() -> Vec<PlaceInput> {
        let city = |name: &str, lon, lat, pop, alt: &[&str]| PlaceInput {
            name: name.into(),
            lon,
            lat,
            population: pop,
            country: CountryCode::new("RU"),
            admin1: None,
            source_id: 1,
            kind: PlaceKind::City,
            feature: 1,
            population_estimated: false,
            members: Vec::new(),
            outline: None,
            names: std::iter::once((name.to_string(), NameKind::Primary))
                .chain(alt.iter().map(|a| (a.to_string(), NameKind::Alternate)))
                .collect(),
        };
        vec![
            city(
                "Moscow",
                37.6156,
                55.7522,
                10_381_222,
                &["Moskva", "Москва"],
            ),
            city("Moskva", 37.0, 55.0, 1_000, &[]),
        ]
    }

    #[test]
    fn round_trips_places_and_postings() {
        let bytes = write_store(&sample(), "{}").unwrap();
        let store = Store::from_bytes(bytes).unwrap();
        assert_eq!(store.len(), 2);
        let moscow = store.place(0).unwrap();
        assert_eq!(moscow.name, "Moscow");
        assert_eq!(moscow.lon, 37.6156);
        assert_eq!(moscow.country_code(), Some("RU"));
        assert_eq!(
            store.postings("moskva"),
            vec![(0, NameKind::Alternate), (1, NameKind::Primary)]
        );
        assert_eq!(store.postings("москва"), vec![(0, NameKind::Alternate)]);
        assert!(store.postings("nowhere").is_empty());
        assert!(store.place(2).is_none());
    }

    #[test]
    fn round_trips_members_and_outlines() {
        let mut places = sample();
        places[1].kind = PlaceKind::Group;
        places[1].members = ["FR", "DE"]
            .iter()
            .filter_map(|c| CountryCode::new(c))
            .collect();
        use geo::polygon;
        let square =
            polygon![(x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.5), (x: 1.0, y: 1.0)];
        places[0].outline = Some(geo::MultiPolygon::new(vec![square.clone()]));
        let store = Store::from_bytes(write_store(&places, "{}").unwrap()).unwrap();
        assert_eq!(store.members(1), places[1].members);
        assert!(store.members(0).is_empty());
        assert_eq!(store.outline(0), Some(geo::MultiPolygon::new(vec![square])));
        assert_eq!(store.outline(1), None);
        assert_eq!(store.outline_count(), 1);
    }

    #[test]
    fn reads_a_version_1_file_as_having_no_members_or_outlines() {
        // A version-1 file is a version-2 file without the last two sections.
        let v2 = write_store(&sample(), "{}").unwrap();
        let body_start = u64_at(&v2, 24) as usize;
        let mut v1 = Vec::new();
        v1.extend_from_slice(MAGIC);
        v1.extend_from_slice(&1u32.to_le_bytes());
        v1.extend_from_slice(&5u32.to_le_bytes());
        v1.extend_from_slice(&[0; 8]);
        let shift = HEADER_LEN - HEADER_LEN_V1;
        for i in 0..5 {
            let (off, len) = (u64_at(&v2, 24 + i * 16), u64_at(&v2, 32 + i * 16));
            v1.extend_from_slice(&(off - shift as u64).to_le_bytes());
            v1.extend_from_slice(&len.to_le_bytes());
        }
        let end = (u64_at(&v2, 24 + 4 * 16) + u64_at(&v2, 32 + 4 * 16)) as usize;
        v1.extend_from_slice(&v2[body_start..end]);
        let crc = crc32fast::hash(&v1[HEADER_LEN_V1..]);
        v1[16..20].copy_from_slice(&crc.to_le_bytes());
        let store = Store::from_bytes(v1).unwrap();
        assert_eq!(store.place(0).unwrap().name, "Moscow");
        assert!(store.members(0).is_empty());
        assert_eq!(store.outline(0), None);
    }

    #[test]
    fn rejects_damaged_files() {
        let bytes = write_store(&sample(), "{}").unwrap();
        assert!(matches!(
            Store::from_bytes(b"hello".to_vec()),
            Err(StoreError::BadMagic)
        ));
        let truncated = bytes[..bytes.len() - 10].to_vec();
        assert!(matches!(
            Store::from_bytes(truncated),
            Err(StoreError::Truncated { .. })
        ));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0xff;
        assert!(matches!(
            Store::from_bytes(flipped),
            Err(StoreError::Checksum { .. })
        ));
        let mut version = bytes;
        version[8] = 9;
        assert_eq!(
            Store::from_bytes(version).err(),
            Some(StoreError::BadVersion(9))
        );
    }
}
