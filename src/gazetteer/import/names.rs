//! Reading a names supplement for `gazetteer import --names`: a tab-separated table that adds
//! names the sources lack to places they have — news usage such as "Britain" and "DRC" for
//! countries, AP-style abbreviations such as "Ky." and "Calif." for US states, "L.A." for a city.
//!
//! Columns, with a header line `target`, `name`, `kind` (tab-separated):
//! - `target`: an ISO 3166-1 alpha-2 code (`GB`: the country), an ISO 3166-2 code (`US-KY`: the
//!   state or province), or `geonames:ID` (a city by its GeoNames id);
//! - `name`: the name to add;
//! - `kind`: `variant` (another English name), `alternate` (a foreign or old name) or `code`
//!   (an abbreviation).
//!
//! Lines starting with `#` are comments. A target the import does not hold fails the import with
//! the file and line, so a supplement never silently stops applying.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use super::{open, ImportError};
use crate::gazetteer::model::{NameKind, PlaceInput, PlaceKind};

/// Where each kind of target is found among the places: country code, ISO 3166-2 code and
/// GeoNames id to place index.
#[derive(Default)]
pub struct Targets {
    pub countries: HashMap<String, u32>,
    pub admin1: HashMap<String, u32>,
    pub cities: HashMap<u64, u32>,
}

impl Targets {
    /// Index the places: a country code names its first record (the sovereign's main unit).
    pub fn of(places: &[PlaceInput], admin1_by_code: &HashMap<String, u32>) -> Self {
        let mut t = Targets {
            admin1: admin1_by_code.clone(),
            ..Targets::default()
        };
        for (i, p) in places.iter().enumerate() {
            match p.kind {
                PlaceKind::Country => {
                    if let Some(c) = p.country {
                        t.countries.entry(c.to_string()).or_insert(i as u32);
                    }
                }
                PlaceKind::City => {
                    t.cities.insert(p.source_id, i as u32);
                }
                _ => {}
            }
        }
        t
    }
}

/// Add every name of the supplement at `path` to its place; returns how many were added.
pub fn apply(
    path: &Path,
    places: &mut [PlaceInput],
    targets: &Targets,
) -> Result<u64, ImportError> {
    let mut added = 0;
    for (n, line) in open(path)?.lines().enumerate() {
        let line = line.map_err(|e| ImportError::io(path, e))?;
        let number = n as u64 + 1;
        let bad = |message: String| ImportError::parse(path, number, message);
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("target\tname\t") {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        let [target, name, kind] = cols[..] else {
            return Err(bad(format!(
                "expected 3 tab-separated columns (target, name, kind), found {}",
                cols.len()
            )));
        };
        let kind = match kind {
            "variant" => NameKind::Variant,
            "alternate" => NameKind::Alternate,
            "code" => NameKind::Code,
            other => {
                return Err(bad(format!(
                    "kind '{other}'; hint: one of variant, alternate, code"
                )))
            }
        };
        if name.is_empty() {
            return Err(bad("the name is empty".into()));
        }
        let index = if let Some(id) = target.strip_prefix("geonames:") {
            id.parse::<u64>()
                .ok()
                .and_then(|id| targets.cities.get(&id))
        } else if target.contains('-') {
            targets.admin1.get(target)
        } else {
            targets.countries.get(target)
        };
        let Some(&index) = index else {
            return Err(bad(format!(
                "target '{target}' is not in this import; hint: an ISO 3166-1 code (GB), an ISO 3166-2 code (US-KY) or geonames:ID of a kept city"
            )));
        };
        places[index as usize].names.push((name.to_string(), kind));
        added += 1;
    }
    Ok(added)
}
