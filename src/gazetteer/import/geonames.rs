//! Reader for GeoNames dump files: the 19-column place tables (`cities500.txt`, `cities1000.txt`,
//! `allCountries.txt`, any country file) and the optional `alternateNamesV2.txt`.
//!
//! Streams line by line, so a 12-million-row `allCountries.txt` is filtered without being held in
//! memory; only populated places (feature class P) that pass the population filter are kept.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use super::{open, ImportError};

/// One populated place from a GeoNames table.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoNamesRow {
    pub geonameid: u64,
    pub name: String,
    pub ascii_name: String,
    pub alternate_names: Vec<String>,
    /// Degrees north, WGS 84.
    pub lat: f64,
    /// Degrees east, WGS 84.
    pub lon: f64,
    pub feature_code: String,
    pub country: String,
    pub admin1: String,
    pub population: u64,
}

/// Feature codes kept whatever the population: capitals, seats of government, admin-1 seats.
pub const ALWAYS_KEPT: [&str; 3] = ["PPLC", "PPLG", "PPLA"];

/// Read the populated places of a GeoNames table with `population >= min_population` (plus every
/// [`ALWAYS_KEPT`] feature). Returns the rows kept and the number of data lines read.
pub fn read_places(
    path: &Path,
    min_population: u64,
) -> Result<(Vec<GeoNamesRow>, u64), ImportError> {
    let mut reader = open(path)?;
    let mut rows = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| ImportError::io(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let err = |message: String| ImportError::parse(path, line_no, message);
        let line = std::str::from_utf8(&buf)
            .map_err(|e| err(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?;
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 19 {
            return Err(err(format!(
                "expected 19 tab-separated columns (GeoNames table format), found {}",
                cols.len()
            )));
        }
        if cols[6] != "P" {
            continue;
        }
        let population: u64 = if cols[14].is_empty() {
            0
        } else {
            cols[14]
                .parse()
                .map_err(|_| err(format!("population '{}' is not a whole number", cols[14])))?
        };
        let feature_code = cols[7];
        if population < min_population && !ALWAYS_KEPT.contains(&feature_code) {
            continue;
        }
        let geonameid: u64 = cols[0]
            .parse()
            .map_err(|_| err(format!("geonameid '{}' is not a number", cols[0])))?;
        let lat = parse_coord(cols[4], 90.0).ok_or_else(|| {
            err(format!(
                "latitude '{}' is not a number in [-90, 90]",
                cols[4]
            ))
        })?;
        let lon = parse_coord(cols[5], 180.0).ok_or_else(|| {
            err(format!(
                "longitude '{}' is not a number in [-180, 180]",
                cols[5]
            ))
        })?;
        rows.push(GeoNamesRow {
            geonameid,
            name: cols[1].to_string(),
            ascii_name: cols[2].to_string(),
            alternate_names: cols[3]
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(str::to_string)
                .collect(),
            lat,
            lon,
            feature_code: feature_code.to_string(),
            country: cols[8].to_string(),
            admin1: cols[10].to_string(),
            population,
        });
    }
    Ok((rows, line_no))
}

fn parse_coord(s: &str, limit: f64) -> Option<f64> {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite() && v.abs() <= limit)
}

/// `isolanguage` values in `alternateNamesV2.txt` that are not names: links, ids, codes of
/// airports and postal codes.
const NOT_NAMES: [&str; 9] = [
    "link", "wkdt", "post", "iata", "icao", "faac", "tcid", "unlc", "fr_1793",
];

/// Add the names of `alternateNamesV2.txt` (10 tab-separated columns) to the rows whose
/// geonameid they name. Returns how many names were added.
pub fn add_alternate_names(path: &Path, rows: &mut [GeoNamesRow]) -> Result<u64, ImportError> {
    let by_id: HashMap<u64, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.geonameid, i))
        .collect();
    let mut reader = open(path)?;
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut added = 0;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| ImportError::io(path, e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let err = |message: String| ImportError::parse(path, line_no, message);
        let line = std::str::from_utf8(&buf)
            .map_err(|e| err(format!("invalid UTF-8 at byte {}", e.valid_up_to())))?
            .trim_end_matches(['\n', '\r']);
        if line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            return Err(err(format!(
                "expected 10 tab-separated columns (alternateNamesV2 format), found {}",
                cols.len()
            )));
        }
        if NOT_NAMES.contains(&cols[2]) || cols[3].trim().is_empty() {
            continue;
        }
        let id: u64 = cols[1]
            .parse()
            .map_err(|_| err(format!("geonameid '{}' is not a number", cols[1])))?;
        if let Some(&i) = by_id.get(&id) {
            rows[i].alternate_names.push(cols[3].to_string());
            added += 1;
        }
    }
    Ok(added)
}
