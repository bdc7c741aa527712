//! The streaming layer files: one file per layer in GeoJSON (`<layer>.geojson`) or GeoJSON text
//! sequences (`<layer>.geojsons`), opened at the layer's first feature in the staging folder and
//! fed one feature at a time, so that a million-row table never sits in memory. At the end each
//! is closed with its layer's bounding box and synced. The kernel is asked to start writing every
//! [`FLUSH_EVERY`] features, so the final sync waits for the last stretch only.

use std::fs::File;
use std::io::{self, BufWriter};

use anyhow::Context;

use super::geojson::GeoJsonWriter;
use super::geojsonseq::GeoJsonSeqWriter;
use super::map_writer::{Dest, Intake, MapSummary, MapWriter, Written};
use super::{FeatureSink, Format};
use crate::geodesy::LonLat;
use crate::layers::{Feature, LayerName};

/// Bytes buffered before a write to the file.
const BUFFER: usize = 1 << 20;

/// Features between two requests to start writing to disk.
pub const FLUSH_EVERY: u32 = 50_000;

enum Sink {
    Json(GeoJsonWriter<BufWriter<File>>),
    Seq(GeoJsonSeqWriter<BufWriter<File>>),
}

impl Sink {
    fn sink(&mut self) -> &mut dyn FeatureSink {
        match self {
            Sink::Json(w) => w,
            Sink::Seq(w) => w,
        }
    }

    fn raw(&mut self, json: &[u8]) -> io::Result<()> {
        match self {
            Sink::Json(w) => w.raw_feature(json),
            Sink::Seq(w) => w.raw_feature(json),
        }
    }

    fn file(&self) -> &File {
        match self {
            Sink::Json(w) => w.get_ref().get_ref(),
            Sink::Seq(w) => w.get_ref().get_ref(),
        }
    }

    fn into_file(self) -> io::Result<File> {
        let buffered = match self {
            Sink::Json(w) => w.into_inner(),
            Sink::Seq(w) => w.into_inner(),
        };
        buffered.into_inner().map_err(|e| e.into_error())
    }
}

/// One layer file being written.
struct Open {
    sink: Sink,
    /// Features written since the disk was last asked to start writing.
    since_flush: u32,
}

/// Every layer's file in one streaming format.
pub struct LayerFiles {
    format: Format,
    /// In [`LayerName::ALL`] order; `None` until the layer's first feature.
    open: [Option<Open>; LayerName::ALL.len()],
}

impl LayerFiles {
    /// The files of `format`, which is [`Format::GeoJson`] or [`Format::GeoJsonSeq`].
    pub fn new(format: Format) -> LayerFiles {
        LayerFiles {
            format,
            open: Default::default(),
        }
    }

    fn file_name(&self, layer: LayerName) -> String {
        format!("{}.{}", layer.as_str(), self.format.extension())
    }

    /// Write to a layer's file, opening it first if this is its first feature.
    fn write(
        &mut self,
        layer: LayerName,
        dest: &Dest<'_>,
        write: impl FnOnce(&mut Sink) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        let i = layer.index();
        if self.open[i].is_none() {
            self.open[i] = Some(self.create(layer, dest)?);
        }
        let ext = self.format.extension();
        let file = || dest.shown.join(format!("{}.{ext}", layer.as_str()));
        let Some(o) = self.open[i].as_mut() else {
            return Ok(());
        };
        write(&mut o.sink).with_context(|| format!("cannot write {}", file().display()))?;
        o.since_flush += 1;
        if o.since_flush >= FLUSH_EVERY {
            o.since_flush = 0;
            start_writeback(o.sink.file());
        }
        Ok(())
    }

    /// Create a layer's file in the staging folder and begin its layer.
    fn create(&self, layer: LayerName, dest: &Dest<'_>) -> anyhow::Result<Open> {
        let name = self.file_name(layer);
        let shown = dest.shown.join(&name);
        let file = File::create(dest.stage.join(&name))
            .with_context(|| format!("cannot write {}", shown.display()))?;
        let out = BufWriter::with_capacity(BUFFER, file);
        let mut sink = match self.format {
            Format::GeoJsonSeq => Sink::Seq(GeoJsonSeqWriter::new(out)),
            _ => Sink::Json(GeoJsonWriter::new(out)),
        };
        sink.sink()
            .begin(layer)
            .with_context(|| format!("cannot write {}", shown.display()))?;
        Ok(Open {
            sink,
            since_flush: 0,
        })
    }
}

impl MapWriter for LayerFiles {
    fn intake(&self) -> Intake {
        Intake::Stream
    }

    fn feature(&mut self, layer: LayerName, f: &Feature, dest: &Dest<'_>) -> anyhow::Result<()> {
        self.write(layer, dest, |sink| sink.sink().feature(f))
    }

    fn takes_json(&self) -> bool {
        true
    }

    fn json_point(
        &mut self,
        layer: LayerName,
        _at: LonLat,
        json: &[u8],
        dest: &Dest<'_>,
    ) -> anyhow::Result<()> {
        self.write(layer, dest, |sink| sink.raw(json))
    }

    /// Close every file with its layer's bounding box and sync it. A layer with no feature has
    /// no file.
    fn finish(
        mut self: Box<Self>,
        map: &MapSummary<'_>,
        dest: &Dest<'_>,
    ) -> anyhow::Result<Vec<Written>> {
        let mut out = Vec::new();
        for (i, layer) in LayerName::ALL.into_iter().enumerate() {
            let Some(mut o) = self.open[i].take() else {
                continue;
            };
            let shown = dest.shown.join(self.file_name(layer));
            o.sink
                .sink()
                .end(map.bbox(layer))
                .and_then(|_| o.sink.into_file()?.sync_all())
                .with_context(|| format!("cannot write {}", shown.display()))?;
            out.push(Written {
                layer: Some(layer),
                features: map.count(layer),
                file: shown.display().to_string(),
            });
        }
        Ok(out)
    }
}

/// Ask the kernel to start writing a file's dirty pages to disk, without waiting (Linux's
/// `sync_file_range`; elsewhere nothing is done and the final sync writes it all).
fn start_writeback(file: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is open for as long as `file` is borrowed; the call only
        // schedules writeback and touches no memory of ours.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}
