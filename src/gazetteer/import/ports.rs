//! Seaports for the gazetteer: a GeoJSON FeatureCollection of points, each with a `name` and a
//! UN/LOCODE `port` (`AEJEA` — country `AE`, place `JEA`), as searoute's `data/ports.geojson`
//! has them (3,962 ports). The LOCODE gives the port's country; its point is the port itself,
//! which is what a sea route should start from.

use std::path::Path;

use serde::Deserialize;

use super::{open, ImportError};

/// One port as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// The name without what port lists add to it: `Portland (Me)` is Portland, in Maine;
    /// `Dumai, Sumatra` is Dumai, on Sumatra.
    pub name: String,
    /// A terminal's or an older name given in brackets: `Kuantan (Tanjong Gelang)`.
    pub also: Option<String>,
    /// The UN/LOCODE, upper case (five characters, or fewer in a few lists).
    pub locode: String,
    /// The LOCODE as a number (its five bytes), kept as the place's source id.
    pub id: u64,
    pub lon: f64,
    pub lat: f64,
}

#[derive(Deserialize)]
struct Collection {
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    geometry: Option<RawGeometry>,
    properties: Option<RawProperties>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<f64>,
}

#[derive(Deserialize)]
struct RawProperties {
    name: Option<String>,
    port: Option<String>,
}

/// True for a UN/LOCODE as port lists write them: two letters of a country, then up to three
/// letters or digits (searoute has a few such as `AUTR0`, and `EG` alone).
fn is_locode(code: &str) -> bool {
    let b = code.as_bytes();
    (2..=5).contains(&b.len())
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..].iter().all(u8::is_ascii_alphanumeric)
}

/// Read the ports of a file. A feature without a point, a name or a LOCODE is an error naming
/// it (by its place in the list), not skipped silently.
pub fn read_ports(path: &Path) -> Result<Vec<Port>, ImportError> {
    let reader = open(path)?;
    let collection: Collection = serde_json::from_reader(reader).map_err(|e| {
        ImportError::parse(
            path,
            e.line() as u64,
            format!("not a GeoJSON FeatureCollection of ports: {e}"),
        )
    })?;
    let mut out = Vec::with_capacity(collection.features.len());
    for (i, f) in collection.features.into_iter().enumerate() {
        let bad = |what: &str| {
            ImportError::parse(
                path,
                1,
                format!("feature {}: {what}; hint: each port is a Point with properties name and port (a UN/LOCODE such as AEJEA)", i + 1),
            )
        };
        let point = match f.geometry {
            Some(g) if g.kind == "Point" && g.coordinates.len() >= 2 => g.coordinates,
            _ => return Err(bad("no Point geometry")),
        };
        let (lon, lat) = (point[0], point[1]);
        if !(lon.abs() <= 180.0 && lat.abs() <= 90.0) {
            return Err(bad(&format!("coordinates {lon}, {lat} are out of range")));
        }
        let props = f.properties.ok_or_else(|| bad("no properties"))?;
        let name = props
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .ok_or_else(|| bad("no name"))?;
        let locode = props
            .port
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| is_locode(c))
            .ok_or_else(|| bad(&format!("port '{name}' has no UN/LOCODE")))?;
        let id = locode.bytes().fold(0u64, |n, b| (n << 8) | u64::from(b));
        let (name, also) = split_name(&name);
        out.push(Port {
            name,
            also,
            locode,
            id,
            lon,
            lat,
        });
    }
    Ok(out)
}

/// A port list's name, as the name and what is in its brackets: a state's abbreviation
/// (`(Me)`, `(Fl)`) qualifies the name and is dropped; anything longer is another name. A region
/// after a comma qualifies it too.
fn split_name(full: &str) -> (String, Option<String>) {
    let head = full.split(',').next().unwrap_or(full).trim();
    match head.split_once('(') {
        Some((name, rest)) if !name.trim().is_empty() => {
            let inner = rest.trim_end_matches(')').trim();
            let also = (inner.chars().count() > 3).then(|| inner.to_string());
            (name.trim().to_string(), also)
        }
        _ => (head.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_port_lists_qualifiers_are_not_part_of_the_name() {
        assert_eq!(
            super::split_name("Portland (Me)"),
            ("Portland".into(), None)
        );
        assert_eq!(
            super::split_name("Kuantan (Tanjong Gelang)"),
            ("Kuantan".into(), Some("Tanjong Gelang".into()))
        );
        assert_eq!(super::split_name("Dumai, Sumatra"), ("Dumai".into(), None));
        assert_eq!(super::split_name("Jebel Ali"), ("Jebel Ali".into(), None));
    }

    use super::*;

    #[test]
    fn reads_searoutes_ports_and_refuses_a_port_without_a_code() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ports.geojson");
        std::fs::write(
            &path,
            r#"{"features": [{"geometry": {"coordinates": [55.051803, 25.019493], "type": "Point"}, "properties": {"cty": "United_arab_emirates", "name": "Jebel Ali", "port": "AEJEA", "t": 1.0}, "type": "Feature"}]}"#,
        )
        .unwrap();
        let ports = read_ports(&path).unwrap();
        assert_eq!(ports.len(), 1);
        assert_eq!(ports[0].name, "Jebel Ali");
        assert_eq!(ports[0].locode, "AEJEA");
        approx::assert_relative_eq!(ports[0].lon, 55.051803);
        std::fs::write(
            &path,
            r#"{"features": [{"geometry": {"coordinates": [55.0, 25.0], "type": "Point"}, "properties": {"name": "Nowhere"}}]}"#,
        )
        .unwrap();
        let err = read_ports(&path).unwrap_err().to_string();
        assert!(err.ends_with("ports.geojson:1: feature 1: port 'Nowhere' has no UN/LOCODE; hint: each port is a Point with properties name and port (a UN/LOCODE such as AEJEA)"), "{err}");
    }
}
