//! Readers for Natural Earth data: admin-0 countries from the shapefile's `.dbf` table, admin-1
//! states and provinces (attributes and outlines) from a GeoJSON FeatureCollection, and country
//! names from `i18n-iso-countries` language files.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{open, ImportError};

/// Natural Earth language suffixes of the `NAME_xx` columns (26 languages).
pub const LANGUAGES: [&str; 26] = [
    "ar", "bn", "de", "en", "es", "fa", "fr", "el", "he", "hi", "hu", "id", "it", "ja", "ko", "nl",
    "pl", "pt", "ru", "sv", "tr", "uk", "ur", "vi", "zh", "zht",
];

/// English-name columns of the admin-0 table, matched as primary names.
const ENGLISH_COLUMNS: [&str; 10] = [
    "NAME",
    "NAME_LONG",
    "ADMIN",
    "FORMAL_EN",
    "NAME_SORT",
    "NAME_CIAWF",
    "BRK_NAME",
    "GEOUNIT",
    "SUBUNIT",
    "NAME_EN",
];

/// One admin-0 country.
#[derive(Debug, Clone, PartialEq)]
pub struct Country {
    pub name: String,
    pub iso_a2: Option<String>,
    pub iso_a3: Option<String>,
    pub adm0_a3: String,
    /// Label point, degrees east / north.
    pub lon: f64,
    pub lat: f64,
    pub population: u64,
    pub ne_id: u64,
    pub english_names: Vec<String>,
    pub other_names: Vec<String>,
    /// The outline from the `.shp` beside the `.dbf`, when there is one.
    pub shape: Option<geo::MultiPolygon<f64>>,
}

/// Outlines of a shapefile, in record order; `None` when there is no `.shp` beside the `.dbf`.
fn read_outlines(dbf: &Path) -> Result<Option<Vec<Option<geo::MultiPolygon<f64>>>>, ImportError> {
    let shp = dbf.with_extension("shp");
    if !shp.exists() {
        return Ok(None);
    }
    let bad =
        |e: shapefile::Error| ImportError::parse(&shp, 0, format!("not a readable shapefile: {e}"));
    let mut reader = shapefile::ShapeReader::from_path(&shp).map_err(bad)?;
    let mut out = Vec::new();
    for shape in reader.iter_shapes() {
        out.push(match shape.map_err(bad)? {
            shapefile::Shape::Polygon(p) => geo::MultiPolygon::try_from(p).ok(),
            _ => None,
        });
    }
    Ok(Some(out))
}

/// Read every admin-0 record of a Natural Earth countries `.dbf` file, with its outline when the
/// `.shp` is beside it.
pub fn read_countries(path: &Path) -> Result<Vec<Country>, ImportError> {
    let bad = |message: String| ImportError::parse(path, 0, message);
    let mut reader = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::UnicodeLossy)
        .open(path)
        .map_err(|e| bad(format!("not a readable dBase table: {e}")))?;
    let outlines = read_outlines(path)?;
    let mut out = Vec::new();
    for (i, record) in reader.iter_records().enumerate() {
        let record = record.map_err(|e| {
            ImportError::parse(path, i as u64 + 1, format!("record {}: {e}", i + 1))
        })?;
        let text = |field: &str| -> Option<String> {
            match record.get(field) {
                Some(dbase::FieldValue::Character(Some(s))) => {
                    let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
                    (!s.is_empty() && s != "-99").then(|| s.to_string())
                }
                _ => None,
            }
        };
        let number = |field: &str| -> Option<f64> {
            match record.get(field) {
                Some(dbase::FieldValue::Numeric(Some(v))) => Some(*v),
                Some(dbase::FieldValue::Float(Some(v))) => Some(*v as f64),
                Some(dbase::FieldValue::Double(v)) => Some(*v),
                Some(dbase::FieldValue::Integer(v)) => Some(*v as f64),
                _ => None,
            }
        };
        let row = i as u64 + 1;
        let name = text("NAME")
            .ok_or_else(|| ImportError::parse(path, row, "record has no NAME".into()))?;
        let (lon, lat) = match (number("LABEL_X"), number("LABEL_Y")) {
            (Some(x), Some(y)) if x.abs() <= 180.0 && y.abs() <= 90.0 => (x, y),
            _ => {
                return Err(ImportError::parse(
                    path,
                    row,
                    format!("country '{name}' has no valid LABEL_X/LABEL_Y label point"),
                ))
            }
        };
        let mut english_names: Vec<String> =
            ENGLISH_COLUMNS.iter().filter_map(|c| text(c)).collect();
        if let Some(alt) = text("NAME_ALT") {
            english_names.extend(
                alt.split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
        }
        let other_names = LANGUAGES
            .iter()
            .filter(|l| **l != "en")
            .filter_map(|l| text(&format!("NAME_{}", l.to_uppercase())))
            .collect();
        out.push(Country {
            iso_a2: text("ISO_A2_EH").filter(|c| is_code(c, 2)),
            iso_a3: text("ISO_A3_EH").filter(|c| is_code(c, 3)),
            adm0_a3: text("ADM0_A3").unwrap_or_default(),
            lon,
            lat,
            population: number("POP_EST")
                .filter(|p| *p > 0.0)
                .map(|p| p as u64)
                .unwrap_or(0),
            ne_id: number("NE_ID").map(|v| v as u64).unwrap_or(0),
            name,
            english_names,
            other_names,
            shape: outlines.as_ref().and_then(|o| o.get(i).cloned().flatten()),
        });
    }
    if let Some(o) = &outlines {
        if o.len() != out.len() {
            return Err(ImportError::parse(
                &path.with_extension("shp"),
                0,
                format!(
                    "has {} shapes but the .dbf has {} records",
                    o.len(),
                    out.len()
                ),
            ));
        }
    }
    Ok(out)
}

fn is_code(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// One admin-1 state or province.
#[derive(Debug, Clone, PartialEq)]
pub struct Admin1 {
    pub name: String,
    pub country: Option<String>,
    /// GeoNames join key `CC.code` (`US.TX`, `CA.08`), when Natural Earth records one.
    pub geonames_code: Option<String>,
    pub adm1_code: String,
    /// Label point, degrees east / north.
    pub lon: f64,
    pub lat: f64,
    pub ne_id: u64,
    pub english_names: Vec<String>,
    pub other_names: Vec<String>,
    /// Postal code and ISO 3166-2 code.
    pub codes: Vec<String>,
    /// The Natural Earth map unit (`geonunit`) when it differs from the country: England,
    /// Scotland, Flemish Region, Zanzibar, Azores.
    pub unit: Option<String>,
    /// The outline, degrees east / north; used to place cities whose GeoNames admin-1 code has no
    /// Natural Earth match, and to find map units' label points.
    pub shape: Option<geo::MultiPolygon<f64>>,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    geometry: Option<geojson::Geometry>,
}

/// A GeoJSON Polygon or MultiPolygon as polygons (`None` for other geometries).
pub(crate) fn multi_polygon(g: &geojson::Geometry) -> Option<geo::MultiPolygon<f64>> {
    match geo::Geometry::<f64>::try_from(g).ok()? {
        geo::Geometry::Polygon(p) => Some(geo::MultiPolygon(vec![p])),
        geo::Geometry::MultiPolygon(m) => Some(m),
        _ => None,
    }
}

/// Read every feature of a Natural Earth admin-1 GeoJSON file (`ne_10m_admin_1_states_provinces`
/// properties and polygons).
pub fn read_admin1(path: &Path) -> Result<Vec<Admin1>, ImportError> {
    let reader = open(path)?;
    let fc: FeatureCollection = serde_json::from_reader(reader).map_err(|e| {
        ImportError::parse(
            path,
            e.line() as u64,
            format!("not a GeoJSON FeatureCollection: {e}"),
        )
    })?;
    let mut out = Vec::with_capacity(fc.features.len());
    for (i, f) in fc.features.iter().enumerate() {
        let p = &f.properties;
        let text = |k: &str| -> Option<String> {
            p.get(k)
                .and_then(|v| v.as_str())
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "-99")
                .map(str::to_string)
        };
        let number = |k: &str| p.get(k).and_then(|v| v.as_f64());
        let Some(name) = text("name") else { continue };
        let (lon, lat) = match (number("longitude"), number("latitude")) {
            (Some(x), Some(y)) if x.abs() <= 180.0 && y.abs() <= 90.0 => (x, y),
            _ => {
                return Err(ImportError::parse(
                    path,
                    0,
                    format!(
                        "feature {} ('{name}') has no valid longitude/latitude label point",
                        i + 1
                    ),
                ))
            }
        };
        let mut english_names = vec![name.clone()];
        english_names.extend(text("name_en"));
        let mut other_names: Vec<String> = Vec::new();
        for key in ["name_alt", "gn_name", "woe_name", "gns_name", "name_local"] {
            if let Some(v) = text(key) {
                other_names.extend(
                    v.split('|')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                );
            }
        }
        other_names.extend(
            LANGUAGES
                .iter()
                .filter(|l| **l != "en")
                .filter_map(|l| text(&format!("name_{l}"))),
        );
        let codes = ["postal", "iso_3166_2"]
            .iter()
            .filter_map(|k| text(k))
            .collect();
        let unit = text("geonunit").filter(|u| Some(u) != text("admin").as_ref());
        out.push(Admin1 {
            country: text("iso_a2").filter(|c| is_code(c, 2)),
            geonames_code: text("gn_a1_code").filter(|c| c.len() > 3 && c.as_bytes()[2] == b'.'),
            adm1_code: text("adm1_code").unwrap_or_default(),
            lon,
            lat,
            ne_id: number("ne_id").map(|v| v as u64).unwrap_or(0),
            name,
            english_names,
            other_names,
            codes,
            unit,
            shape: f.geometry.as_ref().and_then(multi_polygon),
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct LanguageFile {
    countries: BTreeMap<String, OneOrMany>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// Read an `i18n-iso-countries` language file (`langs/en.json`): ISO alpha-2 → names.
pub fn read_country_aliases(path: &Path) -> Result<BTreeMap<String, Vec<String>>, ImportError> {
    let reader = open(path)?;
    let file: LanguageFile = serde_json::from_reader(reader).map_err(|e| {
        ImportError::parse(
            path,
            e.line() as u64,
            format!("not an i18n-iso-countries language file: {e}"),
        )
    })?;
    Ok(file
        .countries
        .into_iter()
        .map(|(code, names)| {
            let names = match names {
                OneOrMany::One(n) => vec![n],
                OneOrMany::Many(v) => v,
            };
            (code, names)
        })
        .collect())
}
