//! Per-place attachments in a gazetteer file: the members of a group or of a region defined by
//! its countries, and the outlines of areas. Few places have them, so each is a sparse section:
//!
//! ```text
//! u32 count N | N × { u32 place index | u32 offset | u32 length }  sorted by place index
//! blobs, addressed from the end of the table
//! ```
//!
//! Members are ISO 3166-1 alpha-2 codes, two bytes each; outlines use [`crate::outline_codec`].

/// Encode `(place index, blob)` pairs, given in increasing place order.
pub fn encode(entries: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut table = Vec::with_capacity(4 + entries.len() * 12);
    let mut blobs = Vec::new();
    table.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (place, blob) in entries {
        table.extend_from_slice(&place.to_le_bytes());
        table.extend_from_slice(&(blobs.len() as u32).to_le_bytes());
        table.extend_from_slice(&(blob.len() as u32).to_le_bytes());
        blobs.extend_from_slice(blob);
    }
    table.extend_from_slice(&blobs);
    table
}

/// A sparse section, read in place; an empty section (a version-1 file) has no entries.
#[derive(Debug, Clone, Copy)]
pub struct Attached<'a> {
    bytes: &'a [u8],
    count: usize,
}

impl<'a> Attached<'a> {
    /// A section with no entries.
    pub fn empty() -> Self {
        Attached {
            bytes: &[],
            count: 0,
        }
    }

    /// Read a section; `Err` names what is out of bounds.
    pub fn open(bytes: &'a [u8], places: usize) -> Result<Self, String> {
        if bytes.is_empty() {
            return Ok(Attached { bytes, count: 0 });
        }
        let count = bytes
            .get(..4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or("attachment table is cut short")?;
        let base = count
            .checked_mul(12)
            .and_then(|n| n.checked_add(4))
            .filter(|&b| b <= bytes.len())
            .ok_or("attachment table is cut short")?;
        let found = Attached { bytes, count };
        let mut previous = None;
        for i in 0..count {
            let (place, off, len) = found.entry(i);
            if place as usize >= places || previous.is_some_and(|p| p >= place) {
                return Err(format!("attachment {i} names place {place} out of order"));
            }
            previous = Some(place);
            if (off as usize)
                .checked_add(len as usize)
                .and_then(|end| end.checked_add(base))
                .is_none_or(|end| end > bytes.len())
            {
                return Err(format!("attachment {i} runs past the end"));
            }
        }
        Ok(found)
    }

    fn entry(&self, i: usize) -> (u32, u32, u32) {
        let at = 4 + i * 12;
        let u = |k: usize| {
            let b = &self.bytes[at + k..at + k + 4];
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        };
        (u(0), u(4), u(8))
    }

    /// The blob attached to `place`, if any.
    pub fn get(&self, place: u32) -> Option<&'a [u8]> {
        let (mut lo, mut hi) = (0, self.count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let (p, off, len) = self.entry(mid);
            match p.cmp(&place) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let start = 4 + self.count * 12 + off as usize;
                    return self.bytes.get(start..start + len as usize);
                }
            }
        }
        None
    }

    /// Number of places with an attachment.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_blob_and_rejects_damage() {
        let bytes = encode(&[(2, b"FRDE".to_vec()), (7, vec![]), (9, b"IN".to_vec())]);
        let a = Attached::open(&bytes, 10).unwrap();
        assert_eq!(a.len(), 3);
        assert_eq!(a.get(2), Some(&b"FRDE"[..]));
        assert_eq!(a.get(7), Some(&b""[..]));
        assert_eq!(a.get(9), Some(&b"IN"[..]));
        assert_eq!(a.get(3), None);
        assert!(Attached::open(&bytes, 9).is_err());
        assert!(Attached::open(&bytes[..bytes.len() - 1], 10).is_err());
        assert!(Attached::open(&[], 0).unwrap().is_empty());
    }
}
