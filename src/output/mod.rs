//! Writers: every output of a map is one [`MapWriter`] ([`map_writer`]): GeoJSON and GeoJSON text
//! sequences ([`layer_files`], streamed), FlatGeobuf ([`fgb`]) and the GeoPackage ([`gpkg`]),
//! which need whole layers, the QGIS styles ([`qml`]) and the pictures ([`picture`]: [`svg`],
//! [`html`]). A writer never sees the scenario and never resolves a name. The two JSON formats
//! encode a layer through one [`FeatureSink`], fed a layer's features one at a time (also used by
//! `resolve --geojson`); [`point_json`] writes table rows' points as GeoJSON text directly.
//! Writers round coordinates to 6 decimals ([`crate::geodesy::precision`]) and write bytes that
//! depend on nothing but the input.

pub mod extent;
pub mod fgb;
pub mod geojson;
pub mod geojsonseq;
pub mod gpkg;
pub mod html;
pub mod json_text;
pub mod layer_files;
pub mod map_writer;
pub mod markup;
pub mod owned;
pub mod picture;
pub mod point_json;
pub mod qml;
pub mod quantise;
pub mod schema;
pub mod svg;

use std::io;

use crate::geodesy::bbox::Bbox;
use crate::layers::{Feature, Layer, LayerName};

pub use map_writer::{Dest, Intake, MapSummary, MapWriter, Tally, Written};

/// A streaming encoder of one layer (GeoJSON, GeoJSON text sequences).
pub trait FeatureSink {
    /// Start a layer.
    fn begin(&mut self, layer: LayerName) -> io::Result<()>;
    /// Write one feature.
    fn feature(&mut self, feature: &Feature) -> io::Result<()>;
    /// End the layer; `bbox` is the box around every feature written, if any.
    fn end(&mut self, bbox: Option<Bbox>) -> io::Result<()>;
}

/// An output format for layer files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "snake_case")]
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
}

/// Feed a whole layer to a sink.
pub fn write_layer(sink: &mut dyn FeatureSink, layer: &Layer) -> io::Result<()> {
    sink.begin(layer.name)?;
    for f in &layer.features {
        sink.feature(f)?;
    }
    sink.end(layer.bbox())
}

/// The writers of a map in these formats (and pictures), in the order their files are listed.
pub fn writers(formats: &[Format], svg: bool, html: bool) -> Vec<Box<dyn MapWriter>> {
    let mut out: Vec<Box<dyn MapWriter>> = Vec::new();
    for f in [Format::GeoJson, Format::GeoJsonSeq] {
        if formats.contains(&f) {
            out.push(Box::new(layer_files::LayerFiles::new(f)));
        }
    }
    if formats.contains(&Format::Fgb) {
        out.push(Box::new(fgb::FgbFiles));
    }
    // The QGIS style beside the layer files (QGIS loads a same-named .qml by itself).
    if formats.iter().any(|f| f.per_layer()) {
        out.push(Box::new(qml::QmlFiles));
    }
    if formats.contains(&Format::Gpkg) {
        out.push(Box::new(gpkg::GpkgFile));
    }
    if svg {
        out.push(Box::new(picture::Picture::svg()));
    }
    if html {
        out.push(Box::new(picture::Picture::html()));
    }
    out
}
