//! Writers: each output format is one [`FeatureSink`], fed a layer's features one at a time, so
//! a writer never sees the scenario and never resolves a name. Writers round coordinates to 6
//! decimals ([`crate::geodesy::precision`]) and write bytes that depend on nothing but the input.

pub mod geojson;

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

/// Feed a whole layer to a sink.
pub fn write_layer(sink: &mut dyn FeatureSink, layer: &Layer) -> io::Result<()> {
    sink.begin(layer.name)?;
    for f in &layer.features {
        sink.feature(f)?;
    }
    sink.end(layer.bbox())
}
