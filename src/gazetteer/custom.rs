//! User places (`--places FILE`): a CSV of `name,lon,lat[,country][,aliases]` that adds venues no
//! gazetteer has (Novo-Ogaryovo, a hospital, a base) or overrides a gazetteer name. Aliases are
//! separated by `;` or `|`. A header row (`name,lon,lat,…`) is optional; `#` starts a comment line.

use super::CountryCode;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::normalize::normalize;

/// One user place.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomPlace {
    pub name: String,
    /// Degrees east, WGS 84.
    pub lon: f64,
    /// Degrees north, WGS 84.
    pub lat: f64,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<CountryCode>,
    pub aliases: Vec<String>,
}

/// A bad row in a places file.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    #[error("cannot read places file {path}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Row {
        path: PathBuf,
        line: u64,
        message: String,
    },
}

/// User places, indexed by normalised name and alias. Later rows override earlier ones.
#[derive(Debug, Clone, Default)]
pub struct CustomPlaces {
    places: Vec<CustomPlace>,
    index: HashMap<String, usize>,
}

impl CustomPlaces {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Add a place; its name and aliases now find it.
    pub fn add(&mut self, place: CustomPlace) {
        let i = self.places.len();
        for n in std::iter::once(&place.name).chain(place.aliases.iter()) {
            let key = normalize(n);
            if !key.is_empty() {
                self.index.insert(key, i);
            }
        }
        self.places.push(place);
    }

    /// The place a normalised key names, if any.
    pub fn get(&self, key: &str) -> Option<&CustomPlace> {
        self.index.get(key).map(|&i| &self.places[i])
    }

    /// Read a places CSV file.
    pub fn load(path: &Path) -> Result<Self, PlacesError> {
        let bytes = std::fs::read(path).map_err(|source| PlacesError::Io {
            path: path.into(),
            source,
        })?;
        Self::parse(&bytes, path)
    }

    /// Parse places CSV text; `path` is used in messages.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Self, PlacesError> {
        // Spreadsheets often save CSV with a UTF-8 byte order mark.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .from_reader(bytes);
        let mut out = CustomPlaces::new();
        let mut record = csv::ByteRecord::new();
        let mut first = true;
        loop {
            let more = reader
                .read_byte_record(&mut record)
                .map_err(|e| PlacesError::Row {
                    path: path.into(),
                    line: e.position().map(|p| p.line()).unwrap_or(0),
                    message: format!("not valid CSV: {e}"),
                })?;
            if !more {
                break;
            }
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            let err = |message: String| PlacesError::Row {
                path: path.into(),
                line,
                message,
            };
            let fields: Vec<&str> = record
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    std::str::from_utf8(f).map_err(|e| {
                        err(format!(
                            "column {} is not valid UTF-8 (byte {})",
                            i + 1,
                            e.valid_up_to() + 1
                        ))
                    })
                })
                .collect::<Result<_, _>>()?;
            if fields.iter().all(|f| f.is_empty()) {
                continue;
            }
            if first && fields[0].eq_ignore_ascii_case("name") {
                first = false;
                continue;
            }
            first = false;
            out.add(parse_row(&fields).map_err(err)?);
        }
        Ok(out)
    }
}

const HINT: &str = "hint: each row is name,lon,lat[,country][,aliases], longitude first";

fn parse_row(fields: &[&str]) -> Result<CustomPlace, String> {
    if fields.len() < 3 || fields.len() > 5 {
        return Err(format!(
            "expected 3 to 5 columns (name,lon,lat[,country][,aliases]), found {}; {HINT}",
            fields.len()
        ));
    }
    let name = fields[0];
    if normalize(name).is_empty() {
        return Err(format!("name '{name}' has no letters or digits; {HINT}"));
    }
    let number = |label: &str, s: &str, limit: f64| -> Result<f64, String> {
        let v: f64 = s
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| format!("{label} '{s}' is not a number; {HINT}"))?;
        if v.abs() > limit {
            return Err(format!(
                "{label} '{s}' is out of range [-{limit}, {limit}]; {HINT}"
            ));
        }
        Ok(v)
    };
    let lon = number("lon", fields[1], 180.0)?;
    let lat = number("lat", fields[2], 90.0)?;
    let country = match fields.get(3).copied().filter(|c| !c.is_empty()) {
        Some(c) if CountryCode::new(c).is_some() => CountryCode::new(c),
        Some(c) => {
            return Err(format!(
                "country '{c}' is not an ISO 3166-1 alpha-2 code such as RU or IN"
            ))
        }
        None => None,
    };
    let aliases = fields
        .get(4)
        .map(|a| {
            a.split([';', '|'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Ok(CustomPlace {
        name: name.to_string(),
        lon,
        lat,
        country,
        aliases,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_optional_header_and_aliases() {
        let text = "name,lon,lat,country,aliases\nNovo-Ogaryovo,37.2386,55.7375,RU,Novo-Ogarevo;Ново-Огарёво\n# note\nOkhmatdyt hospital,30.4733,50.4555\n";
        let places = CustomPlaces::parse(text.as_bytes(), Path::new("p.csv")).unwrap();
        assert_eq!(places.len(), 2);
        let p = places.get("novo ogarevo").unwrap();
        assert_eq!(p.name, "Novo-Ogaryovo");
        assert_eq!(p.country.map(|c| c.to_string()).as_deref(), Some("RU"));
        assert!(places.get(&normalize("Ново-Огарёво")).is_some());
        assert_eq!(places.get("okhmatdyt hospital").unwrap().lat, 50.4555);
    }

    #[test]
    fn a_byte_order_mark_before_the_header_is_ignored() {
        let text = "\u{feff}name,lon,lat\nOkhmatdyt hospital,30.4733,50.4555\n";
        let places = CustomPlaces::parse(text.as_bytes(), Path::new("p.csv")).unwrap();
        assert_eq!(places.len(), 1);
    }

    #[test]
    fn bad_rows_name_file_line_and_value() {
        let err = |t: &str| {
            CustomPlaces::parse(t.as_bytes(), Path::new("p.csv"))
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err("a,1,2\nb,200,2\n"),
            "p.csv:2: lon '200' is out of range [-180, 180]; hint: each row is name,lon,lat[,country][,aliases], longitude first"
        );
        assert_eq!(
            err("b,east,2\n"),
            "p.csv:1: lon 'east' is not a number; hint: each row is name,lon,lat[,country][,aliases], longitude first"
        );
        assert_eq!(
            err("b,1,2,Russia\n"),
            "p.csv:1: country 'Russia' is not an ISO 3166-1 alpha-2 code such as RU or IN"
        );
        assert_eq!(
            err("b,1\n"),
            "p.csv:1: expected 3 to 5 columns (name,lon,lat[,country][,aliases]), found 2; hint: each row is name,lon,lat[,country][,aliases], longitude first"
        );
    }
}
