//! Reading an areas file for `gazetteer import --areas`: a GeoJSON FeatureCollection of the
//! places that are areas rather than settlements — continents, oceans, seas, gulfs, bays,
//! straits, regions, disputed areas, groups of countries and counties — and airports, each
//! feature one place.
//!
//! Properties of each feature (only `name` and `kind` are required):
//!
//! | property | meaning |
//! |---|---|
//! | `name` | the name shown and matched first |
//! | `kind` | `continent`, `ocean`, `sea`, `gulf`, `bay`, `strait`, `region`, `disputed`, `group`, `county` or `airport` |
//! | `names` | other English names (matched as variants: "Arabian Gulf", "Pacific") |
//! | `alternate_names` | names in other languages or old names (matched as alternates) |
//! | `codes` | abbreviations (matched as codes: "EU", "GCC") |
//! | `country` | ISO 3166-1 alpha-2 code; if absent, a disputed area, a county or an airport takes the country whose outline holds its point |
//! | `admin1` | ISO 3166-2 code of the state or province it lies in (`US-KY`) |
//! | `members` | ISO 3166-1 alpha-2 codes of the countries a group or region is made of; a region with members and no geometry is drawn as their union |
//! | `rank` | prominence, 0 (the most prominent) to 10, as Natural Earth's `scalerank`; default 5 |
//! | `point` | `[lon, lat]`: the representative point (a group's seat); default a point inside the outline, or the centre of the members |
//!
//! The geometry is a Polygon or MultiPolygon (the outline), a Point (an area with no outline,
//! such as a strait Natural Earth lacks) or null (a group, or a region made of its members).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use geo::orient::{Direction, Orient};
use geo::{BoundingRect, Contains, InteriorPoint, Intersects, MultiPolygon};
use serde::Deserialize;

use super::{open, ImportError};
use crate::gazetteer::model::{NameKind, PlaceInput, PlaceKind};
use crate::gazetteer::CountryCode;

/// One area as the file gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub name: String,
    pub kind: PlaceKind,
    pub names: Vec<String>,
    pub alternate_names: Vec<String>,
    pub codes: Vec<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub members: Vec<String>,
    pub rank: u8,
    /// `[lon, lat]` in degrees, from `point` or a Point geometry.
    pub point: Option<(f64, f64)>,
    pub outline: Option<geo::MultiPolygon<f64>>,
}

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    #[serde(default)]
    properties: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    geometry: Option<geojson::Geometry>,
}

/// Read every feature of an areas file. A feature that breaks the rules above fails the
/// import, naming the feature (1-based), its name and what is wrong.
pub fn read_areas(path: &Path) -> Result<Vec<Area>, ImportError> {
    let fc: FeatureCollection = serde_json::from_reader(open(path)?).map_err(|e| {
        ImportError::parse(
            path,
            e.line() as u64,
            format!("not a GeoJSON FeatureCollection of areas: {e}"),
        )
    })?;
    let mut out = Vec::with_capacity(fc.features.len());
    for (i, f) in fc.features.into_iter().enumerate() {
        out.push(read_feature(f).map_err(|message| {
            ImportError::parse(path, 0, format!("feature {}: {message}", i + 1))
        })?);
    }
    Ok(out)
}

fn read_feature(f: Feature) -> Result<Area, String> {
    let p = &f.properties;
    let name = p
        .get("name")
        .and_then(|v| v.as_str())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or("no `name`; hint: every area needs a name")?
        .to_string();
    let kind_word = p.get("kind").and_then(|v| v.as_str()).unwrap_or("");
    let kind = PlaceKind::from_name(kind_word)
        .filter(|k| k.is_area() || matches!(k, PlaceKind::Group | PlaceKind::Airport))
        .ok_or_else(|| {
            format!("'{name}' has kind '{kind_word}'; hint: use one of continent, ocean, sea, gulf, bay, strait, region, disputed, group, county, airport")
        })?;
    let list = |key: &str| -> Result<Vec<String>, String> {
        match p.get(key) {
            None | Some(serde_json::Value::Null) => Ok(Vec::new()),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(|s| s.trim().to_string())
                        .ok_or_else(|| format!("'{name}': `{key}` holds a value that is not text"))
                })
                .filter(|s| s.as_ref().map_or(true, |s| !s.is_empty()))
                .collect(),
            Some(_) => Err(format!("'{name}': `{key}` is not a list of names")),
        }
    };
    let code = |key: &str| -> Result<Option<String>, String> {
        match p.get(key).and_then(|v| v.as_str()) {
            None => Ok(None),
            Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => {
                Ok(Some(c.to_string()))
            }
            Some(c) => Err(format!(
                "'{name}': `{key}` is '{c}'; hint: an ISO 3166-1 alpha-2 code in capitals, such as UA"
            )),
        }
    };
    let members = list("members")?;
    if let Some(bad) = members
        .iter()
        .find(|m| m.len() != 2 || !m.bytes().all(|b| b.is_ascii_uppercase()))
    {
        return Err(format!(
            "'{name}': member '{bad}' is not an ISO 3166-1 alpha-2 code; hint: write members as codes in capitals, such as FR"
        ));
    }
    let rank = match p.get("rank") {
        None | Some(serde_json::Value::Null) => 5,
        Some(v) => v
            .as_f64()
            .filter(|r| (0.0..=10.0).contains(r))
            .map(|r| r.round() as u8)
            .ok_or_else(|| format!("'{name}': `rank` is {v}; hint: a number from 0 to 10"))?,
    };
    let mut point = match p.get("point") {
        None | Some(serde_json::Value::Null) => None,
        Some(v) => Some(lon_lat(v).ok_or_else(|| {
            format!("'{name}': `point` is {v}; hint: [longitude, latitude] in degrees")
        })?),
    };
    let outline = match &f.geometry {
        None => None,
        Some(g) => match geo::Geometry::<f64>::try_from(g) {
            Ok(geo::Geometry::Point(at)) if at.x().abs() <= 180.0 && at.y().abs() <= 90.0 => {
                point.get_or_insert((at.x(), at.y()));
                None
            }
            Ok(geo::Geometry::Polygon(poly)) => Some(geo::MultiPolygon(vec![poly])),
            Ok(geo::Geometry::MultiPolygon(m)) => Some(m),
            _ => {
                return Err(format!(
                    "'{name}': its geometry is neither a Polygon, a MultiPolygon nor a Point on the globe"
                ))
            }
        },
    };
    if outline.is_none() && point.is_none() && members.is_empty() {
        return Err(format!(
            "'{name}' has no outline, no point and no members; hint: give it a geometry, a `point` or `members`"
        ));
    }
    Ok(Area {
        names: list("names")?,
        alternate_names: list("alternate_names")?,
        codes: list("codes")?,
        country: code("country")?,
        admin1: p.get("admin1").and_then(|v| v.as_str()).map(str::to_string),
        members,
        rank,
        point,
        outline,
        kind,
        name,
    })
}

fn lon_lat(v: &serde_json::Value) -> Option<(f64, f64)> {
    let a = v.as_array()?;
    let (lon, lat) = (a.first()?.as_f64()?, a.get(1)?.as_f64()?);
    (lon.abs() <= 180.0 && lat.abs() <= 90.0).then_some((lon, lat))
}

/// What placing the areas needs from the rest of the import: each country's label point and
/// outline, and each admin-1 unit's place index by ISO 3166-2 code.
pub struct Context<'a> {
    pub countries: &'a [super::natural_earth::Country],
    pub admin1_by_code: &'a HashMap<String, u32>,
    /// Outlines are simplified at this tolerance (Ramer–Douglas–Peucker, degrees).
    pub tolerance_deg: f64,
}

/// Turn areas into gazetteer places: outlines simplified and oriented, a region of countries
/// given the union of their outlines, every area a representative point (its `point`, else a
/// point inside its outline, else the centre of its members on the sphere), a disputed area or
/// county the country whose outline holds that point.
pub fn places(areas: Vec<Area>, cx: &Context<'_>) -> Vec<PlaceInput> {
    let by_code: HashMap<&str, &super::natural_earth::Country> = cx
        .countries
        .iter()
        .filter_map(|c| Some((c.iso_a2.as_deref()?, c)))
        .collect();
    let mut simplified: HashMap<String, MultiPolygon<f64>> = HashMap::new();
    let mut out = Vec::with_capacity(areas.len());
    for a in areas {
        let mut outline = a
            .outline
            .as_ref()
            .map(|o| crate::geodesy::simplify::simplify(o, cx.tolerance_deg));
        if outline.is_none() && a.kind != PlaceKind::Group && !a.members.is_empty() {
            for m in &a.members {
                if let Some(shape) = by_code.get(m.as_str()).and_then(|c| c.shape.as_ref()) {
                    simplified.entry(m.clone()).or_insert_with(|| {
                        crate::geodesy::simplify::simplify(shape, cx.tolerance_deg)
                    });
                }
            }
            let parts: Vec<&MultiPolygon<f64>> =
                a.members.iter().filter_map(|m| simplified.get(m)).collect();
            let union = geo::unary_union(parts.iter().copied());
            outline = (!union.0.is_empty()).then(|| union.orient(Direction::Default));
        }
        let members: Vec<CountryCode> = a
            .members
            .iter()
            .filter_map(|m| CountryCode::from_upper(m))
            .collect();
        let point = a
            .point
            .or_else(|| {
                let p = outline.as_ref()?.interior_point()?;
                Some((p.x(), p.y()))
            })
            .or_else(|| {
                centre(
                    a.members
                        .iter()
                        .filter_map(|m| by_code.get(m.as_str()).map(|c| (c.lon, c.lat))),
                )
            });
        let Some((lon, lat)) = point else { continue };
        let country = a.country.clone().or_else(|| match a.kind {
            PlaceKind::Disputed | PlaceKind::County => country_at(cx.countries, lon, lat),
            // An airport on the shore may lie just off the 1:10m outline (Kodiak, Funafuti).
            PlaceKind::Airport => country_at(cx.countries, lon, lat)
                .or_else(|| country_near(cx.countries, lon, lat, AIRPORT_SHORE_DEG)),
            _ => None,
        });
        let mut names = vec![(a.name.clone(), NameKind::Primary)];
        names.extend(a.names.iter().map(|n| (n.clone(), NameKind::Variant)));
        names.extend(
            a.alternate_names
                .iter()
                .map(|n| (n.clone(), NameKind::Alternate)),
        );
        names.extend(a.codes.iter().map(|n| (n.clone(), NameKind::Code)));
        out.push(PlaceInput {
            name: a.name,
            lon,
            lat,
            population: 0,
            country: country.as_deref().and_then(CountryCode::from_upper),
            admin1: a
                .admin1
                .as_ref()
                .and_then(|c| cx.admin1_by_code.get(c).copied()),
            source_id: 0,
            kind: a.kind,
            feature: a.rank,
            population_estimated: false,
            names,
            members,
            outline,
        });
    }
    out
}

/// How far off its country's outline an airport may lie, in degrees (about 11 km).
const AIRPORT_SHORE_DEG: f64 = 0.1;

/// The ISO code of the country whose outline comes nearest a point, if within `max_deg`
/// degrees (planar, on longitude and latitude).
fn country_near(
    countries: &[super::natural_earth::Country],
    lon: f64,
    lat: f64,
    max_deg: f64,
) -> Option<String> {
    use geo::{Distance, Euclidean};
    let point = geo::Point::new(lon, lat);
    countries
        .iter()
        .filter_map(|c| {
            let shape = c.shape.as_ref()?;
            let r = shape.bounding_rect()?;
            let near = point.x() >= r.min().x - max_deg
                && point.x() <= r.max().x + max_deg
                && point.y() >= r.min().y - max_deg
                && point.y() <= r.max().y + max_deg;
            near.then(|| (Euclidean.distance(shape, &point), c))
        })
        .filter(|(d, _)| *d <= max_deg)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .and_then(|(_, c)| c.iso_a2.clone())
}

/// The ISO code of the country whose outline holds a point.
fn country_at(countries: &[super::natural_earth::Country], lon: f64, lat: f64) -> Option<String> {
    let point = geo::Point::new(lon, lat);
    countries
        .iter()
        .find(|c| {
            c.shape.as_ref().is_some_and(|s| {
                s.bounding_rect().is_some_and(|r| r.intersects(&point)) && s.contains(&point)
            })
        })
        .and_then(|c| c.iso_a2.clone())
}

/// The mean of points on the unit sphere, as (lon, lat) degrees; `None` for no points or
/// points that cancel out.
fn centre(points: impl Iterator<Item = (f64, f64)>) -> Option<(f64, f64)> {
    let (mut x, mut y, mut z, mut n) = (0.0, 0.0, 0.0, 0);
    for (lon, lat) in points {
        let (lon, lat) = (lon.to_radians(), lat.to_radians());
        x += lat.cos() * lon.cos();
        y += lat.cos() * lon.sin();
        z += lat.sin();
        n += 1;
    }
    let r = (x * x + y * y + z * z).sqrt();
    (n > 0 && r > 1e-9).then(|| (y.atan2(x).to_degrees(), (z / r).asin().to_degrees()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feature(json: serde_json::Value) -> Result<Area, String> {
        read_feature(serde_json::from_value(json).unwrap())
    }

    #[test]
    fn reads_each_form_of_area() {
        let sea = feature(serde_json::json!({"type": "Feature",
            "properties": {"name": "Red Sea", "kind": "sea", "rank": 1},
            "geometry": {"type": "Polygon", "coordinates": [[[32.0, 30.0], [43.0, 12.0], [44.0, 13.0], [32.0, 30.0]]]}}))
        .unwrap();
        assert_eq!((sea.kind, sea.rank), (PlaceKind::Sea, 1));
        assert!(sea.outline.is_some() && sea.point.is_none());
        let strait = feature(serde_json::json!({"type": "Feature",
            "properties": {"name": "Strait of Hormuz", "kind": "strait"},
            "geometry": {"type": "Point", "coordinates": [56.25, 26.57]}}))
        .unwrap();
        assert_eq!(strait.point, Some((56.25, 26.57)));
        let eu = feature(serde_json::json!({"type": "Feature",
            "properties": {"name": "European Union", "kind": "group", "codes": ["EU"],
                "members": ["FR", "DE"], "point": [4.35, 50.85]}, "geometry": null}))
        .unwrap();
        assert_eq!(eu.members, ["FR", "DE"]);
        assert_eq!(eu.codes, ["EU"]);
    }

    #[test]
    fn says_what_is_wrong_with_a_feature() {
        let err = |json| feature(json).unwrap_err();
        assert_eq!(
            err(serde_json::json!({"properties": {"name": "Red Sea", "kind": "lake"}})),
            "'Red Sea' has kind 'lake'; hint: use one of continent, ocean, sea, gulf, bay, strait, region, disputed, group, county, airport"
        );
        assert_eq!(
            err(serde_json::json!({"properties": {"name": "EU", "kind": "group", "members": ["fr"]}})),
            "'EU': member 'fr' is not an ISO 3166-1 alpha-2 code; hint: write members as codes in capitals, such as FR"
        );
        assert_eq!(
            err(serde_json::json!({"properties": {"name": "Sahel", "kind": "region"}})),
            "'Sahel' has no outline, no point and no members; hint: give it a geometry, a `point` or `members`"
        );
        assert_eq!(
            err(serde_json::json!({"properties": {"kind": "sea"}})),
            "no `name`; hint: every area needs a name"
        );
    }
}
