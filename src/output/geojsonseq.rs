//! GeoJSON text sequences (RFC 8142): each feature is one record, an ASCII record separator
//! (0x1E) then the Feature's JSON then a line feed, so a consumer can stream a layer without
//! parsing it whole and can recover after a damaged record. The features are written exactly as
//! the GeoJSON writer writes them ([`super::geojson::feature`]); the sequence has no collection
//! around them, so no layer name and no bbox (the file name carries the layer).

use std::io::{self, Write};

use crate::geodesy::bbox::Bbox;
use crate::layers::{Feature, LayerName};

use super::FeatureSink;

/// The record separator that opens every record.
pub const RS: u8 = 0x1e;

/// Writes a GeoJSON text sequence to any `Write`.
pub struct GeoJsonSeqWriter<W: Write> {
    out: W,
}

impl<W: Write> GeoJsonSeqWriter<W> {
    pub fn new(out: W) -> Self {
        Self { out }
    }

    pub fn into_inner(self) -> W {
        self.out
    }

    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Write one Feature already written as JSON (as [`super::geojson::feature`] writes it).
    pub fn raw_feature(&mut self, json: &[u8]) -> io::Result<()> {
        self.out.write_all(&[RS])?;
        self.out.write_all(json)?;
        self.out.write_all(b"\n")
    }
}

impl<W: Write> FeatureSink for GeoJsonSeqWriter<W> {
    fn begin(&mut self, _layer: LayerName) -> io::Result<()> {
        Ok(())
    }

    fn feature(&mut self, f: &Feature) -> io::Result<()> {
        self.out.write_all(&[RS])?;
        super::geojson::feature(&mut self.out, f)?;
        self.out.write_all(b"\n")
    }

    fn end(&mut self, _bbox: Option<Bbox>) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geodesy::LonLat;
    use crate::layers::Geometry;

    #[test]
    fn one_record_per_feature() {
        let mut w = GeoJsonSeqWriter::new(Vec::new());
        w.begin(LayerName::Meetings).unwrap();
        for (id, lon) in [("a", 1.5), ("b", -2.25)] {
            let f = Feature {
                id: id.into(),
                geometry: Geometry::Point(LonLat::new(lon, 10.0)),
                properties: serde_json::Map::new(),
            };
            w.feature(&f).unwrap();
        }
        w.end(None).unwrap();
        assert_eq!(
            String::from_utf8(w.into_inner()).unwrap(),
            "\u{1e}{\"type\":\"Feature\",\"id\":\"a\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.5,10]},\"properties\":{}}\n\
             \u{1e}{\"type\":\"Feature\",\"id\":\"b\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[-2.25,10]},\"properties\":{}}\n"
        );
    }
}
