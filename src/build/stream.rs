//! An event table streamed into the map, a chunk of rows at a time, on two threads: one reads,
//! checks and resolves rows (each distinct name once for the whole build) and hands each chunk,
//! every place resolved, to the other, which computes the features by the same code as a
//! scenario's and gives them to the writers as they come — or, for an event whose only feature
//! is a Point and writers that all take GeoJSON text, writes it straight as text
//! ([`crate::output::point_json`]). A bad row stops the build (the first [`SHOWN`] problems are
//! reported, and every bad row counted) unless the plan skips bad rows.

use super::fanout::Fanout;
use super::{Plan, ShowProgress};
use crate::layers::{self, Inputs, Layer, LayerName};
use crate::output::point_json;
use crate::routing::route::Router;
use crate::scenario::resolve::PlaceResolver;
use crate::scenario::{Diagnostic, Diagnostics, Event, Scenario};
use crate::shapes::CountryShapes;
use crate::table::TableReader;

/// Compute the features of some events by the layers and write them (and keep them, for the
/// formats that need whole layers).
fn general(
    events: &[&Event],
    inputs: &Inputs<'_>,
    out: &mut Fanout<'_>,
    mut whole: Option<&mut Vec<Layer>>,
    errors: &mut Diagnostics,
) -> anyhow::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    for name in LayerName::ALL {
        let layer = layers::layer_of(name, events, inputs, errors);
        for f in &layer.features {
            out.feature(name, f)?;
        }
        if let Some(keep) = whole.as_deref_mut() {
            if let Some(k) = keep
                .iter_mut()
                .find(|l| l.name == name && out.selected(name))
            {
                k.features.extend(layer.features);
            }
        }
    }
    Ok(())
}

/// What a table's stream left to report.
#[derive(Default)]
pub struct TableStats {
    /// Bad rows skipped (`--skip-bad-rows`), and the first problems found.
    pub skipped: u64,
    pub first: Vec<Diagnostic>,
    /// Events read and sent to be drawn.
    pub events: u64,
}

/// Bad rows shown in full before the rest are counted.
pub const SHOWN: usize = 20;

impl TableStats {
    /// The warnings of a table's stream.
    pub fn warnings(&self, name: &str, table: &TableReader) -> Vec<String> {
        let mut out: Vec<String> = self
            .first
            .iter()
            .map(|d| format!("{d} (row skipped)"))
            .collect();
        if self.skipped > self.first.len() as u64 {
            out.push(format!("{name}: {} bad rows skipped in all", self.skipped));
        }
        for (kind, rows) in &table.no_layer {
            out.push(format!(
                "{name}: {rows} row{} of event type '{kind}' skipped: no diplomap layer draws it",
                if *rows == 1 { "" } else { "s" }
            ));
        }
        out
    }
}

/// Where a table's features go.
pub struct Drawing<'a, 'o> {
    /// Country outlines (participants, hosts).
    pub shapes: &'a CountryShapes<'a>,
    /// The sea network, loaded at the first sea corridor.
    pub router: &'a mut Option<Router<'static>>,
    pub out: &'a mut Fanout<'o>,
    /// The layers kept whole for the writers that need them, if any does.
    pub whole: Option<&'a mut Vec<Layer>>,
}

/// Stream one table's rows into the layers, a chunk of rows at a time, on two threads: one
/// reads, checks and resolves rows (each distinct name once for the whole build) and hands each
/// chunk, every place resolved, to the other, which computes the features by the same code as
/// a scenario's and writes them as they come. A bad row stops the build (the first [`SHOWN`]
/// problems are reported, and every bad row counted) unless `--skip-bad-rows`.
pub fn stream_table(
    table: &mut TableReader,
    plan: &Plan,
    progress: Option<ShowProgress<'_>>,
    resolver: &mut PlaceResolver<'_>,
    to: Drawing<'_, '_>,
) -> anyhow::Result<TableStats> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Event>>(1);
    // Written chunks go back to the reading thread to be freed where they were allocated
    // (freeing on the other thread makes the allocator contend and hold more memory).
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<Event>>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_rows(table, plan, progress, resolver, tx, done_rx));
        let written = write_rows(rx, done_tx, plan, to);
        let read = reader
            .join()
            .map_err(|_| anyhow::anyhow!("internal error: the table reader panicked"))?;
        // A bad row is the reason to report first: writing stops when reading does.
        let stats = read?;
        written?;
        Ok(stats)
    })
}

/// The reading side of [`stream_table`]: rows in, chunks of resolved events out.
fn read_rows(
    table: &mut TableReader,
    plan: &Plan,
    progress: Option<ShowProgress<'_>>,
    resolver: &mut PlaceResolver<'_>,
    tx: std::sync::mpsc::SyncSender<Vec<Event>>,
    done: std::sync::mpsc::Receiver<Vec<Event>>,
) -> anyhow::Result<TableStats> {
    let mut stats = TableStats::default();
    let mut errors = Diagnostics::default();
    let mut bad = 0u64;
    let mut shown = progress.map(|show| show(&table.name, table.size()));
    loop {
        if let Some(p) = &mut shown {
            p.update(table.rows, table.bytes_read());
        }
        // Free what was written; reuse one of the emptied vectors.
        let mut chunk = Vec::new();
        while let Ok(mut written) = done.try_recv() {
            written.clear();
            chunk = written;
        }
        chunk.reserve(plan.chunk_rows);
        let mut end = false;
        while chunk.len() < plan.chunk_rows {
            let before = errors.0.len();
            let ok = match table.next_event(&mut errors)? {
                None => {
                    end = true;
                    break;
                }
                Some(Err(())) => false,
                Some(Ok(e)) if !plan.filters.keep(&e) => true,
                Some(Ok(mut e)) => {
                    let resolved = resolver.event(&e, &mut errors);
                    if resolved {
                        resolver.materialise(&mut e);
                        chunk.push(e);
                    }
                    resolved
                }
            };
            if ok {
                continue;
            }
            bad += 1;
            if plan.skip_bad_rows {
                let found: Vec<_> = errors.0.drain(before..).collect();
                for d in found {
                    if stats.first.len() < SHOWN {
                        stats.first.push(d);
                    }
                }
                stats.skipped += 1;
            } else {
                break;
            }
        }
        if !errors.is_empty() && !plan.skip_bad_rows {
            // Stop writing, but read on to count every bad row (the first few are shown).
            drop(tx);
            loop {
                let ok = match table.next_event(&mut errors)? {
                    None => break,
                    Some(Err(())) => false,
                    Some(Ok(e)) => resolver.event(&e, &mut errors),
                };
                bad += u64::from(!ok);
                errors.0.truncate(SHOWN);
            }
            if bad > errors.0.len() as u64 {
                anyhow::bail!(
                    "{}\n{}: {bad} bad rows in all; nothing was written; hint: fix them, or pass --skip-bad-rows to leave them out",
                    errors,
                    table.name
                );
            }
            return Err(errors.into());
        }
        stats.events += chunk.len() as u64;
        if !chunk.is_empty() && tx.send(chunk).is_err() {
            // The writing side stopped on an error of its own, which it reports.
            return Ok(stats);
        }
        if end {
            return Ok(stats);
        }
    }
}

/// The writing side of [`stream_table`]: chunks of resolved events in, features out.
fn write_rows(
    rx: std::sync::mpsc::Receiver<Vec<Event>>,
    done: std::sync::mpsc::Sender<Vec<Event>>,
    plan: &Plan,
    to: Drawing<'_, '_>,
) -> anyhow::Result<()> {
    let Drawing {
        shapes,
        router,
        out,
        mut whole,
    } = to;
    // Every place of the events carries its resolution, so no names are looked up here.
    let places = crate::scenario::resolve::Places::default();
    let mut json = Vec::with_capacity(4096);
    for events in rx {
        let chunk = Scenario {
            title: String::new(),
            description: None,
            places: Vec::new(),
            events,
        };
        if router.is_none() && layers::needs_router(std::slice::from_ref(&chunk)) {
            *router = Some(crate::routing::embedded()?);
        }
        let inputs = Inputs {
            scenarios: &[],
            places: &places,
            shapes,
            router: router.as_ref(),
        };
        let mut layer_errors = Diagnostics::default();
        // Events whose only feature is a point are written straight from their properties;
        // the others, in runs between them, by the layers as a scenario's are. Each layer
        // gets its features in row order either way.
        let fast = plan.fast_rows && out.takes_json();
        let mut run: Vec<&Event> = Vec::new();
        // `None` at the end writes the last run.
        for e in chunk.events.iter().map(Some).chain([None]) {
            let point = match e {
                Some(e) => match fast.then(|| layers::point_only(e, &places)).flatten() {
                    Some(layer) => Some((layer, e)),
                    None => {
                        run.push(e);
                        continue;
                    }
                },
                None => None,
            };
            general(&run, &inputs, out, whole.as_deref_mut(), &mut layer_errors)?;
            run.clear();
            if let Some((layer, e)) = point {
                json.clear();
                if let Some(at) = point_json::write_point(&mut json, layer, e, &places) {
                    out.json_point(layer, at, &json)?;
                }
            }
        }
        drop(run);
        layer_errors.into_result()?;
        // The reading thread frees it (if it has finished, it is freed here).
        let _ = done.send(chunk.events);
    }
    Ok(())
}
