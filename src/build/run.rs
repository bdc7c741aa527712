//! Running a [`Plan`]: every stage before anything is written where the map goes — read and
//! check every scenario and table header, resolve every place, compute the scenarios' layers —
//! then features stream into the writers in the build's staging folder as each table is read,
//! the writers finish, and the staging folder replaces the map whole
//! ([`crate::mapdir::Stage::commit`]). A build that fails at any point leaves the previous map
//! as it was.

use std::path::Path;

use super::fanout::Fanout;
use super::report::TableReport;
use super::{checks, compute, stream, Note, Plan, Run, Source, Summary};
use crate::gazetteer::Gazetteer;
use crate::layers::LayerName;
use crate::output::owned::{GPKG_NAME, HTML_NAME, SVG_NAME};
use crate::output::{Dest, Format, Written};
use crate::scenario::resolve::PlaceResolver;
use crate::scenario::{self, Diagnostics, Scenario};
use crate::table::TableReader;

impl Plan {
    /// Build the map; warnings and notes go to `run.log` as they are found, and are kept in the
    /// summary too.
    pub fn run(&self, run: &mut Run<'_>) -> anyhow::Result<Summary> {
        let mut warnings: Vec<String> = Vec::new();
        let mut warn = |log: &mut dyn FnMut(Note<'_>), text: String| {
            log(Note::Warning(&text));
            warnings.push(text);
        };
        let mut scenarios: Vec<Scenario> = Vec::with_capacity(self.sources.len());
        let mut errors = Diagnostics::default();
        for source in &self.sources {
            let (text, name) = read(source)?;
            // Every problem at once: a scenario with problems is still resolved, so an unknown
            // place is reported with a bad date in one run.
            let (parsed, problems) = scenario::toml::parse_all(&text, &name);
            errors.0.extend(problems.0);
            scenarios.extend(parsed);
        }
        checks::duplicate_ids(&scenarios, &mut errors);
        for s in &mut scenarios {
            s.events.retain(|e| self.filters.keep(e));
        }
        // Every table is opened and its header checked before any work.
        let mut tables = self
            .tables
            .iter()
            .map(|source| TableReader::open(source, &self.columns))
            .collect::<anyhow::Result<Vec<_>>>()?;
        checks::property_columns(&scenarios, &tables, &self.formats, &mut errors)?;
        let gaz = Gazetteer::load(run.gazetteer)?;
        let mut resolver = PlaceResolver::new(&scenarios, &gaz, self.strict, &mut errors);
        for e in scenarios.iter().flat_map(|s| &s.events) {
            resolver.event(e, &mut errors);
        }
        errors.into_result()?;
        for w in resolver.warnings.drain(..) {
            warn(run.log, w.to_string());
        }
        let shapes = crate::shapes::embedded()?;
        let mut computed = compute::scenario_layers(&scenarios, &resolver.places, &shapes)?;

        let map =
            crate::mapdir::MapDir::open(&self.output, &mut |line| (run.log)(Note::Info(line)))?;
        let stage = map.stage()?;
        let writers = crate::output::writers(&self.formats, self.svg, self.html);
        let dest = Dest {
            stage: stage.path(),
            shown: &self.output,
        };
        let mut out = Fanout::new(writers, &self.filters, dest);
        // Every feature streams into the writers that stream; the layers some writer needs
        // whole are kept in memory.
        let whole = out.whole();
        for layer in &computed {
            for f in &layer.features {
                out.feature(layer.name, f)?;
            }
        }
        for layer in &mut computed {
            if !whole || !out.selected(layer.name) {
                layer.features = Vec::new();
            }
        }
        let mut router = None;
        let mut tables_done = Vec::new();
        for table in &mut tables {
            let started = std::time::Instant::now();
            let stats = stream::stream_table(
                table,
                self,
                run.progress,
                &mut resolver,
                stream::Drawing {
                    shapes: &shapes,
                    router: &mut router,
                    out: &mut out,
                    whole: whole.then_some(&mut computed),
                },
            )?;
            let seconds = started.elapsed().as_secs_f64();
            for w in resolver.warnings.drain(..) {
                warn(run.log, w.to_string());
            }
            for w in stats.warnings(&table.name, table) {
                warn(run.log, w);
            }
            if run.verbose {
                (run.log)(Note::Info(&format!(
                    "{}: {} rows, {} events, {} bad rows skipped, {} rows of no layer, {seconds:.2} s ({:.0} rows/s)",
                    table.name,
                    table.rows,
                    stats.events,
                    stats.skipped,
                    table.no_layer.values().sum::<u64>(),
                    table.rows as f64 / seconds.max(1e-9),
                )));
            }
            tables_done.push(TableReport {
                name: table.name.clone(),
                rows: table.rows,
                events: stats.events,
                skipped_bad_rows: stats.skipped,
                no_layer: table.no_layer.clone(),
                seconds: (seconds * 1000.0).round() / 1000.0,
            });
        }

        let counts = out.counts();
        let title = self
            .title
            .clone()
            .unwrap_or_else(|| title(&scenarios, &tables));
        let mut rows = out.finish(&title, &computed, &shapes)?;
        drop(computed);
        let committed = stage.commit(self.force)?;
        for w in &committed.warnings {
            warn(run.log, w.clone());
        }
        rows.extend(committed.removed.iter().filter_map(|f| self.removed(f)));
        let files: Vec<String> = rows
            .iter()
            .filter(|r| r.features != 0)
            .map(|r| r.file.clone())
            .collect();
        if rows.is_empty() {
            warn(
                run.log,
                "the scenario has no events, so there are no layers to write".to_string(),
            );
        }
        rows.sort_by_key(|r| r.layer.map(LayerName::index));
        Ok(Summary {
            layers: counts.into_iter().filter(|(_, c)| *c > 0).collect(),
            files,
            warnings,
            tables: tables_done,
            rows,
        })
    }

    /// The summary's line for a file of an earlier build that this one removed, with why (none
    /// for a layer's QGIS style, which goes with its layer).
    fn removed(&self, file: &str) -> Option<Written> {
        let shown = self.output.join(file).display().to_string();
        let row = |layer: Option<LayerName>, why: &str| {
            Some(Written {
                layer,
                features: 0,
                file: format!("{shown} (removed: {why})"),
            })
        };
        match file {
            HTML_NAME if self.html => row(None, "the map is now empty"),
            HTML_NAME => row(None, "no --html"),
            SVG_NAME if self.svg => row(None, "the map is now empty"),
            SVG_NAME => row(None, "no --svg"),
            GPKG_NAME if self.formats.contains(&Format::Gpkg) => row(None, "the map is now empty"),
            GPKG_NAME => row(None, "gpkg is not in --format"),
            _ => {
                let (stem, ext) = file.rsplit_once('.')?;
                let layer = *LayerName::ALL.iter().find(|l| l.as_str() == stem)?;
                if ext == "qml" {
                    return None;
                }
                let format = [Format::GeoJson, Format::GeoJsonSeq, Format::Fgb]
                    .into_iter()
                    .find(|f| f.extension() == ext)?;
                if !self.formats.contains(&format) {
                    row(Some(layer), &format!("{ext} is not in --format"))
                } else if !self.filters.layer(layer) {
                    row(Some(layer), "left out by --layers")
                } else {
                    row(Some(layer), "layer now empty")
                }
            }
        }
    }
}

/// The map's title: the scenarios' titles; for a map of tables alone, the tables' file names.
fn title(scenarios: &[Scenario], tables: &[TableReader]) -> String {
    let mut titles: Vec<String> = scenarios.iter().map(|s| s.title.clone()).collect();
    if titles.is_empty() {
        titles = tables
            .iter()
            .map(|t| {
                Path::new(&t.name)
                    .file_name()
                    .map_or(t.name.clone(), |f| f.to_string_lossy().into_owned())
            })
            .collect();
    }
    titles.join(" · ")
}

/// A scenario's text and the name it is reported by.
fn read(source: &Source) -> anyhow::Result<(String, String)> {
    match source {
        Source::Seed => Ok((scenario::SEED.to_string(), scenario::SEED_NAME.to_string())),
        Source::Stdin => crate::input::read("-", "scenario"),
        Source::File(path) => crate::input::read_file(path, "scenario"),
    }
}
