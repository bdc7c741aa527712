//! Writing the gazetteer file format (see the layout in [`super`]): records, strings, postings
//! and the FST of name keys, then the sparse member and outline sections, in one deterministic
//! pass.

use crate::gazetteer::attached;
use crate::gazetteer::model::PlaceInput;
use crate::gazetteer::CountryCode;

use super::{StoreError, HEADER_LEN, INLINE_FLAG, MAGIC, NO_ADMIN1, RECORD_LEN, SECTIONS, VERSION};

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
            let key = crate::gazetteer::normalize::normalize(n);
            if !key.is_empty() && key.len() <= 255 {
                keyed.push((key, index << 2 | *kind as u32));
            }
            if let Some(key) = crate::gazetteer::normalize::stops_key(n) {
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
    let mut members = Vec::new();
    let mut outlines = Vec::new();
    for (i, p) in places.iter().enumerate() {
        if !p.members.is_empty() {
            members.push((i as u32, p.members.iter().flat_map(|c| c.bytes()).collect()));
        }
        if let Some(outline) = &p.outline {
            let mut blob = Vec::new();
            crate::outline_codec::write_multipolygon(&mut blob, outline);
            outlines.push((i as u32, blob));
        }
    }
    let members = attached::encode(&members);
    let outlines = attached::encode(&outlines);

    let sections: [&[u8]; SECTIONS] = [
        meta_json.as_bytes(),
        &records,
        &strings,
        &postings_bytes,
        &fst_bytes,
        &members,
        &outlines,
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
