//! The envelope shared by diplomap's compact data files (country shapes, land, sea network):
//! an 8-byte magic, a little-endian `u32` version, the body, and a trailing CRC-32 of everything
//! before it; plus the little-endian readers their in-place accessors use.

/// Little-endian `u32` at byte `at`.
pub fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Little-endian `f64` at byte `at`.
pub fn f64_at(b: &[u8], at: usize) -> f64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    f64::from_le_bytes(a)
}

/// Check magic, version and (when `verify`) the CRC of a file at least `header` bytes long;
/// returns the bytes without the trailing CRC.
pub fn open<'a>(
    bytes: &'a [u8],
    magic: &[u8; 8],
    version: u32,
    header: usize,
    verify: bool,
) -> Result<&'a [u8], &'static str> {
    if bytes.len() < header.max(12) + 4 || &bytes[..8] != magic {
        return Err("bad magic");
    }
    if u32_at(bytes, 8) != version {
        return Err("unsupported version");
    }
    let body = bytes.len() - 4;
    if verify && crc32fast::hash(&bytes[..body]) != u32_at(bytes, body) {
        return Err("checksum mismatch");
    }
    Ok(&bytes[..body])
}

/// Append the trailing CRC-32 that [`open`] checks.
pub fn seal(out: &mut Vec<u8>) {
    let crc = crc32fast::hash(out);
    out.extend_from_slice(&crc.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_round_trip_and_damage() {
        let mut out = b"TESTFILE".to_vec();
        out.extend_from_slice(&3u32.to_le_bytes());
        out.extend_from_slice(&7u32.to_le_bytes());
        seal(&mut out);
        let body = open(&out, b"TESTFILE", 3, 16, true).unwrap();
        assert_eq!(u32_at(body, 12), 7);
        assert_eq!(
            open(&out, b"TESTFILE", 4, 16, true),
            Err("unsupported version")
        );
        assert_eq!(open(&out, b"OTHERFIL", 3, 16, true), Err("bad magic"));
        let mut bad = out.clone();
        bad[13] ^= 1;
        assert_eq!(
            open(&bad, b"TESTFILE", 3, 16, true),
            Err("checksum mismatch")
        );
        assert!(open(&bad, b"TESTFILE", 3, 16, false).is_ok());
    }
}
