//! Writers: each output format is one [`FeatureSink`], fed a layer's features one at a time, so
//! a writer never sees the scenario and never resolves a name. Writers round coordinates to 6
//! decimals ([`crate::geodesy::precision`]) and write bytes that depend on nothing but the input.

pub mod extent;
pub mod fgb;
pub mod geojson;
pub mod geojsonseq;
pub mod gpkg;
pub mod html;
pub mod json_text;
pub mod markup;
pub mod owned;
pub mod qml;
pub mod quantise;
pub mod schema;
pub mod svg;

use std::io;

use crate::geodesy::bbox::Bbox;
use crate::layers::{Feature, Layer, LayerName};

/// A streaming layer writer.
pub trait FeatureSink {
    /// Start a layer.
    fn begin(&mut self, layer: LayerName) -> io::Result<()>;
    /// Write one feature.
    fn feature(&mut self, feature: &Feature) -> io::Result<()>;
    /// End the layer; `bbox` is the box around every feature written, if any.
    fn end(&mut self, bbox: Option<Bbox>) -> io::Result<()>;
}

/// An output format for layer files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Format {
    /// GeoJSON (RFC 7946), `<layer>.geojson`: one FeatureCollection per layer.
    #[value(name = "geojson")]
    GeoJson,
    /// GeoJSON text sequences (RFC 8142), `<layer>.geojsons`: one record per feature.
    #[value(name = "geojsonseq")]
    GeoJsonSeq,
    /// One GeoPackage, `map.gpkg`, every layer a table.
    #[value(name = "gpkg")]
    Gpkg,
    /// FlatGeobuf, `<layer>.fgb`, with a spatial index.
    #[value(name = "fgb")]
    Fgb,
}

impl Format {
    /// The file name extension of a layer in this format.
    pub fn extension(self) -> &'static str {
        match self {
            Format::GeoJson => "geojson",
            Format::GeoJsonSeq => "geojsons",
            Format::Gpkg => "gpkg",
            Format::Fgb => "fgb",
        }
    }

    /// True when each layer is a file of its own (GeoPackage holds them all in one).
    pub fn per_layer(self) -> bool {
        self != Format::Gpkg
    }

    /// A whole layer in a per-layer format.
    pub fn serialise(self, layer: &Layer) -> io::Result<Vec<u8>> {
        match self {
            Format::Gpkg => Err(io::Error::other(
                "a GeoPackage holds every layer in one file",
            )),
            Format::GeoJson => {
                let mut w = geojson::GeoJsonWriter::new(Vec::new());
                write_layer(&mut w, layer)?;
                Ok(w.into_inner())
            }
            Format::GeoJsonSeq => {
                let mut w = geojsonseq::GeoJsonSeqWriter::new(Vec::new());
                write_layer(&mut w, layer)?;
                Ok(w.into_inner())
            }
            Format::Fgb => {
                let mut w = Buffered::new(fgb::FgbLayerWriter::new());
                write_layer(&mut w, layer)?;
                Ok(w.inner.into_inner())
            }
        }
    }
}

/// A writer that needs a whole layer at once: a schema before the rows, an index over all.
pub trait LayerWriter {
    /// Write one layer; `bbox` is the box around its features, if any.
    fn write_whole(
        &mut self,
        layer: LayerName,
        features: Vec<Feature>,
        bbox: Option<Bbox>,
    ) -> io::Result<()>;
}

/// A [`LayerWriter`] as a streaming [`FeatureSink`]: the features are held until the layer ends.
pub struct Buffered<W> {
    pub inner: W,
    layer: Option<LayerName>,
    pending: Vec<Feature>,
}

impl<W: LayerWriter> Buffered<W> {
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            layer: None,
            pending: Vec::new(),
        }
    }
}

impl<W: LayerWriter> FeatureSink for Buffered<W> {
    fn begin(&mut self, layer: LayerName) -> io::Result<()> {
        self.layer = Some(layer);
        self.pending.clear();
        Ok(())
    }

    fn feature(&mut self, f: &Feature) -> io::Result<()> {
        self.pending.push(f.clone());
        Ok(())
    }

    fn end(&mut self, bbox: Option<Bbox>) -> io::Result<()> {
        let layer = self
            .layer
            .take()
            .ok_or_else(|| io::Error::other("a layer ended before it began"))?;
        let features = std::mem::take(&mut self.pending);
        self.inner.write_whole(layer, features, bbox)
    }
}

/// Feed a whole layer to a sink.
pub fn write_layer(sink: &mut dyn FeatureSink, layer: &Layer) -> io::Result<()> {
    sink.begin(layer.name)?;
    for f in &layer.features {
        sink.feature(f)?;
    }
    sink.end(layer.bbox())
}
