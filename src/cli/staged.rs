//! Layer files written as features stream past: one file per layer and streaming format
//! (GeoJSON, GeoJSON text sequences) in the build's staging folder ([`crate::mapdir::Stage`]),
//! opened at the layer's first feature and fed one feature at a time, so that a million-row
//! table never sits in memory. At the end each is closed with its bounding box and synced; the
//! stage's commit puts them in place with the build's other files, and a stage dropped before
//! that takes them with it, leaving the previous map as it was.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::geodesy::bbox::BboxBuilder;
use crate::geodesy::LonLat;
use crate::layers::{Feature, Geometry, LayerName};
use crate::output::geojson::GeoJsonWriter;
use crate::output::geojsonseq::GeoJsonSeqWriter;
use crate::output::{FeatureSink, Format};

/// Bytes buffered before a write to the file.
const BUFFER: usize = 1 << 20;

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

/// Features between two requests to start writing to disk: the final sync then waits for
/// the last stretch only, not for the whole file.
const FLUSH_EVERY: u32 = 50_000;

impl Sink {
    fn file(&self) -> &File {
        match self {
            Sink::Json(w) => w.get_ref().get_ref(),
            Sink::Seq(w) => w.get_ref().get_ref(),
        }
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

/// One layer's files, in every streaming format asked for.
struct LayerSlot {
    name: LayerName,
    /// Each format's file: the format, its name in the folder, the path shown, the open file.
    files: Vec<(Format, String, PathBuf, Option<Open>)>,
    bbox: BboxBuilder,
    count: u64,
    /// The first feature's geometry (its type decides the QGIS style).
    first: Option<Geometry>,
    /// False for a layer left out by `--layers`.
    selected: bool,
}

/// The streaming layer files of one build.
pub struct StagedLayers {
    dir: PathBuf,
    slots: Vec<LayerSlot>,
}

/// A layer file, finished (or never opened: the layer had no feature).
pub struct Finished {
    pub layer: LayerName,
    /// The path shown: in the output folder, where the commit puts it.
    pub path: PathBuf,
    pub count: u64,
    /// True when the file was written.
    pub written: bool,
}

impl StagedLayers {
    /// Files in the staging folder `dir` for every layer in each of `formats` that streams (the
    /// others are left out), shown as in `shown`, the output folder. `layers` are the layers
    /// written (empty: all); features of the others are dropped.
    pub fn new(dir: &Path, shown: &Path, formats: &[Format], layers: &[LayerName]) -> StagedLayers {
        let streaming: Vec<Format> = formats
            .iter()
            .copied()
            .filter(|f| matches!(f, Format::GeoJson | Format::GeoJsonSeq))
            .collect();
        let slots = LayerName::ALL
            .iter()
            .map(|&name| LayerSlot {
                name,
                files: streaming
                    .iter()
                    .map(|&f| {
                        let file = format!("{}.{}", name.as_str(), f.extension());
                        let path = shown.join(&file);
                        (f, file, path, None)
                    })
                    .collect(),
                bbox: BboxBuilder::default(),
                count: 0,
                first: None,
                selected: layers.is_empty() || layers.contains(&name),
            })
            .collect();
        StagedLayers {
            dir: dir.to_path_buf(),
            slots,
        }
    }

    /// Write one feature of a layer to each of its files.
    pub fn feature(&mut self, layer: LayerName, f: &Feature) -> anyhow::Result<()> {
        self.write(
            layer,
            |bbox| f.geometry.extend_bbox(bbox),
            || f.geometry.clone(),
            |sink| sink.sink().feature(f),
        )
    }

    /// Write one Point feature of a layer, already written as GeoJSON (by
    /// [`crate::layers::write_point`]), to each of its files.
    pub fn raw_point(&mut self, layer: LayerName, at: LonLat, json: &[u8]) -> anyhow::Result<()> {
        self.write(
            layer,
            |bbox| bbox.add_point(at),
            || Geometry::Point(at),
            |sink| match sink {
                Sink::Json(w) => w.raw_feature(json),
                Sink::Seq(w) => w.raw_feature(json),
            },
        )
    }

    /// Count a feature in its layer's box and count, and write it to each of the layer's files
    /// (opened at its first feature).
    fn write(
        &mut self,
        layer: LayerName,
        extend: impl FnOnce(&mut BboxBuilder),
        geometry: impl FnOnce() -> Geometry,
        mut write: impl FnMut(&mut Sink) -> io::Result<()>,
    ) -> anyhow::Result<()> {
        let dir = &self.dir;
        let Some(slot) = self
            .slots
            .iter_mut()
            .find(|s| s.name == layer && s.selected)
        else {
            return Ok(());
        };
        extend(&mut slot.bbox);
        slot.count += 1;
        if slot.first.is_none() {
            slot.first = Some(geometry());
        }
        for (format, file, path, open) in &mut slot.files {
            if open.is_none() {
                *open = Some(create(&dir.join(&*file), *format, layer, path)?);
            }
            if let Some(o) = open {
                write(&mut o.sink).with_context(|| format!("cannot write {}", path.display()))?;
                o.since_flush += 1;
                if o.since_flush >= FLUSH_EVERY {
                    o.since_flush = 0;
                    start_writeback(o.sink.file());
                }
            }
        }
        Ok(())
    }

    /// True when the layer is written (not left out by `--layers`).
    pub fn selected(&self, layer: LayerName) -> bool {
        self.slots.iter().any(|s| s.name == layer && s.selected)
    }

    /// Features written to a layer so far.
    pub fn count(&self, layer: LayerName) -> u64 {
        self.slots
            .iter()
            .find(|s| s.name == layer)
            .map_or(0, |s| s.count)
    }

    /// The geometry of a layer's first feature.
    pub fn first_geometry(&self, layer: LayerName) -> Option<&Geometry> {
        self.slots
            .iter()
            .find(|s| s.name == layer)
            .and_then(|s| s.first.as_ref())
    }

    /// Close every file with its layer's bounding box and sync it. A layer with no feature has
    /// no file (`written` is false).
    pub fn finish(self) -> anyhow::Result<Vec<Finished>> {
        let mut out = Vec::new();
        for slot in self.slots {
            let bbox = slot.bbox.finish();
            for (_, _, path, open) in slot.files {
                let written = match open {
                    None => false,
                    Some(mut o) => {
                        let done = o.sink.sink().end(bbox).and_then(|_| {
                            let file = o.sink.into_file()?;
                            file.sync_all()
                        });
                        done.with_context(|| format!("cannot write {}", path.display()))?;
                        true
                    }
                };
                out.push(Finished {
                    layer: slot.name,
                    path,
                    count: slot.count,
                    written,
                });
            }
        }
        Ok(out)
    }
}

/// Create a layer file at `at` in the staging folder (`shown` in messages) and begin its layer.
fn create(at: &Path, format: Format, layer: LayerName, shown: &Path) -> anyhow::Result<Open> {
    let file = File::create(at).with_context(|| format!("cannot write {}", shown.display()))?;
    let out = BufWriter::with_capacity(BUFFER, file);
    let mut sink = match format {
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
