//! GeoJSON (RFC 7946) writer: one FeatureCollection per layer, one feature per line so that a
//! changed feature is a one-line diff. The collection carries `name` (the layer name, which GDAL
//! and QGIS use) and a `bbox` written after the features (valid JSON in any order, and known only
//! once every feature has streamed past). No `crs` member: RFC 7946 means WGS 84.

use std::io::{self, Write};

use crate::geodesy::bbox::Bbox;
use crate::geodesy::precision::{round6, write6};
use crate::geodesy::LonLat;
use crate::layers::{Feature, Geometry, LayerName};

use super::FeatureSink;

/// Writes GeoJSON to any `Write`.
pub struct GeoJsonWriter<W: Write> {
    out: W,
    first: bool,
}

impl<W: Write> GeoJsonWriter<W> {
    pub fn new(out: W) -> Self {
        Self { out, first: true }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn get_ref(&self) -> &W {
        &self.out
    }
}

fn push_position(buf: &mut Vec<u8>, p: LonLat) {
    buf.push(b'[');
    write6(buf, p.lon);
    buf.push(b',');
    write6(buf, p.lat);
    buf.push(b']');
}

fn position(out: &mut impl Write, p: LonLat) -> io::Result<()> {
    let mut buf = Vec::with_capacity(32);
    push_position(&mut buf, p);
    out.write_all(&buf)
}

/// The head of a Point feature, up to its properties, as [`feature_head`] writes it, into a
/// buffer: the fast path of a million-row table.
pub fn point_feature_head(out: &mut Vec<u8>, id: &str, p: LonLat) {
    out.extend_from_slice(br#"{"type":"Feature","id":"#);
    super::json_text::push_str(out, id);
    out.extend_from_slice(br#","geometry":{"type":"Point","coordinates":"#);
    push_position(out, p);
    out.extend_from_slice(br#"},"properties":"#);
}

/// A list of positions, formatted into one buffer and written at once.
fn positions(out: &mut impl Write, line: &[LonLat]) -> io::Result<()> {
    let mut buf = Vec::with_capacity(2 + line.len() * 24);
    buf.push(b'[');
    for (i, p) in line.iter().enumerate() {
        if i > 0 {
            buf.push(b',');
        }
        push_position(&mut buf, *p);
    }
    buf.push(b']');
    out.write_all(&buf)
}

fn list<T>(
    out: &mut impl Write,
    items: &[T],
    mut each: impl FnMut(&mut dyn Write, &T) -> io::Result<()>,
) -> io::Result<()>
where
{
    out.write_all(b"[")?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        each(out, item)?;
    }
    out.write_all(b"]")
}

/// Write a geometry object. Lines and polygons are always written as MultiLineString and
/// MultiPolygon, even with one part, so that every feature of a layer has the same type: GDAL
/// and QGIS then see one typed layer ("Multi Line String") rather than "Unknown (any)".
pub fn geometry(out: &mut impl Write, g: &Geometry) -> io::Result<()> {
    match g {
        Geometry::Point(p) => {
            out.write_all(br#"{"type":"Point","coordinates":"#)?;
            position(out, *p)?;
        }
        Geometry::Lines(parts) => {
            out.write_all(br#"{"type":"MultiLineString","coordinates":"#)?;
            list(out, parts, |o, part| positions(&mut &mut *o, part))?;
        }
        Geometry::Polygons(polygons) => {
            out.write_all(br#"{"type":"MultiPolygon","coordinates":"#)?;
            list(out, polygons, |o, rings| {
                list(&mut &mut *o, rings, |o, ring| positions(&mut &mut *o, ring))
            })?;
        }
    }
    out.write_all(b"}")
}

/// Write one Feature object (no trailing newline).
pub fn feature(out: &mut impl Write, f: &Feature) -> io::Result<()> {
    feature_head(out, &f.id, &f.geometry)?;
    serde_json::to_writer(&mut *out, &f.properties)?;
    out.write_all(b"}")
}

/// A Feature object up to its properties: `{"type":"Feature","id":…,"geometry":…,"properties":`
/// (the properties object and a closing `}` follow).
pub fn feature_head(out: &mut impl Write, id: &str, g: &Geometry) -> io::Result<()> {
    out.write_all(br#"{"type":"Feature","id":"#)?;
    serde_json::to_writer(&mut *out, id)?;
    out.write_all(br#","geometry":"#)?;
    geometry(out, g)?;
    out.write_all(br#","properties":"#)
}

impl<W: Write> GeoJsonWriter<W> {
    /// Write one Feature already written as JSON (as [`feature`] writes it).
    pub fn raw_feature(&mut self, json: &[u8]) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        self.out.write_all(json)
    }
}

impl<W: Write> GeoJsonWriter<W> {
    /// Start a collection named `name` (a layer's name, or `places` for `resolve --geojson`);
    /// then [`FeatureSink::feature`] and [`FeatureSink::end`] as for a layer.
    pub fn begin_named(&mut self, name: &str) -> io::Result<()> {
        self.first = true;
        self.out
            .write_all(br#"{"type":"FeatureCollection","name":"#)?;
        let mut quoted = Vec::with_capacity(name.len() + 2);
        super::json_text::push_str(&mut quoted, name);
        self.out.write_all(&quoted)?;
        self.out.write_all(br#","features":["#)
    }
}

impl<W: Write> FeatureSink for GeoJsonWriter<W> {
    fn begin(&mut self, layer: LayerName) -> io::Result<()> {
        self.begin_named(layer.as_str())
    }

    fn feature(&mut self, f: &Feature) -> io::Result<()> {
        self.out
            .write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        feature(&mut self.out, f)
    }

    fn end(&mut self, bbox: Option<Bbox>) -> io::Result<()> {
        self.out.write_all(b"\n]")?;
        if let Some(b) = bbox {
            write!(
                self.out,
                r#","bbox":[{},{},{},{}]"#,
                round6(b.west),
                round6(b.south),
                round6(b.east),
                round6(b.north)
            )?;
        }
        self.out.write_all(b"}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_feature_head_is_feature_head() {
        for (id, p) in [
            ("kyiv-strike", LonLat::new(30.5234, 50.4501)),
            ("a \"quoted\" id", LonLat::new(-180.0, -90.0)),
            ("", LonLat::new(0.1 + 0.2, 1e-9)),
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            feature_head(&mut a, id, &Geometry::Point(p)).unwrap();
            point_feature_head(&mut b, id, p);
            assert_eq!(String::from_utf8(a).unwrap(), String::from_utf8(b).unwrap());
        }
    }

    #[test]
    fn coordinates_have_six_decimals_and_no_negative_zero() {
        let mut out = Vec::new();
        geometry(
            &mut out,
            &Geometry::Lines(vec![vec![
                LonLat::new(179.99999999, -0.0000001),
                LonLat::new(180.0, 54.8445134),
            ]]),
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"{"type":"MultiLineString","coordinates":[[[180,0],[180,54.844513]]]}"#
        );
    }
}
