//! The map's writers, fed as features are computed: each feature of a layer kept by `--layers`
//! is tallied (count, box, first geometry) once and handed to every writer that streams; the
//! layers that some writer needs whole are kept by the build ([`Fanout::whole`]). At the end
//! every writer finishes with the tallies and the whole layers.

use crate::build::Filters;
use crate::geodesy::LonLat;
use crate::layers::{Feature, Geometry, Layer, LayerName};
use crate::output::{Dest, Intake, MapSummary, MapWriter, Tally, Written};
use crate::shapes::CountryShapes;

/// Every writer of one map.
pub struct Fanout<'a> {
    writers: Vec<Box<dyn MapWriter>>,
    /// The writers whose intake is [`Intake::Stream`], by index.
    streaming: Vec<usize>,
    tallies: [Tally; LayerName::ALL.len()],
    /// Layers kept, in [`LayerName::ALL`] order.
    selected: [bool; LayerName::ALL.len()],
    dest: Dest<'a>,
}

impl<'a> Fanout<'a> {
    pub fn new(writers: Vec<Box<dyn MapWriter>>, filters: &Filters, dest: Dest<'a>) -> Self {
        let streaming = (0..writers.len())
            .filter(|&i| writers[i].intake() == Intake::Stream)
            .collect();
        Fanout {
            writers,
            streaming,
            tallies: Default::default(),
            selected: LayerName::ALL.map(|n| filters.layer(n)),
            dest,
        }
    }

    /// True when some writer needs whole layers, which the build then keeps in memory.
    pub fn whole(&self) -> bool {
        self.writers
            .iter()
            .any(|w| w.intake() == Intake::WholeLayers)
    }

    /// True when table rows may be written as GeoJSON text ([`Fanout::json_point`]): no writer
    /// needs whole layers, and every streaming writer takes such text.
    pub fn takes_json(&self) -> bool {
        !self.whole() && self.streaming.iter().all(|&i| self.writers[i].takes_json())
    }

    /// True when the layer is written (not left out by `--layers`).
    pub fn selected(&self, layer: LayerName) -> bool {
        self.selected[layer.index()]
    }

    /// Tally a feature and give it to every streaming writer.
    pub fn feature(&mut self, layer: LayerName, f: &Feature) -> anyhow::Result<()> {
        let i = layer.index();
        if !self.selected[i] {
            return Ok(());
        }
        self.tallies[i].add(|b| f.geometry.extend_bbox(b), || f.geometry.clone());
        for &i in &self.streaming {
            self.writers[i].feature(layer, f, &self.dest)?;
        }
        Ok(())
    }

    /// Tally a Point feature written as GeoJSON text and give it to every streaming writer
    /// (only when [`Fanout::takes_json`]).
    pub fn json_point(&mut self, layer: LayerName, at: LonLat, json: &[u8]) -> anyhow::Result<()> {
        let i = layer.index();
        if !self.selected[i] {
            return Ok(());
        }
        self.tallies[i].add(|b| b.add_point(at), || Geometry::Point(at));
        for &i in &self.streaming {
            self.writers[i].json_point(layer, at, json, &self.dest)?;
        }
        Ok(())
    }

    /// Features of each layer so far, in [`LayerName::ALL`] order.
    pub fn counts(&self) -> Vec<(LayerName, u64)> {
        LayerName::ALL
            .iter()
            .zip(&self.tallies)
            .map(|(&n, t)| (n, t.count))
            .collect()
    }

    /// Finish every writer, in order; the summary's lines of their files.
    pub fn finish(
        self,
        title: &str,
        layers: &[Layer],
        shapes: &CountryShapes<'_>,
    ) -> anyhow::Result<Vec<Written>> {
        let map = MapSummary {
            title,
            tallies: &self.tallies,
            layers,
            shapes,
        };
        let mut out = Vec::new();
        for w in self.writers {
            out.extend(w.finish(&map, &self.dest)?);
        }
        Ok(out)
    }
}
