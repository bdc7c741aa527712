//! The one trait every output of a whole map implements, [`MapWriter`]: GeoJSON and GeoJSON text
//! sequences (a file per layer, fed features as they are computed), FlatGeobuf (a file per layer
//! with an index over all of it), the GeoPackage (every layer a table), the QGIS styles beside
//! the layer files, the SVG map and the HTML preview. A writer says in [`MapWriter::intake`] what
//! it needs — each feature as it comes, the whole layers at the end, or only the layers' counts —
//! and the build gives it just that ([`super::writers`] picks them for a map's formats). Every file goes into the build's staging folder, synced, and
//! each writer says which lines of the build's summary are its own ([`Written`]).

use std::io::Write as _;
use std::path::Path;

use anyhow::Context;

use crate::geodesy::bbox::{Bbox, BboxBuilder};
use crate::geodesy::LonLat;
use crate::layers::{Feature, Geometry, Layer, LayerName};
use crate::shapes::CountryShapes;

/// What a writer needs to be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// Every feature as it is computed, in order within each layer ([`MapWriter::feature`]).
    Stream,
    /// The whole layers at the end ([`MapSummary::layers`]): a schema before the rows, an index
    /// over all, a picture of everything.
    WholeLayers,
    /// Only each layer's count and first geometry ([`MapSummary::count`]).
    Counts,
}

/// What the build tallies of each layer as its features pass.
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub count: u64,
    pub bbox: BboxBuilder,
    /// The first feature's geometry (its type decides the QGIS style).
    pub first: Option<Geometry>,
}

impl Tally {
    /// Count a feature with its box (and keep its geometry when it is the first).
    pub fn add(&mut self, extend: impl FnOnce(&mut BboxBuilder), first: impl FnOnce() -> Geometry) {
        extend(&mut self.bbox);
        self.count += 1;
        if self.first.is_none() {
            self.first = Some(first());
        }
    }
}

/// The map as every writer sees it at the end.
pub struct MapSummary<'a> {
    /// The map's title (the scenarios' titles; for tables alone, their file names).
    pub title: &'a str,
    /// Each layer's tally, in [`LayerName::ALL`] order; layers left out count nothing.
    pub tallies: &'a [Tally; LayerName::ALL.len()],
    /// The layers written, whole, when some writer's intake is [`Intake::WholeLayers`] (else
    /// without features).
    pub layers: &'a [Layer],
    /// The basemap of the pictures.
    pub shapes: &'a CountryShapes<'a>,
}

impl MapSummary<'_> {
    fn tally(&self, name: LayerName) -> &Tally {
        &self.tallies[name.index()]
    }

    /// Features of a layer.
    pub fn count(&self, name: LayerName) -> u64 {
        self.tally(name).count
    }

    /// The box around a layer's features.
    pub fn bbox(&self, name: LayerName) -> Option<Bbox> {
        self.tally(name).bbox.finish()
    }

    /// The geometry of a layer's first feature.
    pub fn first(&self, name: LayerName) -> Option<&Geometry> {
        self.tally(name).first.as_ref()
    }

    /// Features of every layer.
    pub fn features(&self) -> u64 {
        self.tallies.iter().map(|t| t.count).sum()
    }

    /// The layers that have features.
    pub fn non_empty(&self) -> impl Iterator<Item = &Layer> {
        self.layers.iter().filter(|l| !l.features.is_empty())
    }
}

/// Where a writer's files go.
#[derive(Debug, Clone, Copy)]
pub struct Dest<'a> {
    /// The staging folder, where files are written.
    pub stage: &'a Path,
    /// The output folder, where the build puts them: named in messages and the summary.
    pub shown: &'a Path,
}

impl Dest<'_> {
    /// Write a whole file into the staging folder and sync it.
    pub fn write(&self, file: &str, bytes: &[u8]) -> anyhow::Result<()> {
        std::fs::File::create(self.stage.join(file))
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.sync_all()
            })
            .with_context(|| format!("cannot write {}", self.shown.join(file).display()))
    }
}

/// One line of the build's summary: what a file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The layer, or `None` for a file of every layer (a picture).
    pub layer: Option<LayerName>,
    pub features: u64,
    /// The file as shown: its path in the output folder, and what it is when that says more
    /// (`map/map.gpkg (table strikes)`, `map/index.html (preview)`).
    pub file: String,
}

/// A writer of a whole map.
pub trait MapWriter {
    /// What it needs to be given.
    fn intake(&self) -> Intake;
    /// One feature of a layer as it is computed (called for [`Intake::Stream`] writers only).
    fn feature(
        &mut self,
        layer: LayerName,
        feature: &Feature,
        dest: &Dest<'_>,
    ) -> anyhow::Result<()> {
        let _ = (layer, feature, dest);
        Ok(())
    }
    /// True when the writer takes a Point feature already written as GeoJSON text
    /// ([`super::point_json`]), which a table of a million rows streams without building each
    /// feature; the build writes rows so only when every writer does.
    fn takes_json(&self) -> bool {
        false
    }
    /// One Point feature of a layer as GeoJSON text, at `at` (when [`MapWriter::takes_json`]).
    fn json_point(
        &mut self,
        layer: LayerName,
        at: LonLat,
        json: &[u8],
        dest: &Dest<'_>,
    ) -> anyhow::Result<()> {
        let _ = (layer, at, json, dest);
        anyhow::bail!("internal error: this writer takes no GeoJSON text")
    }
    /// Write what is left into the staging folder, synced; the summary's lines of its files.
    fn finish(
        self: Box<Self>,
        map: &MapSummary<'_>,
        dest: &Dest<'_>,
    ) -> anyhow::Result<Vec<Written>>;
}
