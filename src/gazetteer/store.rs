//! The gazetteer file format: flat little-endian tables plus an FST of name keys, read in place
//! without parsing, so the embedded gazetteer is ready the moment the process starts.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! header  (104 bytes)  magic "DMAPGAZ1", version u32, section count u32, CRC-32 of the body u32,
//!                      reserved u32, then 5 × (offset u64, length u64): meta, places, strings,
//!                      postings, names
//! meta                 UTF-8 JSON: sources, notes, counts (what `gazetteer info` shows)
//! places               32-byte records, see `PlaceRecord`
//! strings              UTF-8 display names, addressed by (offset, length) from a record
//! postings             u32 lists: count, then entries `place << 2 | name kind`
//! names                an `fst::Map` from normalised name key to either one inline entry
//!                      (bit 32 set) or the u32 offset of a postings list
//! ```
//!
//! Readers never trust a file they did not compile in: `Store::from_bytes` checks magic, version,
//! section bounds and the CRC; every later access is bounds-checked and skips what is out of range.

use crate::gazetteer::CountryCode;
use std::ops::Range;
use std::sync::Arc;

use super::model::{NameKind, PlaceInput, PlaceKind};

const MAGIC: &[u8; 8] = b"DMAPGAZ1";
const VERSION: u32 = 1;
const SECTIONS: usize = 5;
const HEADER_LEN: usize = 24 + SECTIONS * 16;
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
        if data.len() < HEADER_LEN {
            return Err(StoreError::Truncated {
                what: "header",
                start: 0,
                end: HEADER_LEN as u64,
                len: data.len(),
            });
        }
        let version = u32_at(data, 8);
        if version != VERSION {
            return Err(StoreError::BadVersion(version));
        }
        if u32_at(data, 12) as usize != SECTIONS {
            return Err(StoreError::Corrupt("unexpected section count".into()));
        }
        let names = ["meta", "places", "strings", "postings", "names"];
        let mut ranges = Vec::with_capacity(SECTIONS);
        for (i, what) in names.iter().enumerate() {
            let start = u64_at(data, 24 + i * 16);
            let len = u64_at(data, 32 + i * 16);
            let end = start.saturating_add(len);
            if start < HEADER_LEN as u64 || end > data.len() as u64 {
                return Err(StoreError::Truncated {
                    what,
                    start,
                    end,
                    len: data.len(),
                });
            }
            ranges.push(start as usize..end as usize);
        }
        if verify {
            let expected = u32_at(data, 16);
            let found = crc32fast::hash(&data[HEADER_LEN..]);
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

/// Serialise places and their names into the gazetteer file format.
///
/// Keys are the normalised names; a place listed twice under one key keeps its strongest name
/// kind. Output is deterministic: keys sorted bytewise, postings by place index.
pub fn write_store(places: &[PlaceInput], meta_json: &str) -> Result<Vec<u8>, StoreError> {
    let mut records = Vec::with_capacity(places.len() * RECORD_LEN);
    let mut strings = Vec::new();
    let mut keyed: Vec<(String, u32)> = Vec::new();
    for (i, p) in places.iter().enumerate() {
        let index = u32::try_from(i)
            .ok()
            .filter(|i| *i < (1 << 30))
            .ok_or_else(|| StoreError::Corrupt("more than 2^30 places".into()))?;
        let name = truncate_utf8(&p.name, u16::MAX as usize);
        let off = u32::try_from(strings.len())
            .map_err(|_| StoreError::Corrupt("string table over 4 GiB".into()))?;
        strings.extend_from_slice(name.as_bytes());
        records.extend_from_slice(&micro(p.lon).to_le_bytes());
        records.extend_from_slice(&micro(p.lat).to_le_bytes());
        records.extend_from_slice(&(p.population.min(u32::MAX as u64) as u32).to_le_bytes());
        records.extend_from_slice(&off.to_le_bytes());
        records.extend_from_slice(&p.admin1.unwrap_or(NO_ADMIN1).to_le_bytes());
        records.extend_from_slice(&(p.source_id.min(u32::MAX as u64) as u32).to_le_bytes());
        records.extend_from_slice(&(name.len() as u16).to_le_bytes());
        records.extend_from_slice(&p.country.map_or([0, 0], CountryCode::bytes));
        records.push(p.kind as u8);
        records.push(p.feature);
        records.push(p.population_estimated as u8);
        records.push(0);
        for (n, kind) in &p.names {
            let key = super::normalize::normalize(n);
            if !key.is_empty() && key.len() <= 255 {
                keyed.push((key, index << 2 | *kind as u32));
            }
        }
    }
    // Sort by key, then place, then strongest name kind first; keep one entry per (key, place).
    keyed.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then((a.1 >> 2).cmp(&(b.1 >> 2)))
            .then(a.1.cmp(&b.1))
    });
    keyed.dedup_by(|later, first| later.0 == first.0 && later.1 >> 2 == first.1 >> 2);

    let mut postings: Vec<u32> = Vec::new();
    let mut builder = fst::MapBuilder::memory();
    let mut i = 0;
    while i < keyed.len() {
        let mut j = i + 1;
        while j < keyed.len() && keyed[j].0 == keyed[i].0 {
            j += 1;
        }
        let value = if j - i == 1 {
            INLINE_FLAG | keyed[i].1 as u64
        } else {
            let off = postings.len() as u64;
            postings.push((j - i) as u32);
            postings.extend(keyed[i..j].iter().map(|k| k.1));
            off
        };
        builder
            .insert(&keyed[i].0, value)
            .map_err(|e| StoreError::Corrupt(format!("name index: {e}")))?;
        i = j;
    }
    let fst_bytes = builder
        .into_inner()
        .map_err(|e| StoreError::Corrupt(format!("name index: {e}")))?;
    let postings_bytes: Vec<u8> = postings.iter().flat_map(|v| v.to_le_bytes()).collect();

    let sections: [&[u8]; SECTIONS] = [
        meta_json.as_bytes(),
        &records,
        &strings,
        &postings_bytes,
        &fst_bytes,
    ];
    let mut body = Vec::new();
    let mut table = Vec::new();
    for s in sections {
        // Keep every section 8-byte aligned relative to the file start.
        while (HEADER_LEN + body.len()) % 8 != 0 {
            body.push(0);
        }
        table.extend_from_slice(&((HEADER_LEN + body.len()) as u64).to_le_bytes());
        table.extend_from_slice(&(s.len() as u64).to_le_bytes());
        body.extend_from_slice(s);
    }
    let mut out = Vec::with_capacity(HEADER_LEN + body.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&table);
    out.extend_from_slice(&body);
    Ok(out)
}

/// Degrees to integer micro-degrees (6 decimals, ~0.1 m), rounded half away from zero.
fn micro(deg: f64) -> i32 {
    (deg * 1e6).round() as i32
}

fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

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
