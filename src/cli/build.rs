//! `diplomap build`: scenarios in, map layers out. With no scenario it builds the seed story
//! compiled into the binary. Every stage runs before anything is written — parse and check,
//! resolve every place, compute every layer, serialise every file — and then all files are
//! replaced together, so a failed build leaves the previous map as it was.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::output::table;
use super::staged::StagedLayers;
use super::{Outcome, UsageError};
use crate::gazetteer::Gazetteer;
use crate::layers::Layer;
use crate::layers::{self, Inputs, LayerName};
use crate::output::Format;
use crate::scenario::resolve::PlaceResolver;
use crate::scenario::{self, Diagnostics, Scenario};
use crate::table::columns::ColumnSpec;
use crate::table::TableReader;

pub const EXAMPLES: &str = "Examples:
  diplomap build                          # the built-in seed scenario, into map/
  diplomap build story.toml -o maps/story
  diplomap build week1.toml week2.toml    # several scenarios, one map
  cat story.toml | diplomap build - --strict";

/// Table rows read before their features are written, unless `--chunk-rows` says otherwise.
pub const CHUNK_ROWS: usize = 1024;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// Scenario TOML files (`-` reads stdin); none builds the built-in seed scenario.
    #[arg(value_name = "SCENARIO")]
    pub scenarios: Vec<String>,
    /// Folder for the layer files (created if missing).
    #[arg(short, long, value_name = "DIR", default_value = "map")]
    pub output: PathBuf,
    /// Treat fuzzy (misspelt) and ambiguous place names as errors instead of warnings.
    #[arg(long)]
    pub strict: bool,
    /// Output formats, repeatable or comma-separated: geojson (`<layer>.geojson`), geojsonseq
    /// (RFC 8142 text sequences, `<layer>.geojsons`), gpkg (one GeoPackage, `map.gpkg`), fgb
    /// (FlatGeobuf with a spatial index, `<layer>.fgb`).
    #[arg(
        long = "format",
        value_name = "FORMAT",
        value_delimiter = ',',
        default_value = "geojson"
    )]
    pub formats: Vec<Format>,
    /// Replace a `map.gpkg` that diplomap did not write.
    #[arg(long)]
    pub force: bool,
    /// Also draw `map.svg`: every layer on a Natural Earth basemap (Equal Earth projection),
    /// with the title, a legend, place labels and the attribution.
    #[arg(long)]
    pub svg: bool,
    /// Also write `index.html`: an offline preview to open in a browser, with every layer on a
    /// Natural Earth basemap, a layer switcher, a legend, popups and a date slider (Leaflet
    /// inlined; the page makes no network request).
    #[arg(long)]
    pub html: bool,
    /// Event tables to add to the map: CSV or TSV with a header, one event per row (`-` reads
    /// stdin); repeatable. Rows stream, so a table of millions of rows fits in bounded memory.
    #[arg(long = "events", value_name = "FILE")]
    pub events: Vec<String>,
    /// How the tables' columns map to event fields: the preset `acled`, and/or ROLE=HEADER
    /// pairs (repeatable or comma-separated), such as `--columns date=event_date,place=town`.
    #[arg(long, value_name = "MAPPING", value_delimiter = ',')]
    pub columns: Vec<String>,
    /// Leave out bad table rows (reported, and counted) instead of stopping the build.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Rows read before their features are written (memory against overhead; the output is
    /// the same for any value).
    #[arg(long, value_name = "N", default_value_t = CHUNK_ROWS, hide = true)]
    pub chunk_rows: usize,
    /// Compute every table row's features as a scenario's are, with no direct writing of
    /// simple points (the output is the same; tests compare the two).
    #[arg(long, hide = true)]
    pub no_fast_rows: bool,
    /// Seconds a table is read before its progress is shown (tests show it at once).
    #[arg(long, value_name = "SECONDS", default_value_t = 2.0, hide = true)]
    pub progress_after: f64,
    /// Write only these layers (comma-separated); the others are left out, and a file of theirs
    /// left from an earlier build is removed.
    #[arg(long, value_name = "LAYER", value_delimiter = ',')]
    pub layers: Vec<LayerName>,
    /// Keep only events of these kinds (comma-separated).
    #[arg(long, value_name = "KIND", value_delimiter = ',')]
    pub kinds: Vec<crate::scenario::EventKind>,
    /// Keep only events under way on or after this date (ISO 8601); undated events are left out.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep only events under way on or before this date (ISO 8601); undated events are left
    /// out.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Print nothing but errors (no warnings, no summary table).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print, for each event table, its rows, events, skipped rows and speed.
    #[arg(short, long)]
    pub verbose: bool,
    /// Write a JSON report of the build (layers, feature counts, files, warnings, tables,
    /// timings) to FILE, also when the build fails.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

/// Which events and layers a build keeps.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Empty: every layer.
    pub layers: Vec<LayerName>,
    /// Empty: every kind.
    pub kinds: Vec<crate::scenario::EventKind>,
    pub since: Option<crate::scenario::When>,
    pub until: Option<crate::scenario::When>,
}

impl Filters {
    /// True when the event passes the kind and date filters.
    pub fn keep(&self, e: &crate::scenario::Event) -> bool {
        if !self.kinds.is_empty() && !self.kinds.contains(&e.kind) {
            return false;
        }
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let (Some(start), Some(end)) = (e.start, e.end) else {
            return false;
        };
        self.since.is_none_or(|s| end.latest() >= s.earliest())
            && self.until.is_none_or(|u| start.earliest() <= u.latest())
    }

    /// True when the layer is written.
    pub fn layer(&self, name: LayerName) -> bool {
        self.layers.is_empty() || self.layers.contains(&name)
    }
}

/// The GeoPackage's file name in the output folder.
pub use crate::output::owned::{GPKG_NAME, HTML_NAME, SVG_NAME};

/// A scenario source, checked before any work.
enum Input {
    Seed,
    Stdin,
    File(PathBuf),
}

struct Config {
    inputs: Vec<Input>,
    output: PathBuf,
    strict: bool,
    /// Replace a GeoPackage diplomap did not write.
    force: bool,
    /// Distinct, in a fixed order.
    formats: Vec<Format>,
    svg: bool,
    html: bool,
    events: Vec<String>,
    columns: ColumnSpec,
    skip_bad_rows: bool,
    chunk_rows: usize,
    no_fast_rows: bool,
    filters: Filters,
    /// Show the reading of large tables on stderr.
    progress: bool,
    /// After how long.
    progress_after: std::time::Duration,
}

fn config(args: Args) -> anyhow::Result<Config> {
    let stdin_uses = args
        .scenarios
        .iter()
        .chain(&args.events)
        .filter(|s| *s == "-")
        .count();
    if stdin_uses > 1 {
        return Err(UsageError("'-' (stdin) can be given only once".into()).into());
    }
    let inputs = if args.scenarios.is_empty() && args.events.is_empty() {
        vec![Input::Seed]
    } else {
        args.scenarios
            .iter()
            .map(|s| {
                if s == "-" {
                    Input::Stdin
                } else {
                    Input::File(s.into())
                }
            })
            .collect()
    };
    check_output(&args.output)?;
    let mut formats = args.formats;
    formats.sort();
    formats.dedup();
    if formats.contains(&Format::Gpkg) && !args.force {
        let gpkg = args.output.join(GPKG_NAME);
        crate::mapdir::check_geopackage(&gpkg, &gpkg)?;
    }
    let since = date_flag("--since", args.since.as_deref())?;
    let until = date_flag("--until", args.until.as_deref())?;
    if let (Some(s), Some(u)) = (since, until) {
        if s.earliest() > u.latest() {
            return Err(UsageError(format!(
                "--since {s} is after --until {u}, so no event could be kept; hint: swap the two dates"
            ))
            .into());
        }
    }
    Ok(Config {
        inputs,
        output: args.output,
        strict: args.strict,
        force: args.force,
        formats,
        svg: args.svg,
        html: args.html,
        columns: ColumnSpec::parse(&args.columns).map_err(UsageError)?,
        events: args.events,
        skip_bad_rows: args.skip_bad_rows,
        chunk_rows: args.chunk_rows.max(1),
        no_fast_rows: args.no_fast_rows,
        filters: Filters {
            layers: args.layers,
            kinds: args.kinds,
            since,
            until,
        },
        progress: false,
        progress_after: std::time::Duration::try_from_secs_f64(args.progress_after)
            .map_err(|_| UsageError("--progress-after takes a number of seconds".into()))?,
    })
}

/// A date given on the command line.
fn date_flag(flag: &str, value: Option<&str>) -> anyhow::Result<Option<crate::scenario::When>> {
    value
        .map(|v| {
            crate::scenario::When::parse(v).map_err(|e| {
                UsageError(match e {
                    crate::scenario::when::WhenError::LeapSecond(_) => format!("{flag}: {e}"),
                    _ => format!(
                        "{flag}: invalid date '{v}'; hint: an ISO 8601 date such as 2024-07-01"
                    ),
                })
                .into()
            })
        })
        .transpose()
}

/// Refuse an output path that cannot hold the layers before doing any work.
fn check_output(dir: &Path) -> anyhow::Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if !m.is_dir() => anyhow::bail!(
            "output path '{}' is a file, not a folder; hint: -o names a folder for the layer files",
            dir.display()
        ),
        Ok(_) => {
            let probe = dir.join(format!(".diplomap-probe-{}", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&probe)
            {
                Ok(_) => {
                    let _ = std::fs::remove_file(&probe);
                    Ok(())
                }
                Err(e) => anyhow::bail!(
                    "output folder '{}' is not writable: {e}; hint: choose another folder with -o",
                    dir.display()
                ),
            }
        }
        Err(_) => Ok(()),
    }
}

fn read(input: &Input) -> anyhow::Result<(String, String)> {
    match input {
        Input::Seed => Ok((scenario::SEED.to_string(), scenario::SEED_NAME.to_string())),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("cannot read the scenario from stdin")?;
            let text = String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("<stdin>: the scenario is not UTF-8 text"))?;
            Ok((text, "<stdin>".to_string()))
        }
        Input::File(path) => {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read scenario '{}'", path.display()))?;
            let name = path.display().to_string();
            let text = String::from_utf8(bytes).map_err(|_| {
                anyhow::anyhow!("{name}: the scenario is not UTF-8 text; hint: save it as UTF-8")
            })?;
            Ok((text, name))
        }
    }
}

pub fn run(args: Args, gazetteer: Option<&Path>) -> anyhow::Result<Outcome> {
    let (quiet, report) = (args.quiet, args.report.clone());
    let look = how_to_look(&args);
    let start = std::time::Instant::now();
    let mut stderr = std::io::stderr();
    let mut sink = std::io::sink();
    let log: &mut dyn std::io::Write = if quiet { &mut sink } else { &mut stderr };
    let built = run_logged(args, gazetteer, log, !quiet);
    if let Some(path) = report {
        let seconds = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
        let json = match &built {
            Ok(s) => serde_json::json!({
                "status": "built",
                "layers": s.layers.iter().map(|(n, c)| (n.as_str().to_string(), serde_json::json!(c))).collect::<serde_json::Map<_, _>>(),
                "files": s.files,
                "warnings": s.warnings,
                "tables": s.tables,
                "seconds": seconds,
            }),
            Err(e) => serde_json::json!({
                "status": "failed",
                "error": format!("{e:#}"),
                "seconds": seconds,
            }),
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        super::output::write_atomic(&path, text.as_bytes())?;
    }
    let built = built?;
    if !quiet && !built.files.is_empty() {
        let _ = writeln!(stderr, "{look}");
    }
    Ok(Outcome::Ok)
}

/// The summary's last line: how to look at what was built.
fn how_to_look(args: &Args) -> String {
    let dir = args.output.display();
    let qgis = if args.formats.contains(&Format::Gpkg) {
        format!("open {dir}/{GPKG_NAME} in QGIS")
    } else if args.formats.contains(&Format::Fgb) {
        format!("drag {dir}/*.fgb into QGIS")
    } else if args.formats.contains(&Format::GeoJsonSeq) && !args.formats.contains(&Format::GeoJson)
    {
        format!("drag {dir}/*.geojsons into QGIS")
    } else {
        format!("drag {dir}/*.geojson into QGIS")
    };
    if args.html {
        format!("look at it: open {dir}/index.html in a browser, or {qgis}")
    } else {
        format!("look at it: {qgis}, or add --html and open {dir}/index.html in a browser")
    }
}

/// What a build wrote.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Each layer written with its feature count, in order.
    pub layers: Vec<(LayerName, u64)>,
    /// Every file written.
    pub files: Vec<String>,
    /// Every warning, as printed (without `diplomap: warning: `).
    pub warnings: Vec<String>,
    /// What each event table gave: name, rows, events, skipped rows, seconds.
    pub tables: Vec<serde_json::Value>,
}

/// Build, writing warnings and the summary table to `log` (stderr for `build`; a buffer per map
/// for `batch`). `progress` shows the reading of large tables on stderr.
pub fn run_logged(
    args: Args,
    gazetteer: Option<&Path>,
    log: &mut dyn std::io::Write,
    progress: bool,
) -> anyhow::Result<Summary> {
    let verbose = args.verbose;
    let cfg = Config {
        progress,
        ..config(args)?
    };
    let mut warnings: Vec<String> = Vec::new();
    let mut tables_done: Vec<serde_json::Value> = Vec::new();
    let mut warn = |log: &mut dyn std::io::Write, text: String| {
        let _ = writeln!(log, "diplomap: warning: {text}");
        warnings.push(text);
    };
    let mut scenarios: Vec<Scenario> = Vec::with_capacity(cfg.inputs.len());
    let mut errors = Diagnostics::default();
    for input in &cfg.inputs {
        let (text, name) = read(input)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        // Every problem at once: a scenario with problems is still resolved, so an unknown
        // place is reported with a bad date in one run.
        let (parsed, problems) = scenario::toml::parse_all(text, &name);
        errors.0.extend(problems.0);
        scenarios.extend(parsed);
    }
    duplicate_ids(&scenarios, &mut errors);
    for s in &mut scenarios {
        s.events.retain(|e| cfg.filters.keep(e));
    }
    // Every table is opened and its header checked before any work.
    let mut tables = cfg
        .events
        .iter()
        .map(|source| TableReader::open(source, &cfg.columns))
        .collect::<anyhow::Result<Vec<_>>>()?;
    property_columns(&scenarios, &tables, &cfg.formats, &mut errors)?;
    let gaz = Gazetteer::load(gazetteer)?;
    let mut resolver = PlaceResolver::new(&scenarios, &gaz, cfg.strict, &mut errors);
    for e in scenarios.iter().flat_map(|s| &s.events) {
        resolver.event(e, &mut errors);
    }
    errors.into_result()?;
    for w in resolver.warnings.drain(..) {
        warn(log, w.to_string());
    }
    let shapes = crate::shapes::embedded()?;
    let mut computed = scenario_layers(&scenarios, &resolver.places, &shapes)?;

    // Every feature streams into the layer files; the formats and pictures that need whole
    // layers (GeoPackage, FlatGeobuf, SVG, HTML) keep them in memory.
    let whole = cfg.svg
        || cfg.html
        || cfg
            .formats
            .iter()
            .any(|f| matches!(f, Format::Gpkg | Format::Fgb));
    let map = crate::mapdir::MapDir::open(&cfg.output, &mut |line| {
        let _ = writeln!(log, "diplomap: {line}");
    })?;
    let stage = map.stage()?;
    let mut staged =
        StagedLayers::new(stage.path(), &cfg.output, &cfg.formats, &cfg.filters.layers);
    for layer in &computed {
        for f in &layer.features {
            staged.feature(layer.name, f)?;
        }
    }
    for layer in &mut computed {
        if !whole || !cfg.filters.layer(layer.name) {
            layer.features = Vec::new();
        }
    }
    let mut router = None;
    for table in &mut tables {
        let started = std::time::Instant::now();
        let stats = stream_table(
            table,
            &cfg,
            &mut resolver,
            &shapes,
            &mut router,
            &mut staged,
            whole.then_some(&mut computed),
        )?;
        let seconds = started.elapsed().as_secs_f64();
        for w in resolver.warnings.drain(..) {
            warn(log, w.to_string());
        }
        for w in stats.warnings(&table.name, table) {
            warn(log, w);
        }
        if verbose {
            let _ = writeln!(
                log,
                "diplomap: {}: {} rows, {} events, {} bad rows skipped, {} rows of no layer, {seconds:.2} s ({:.0} rows/s)",
                table.name,
                table.rows,
                stats.events,
                stats.skipped,
                table.no_layer.values().sum::<u64>(),
                table.rows as f64 / seconds.max(1e-9),
            );
        }
        tables_done.push(serde_json::json!({
            "name": table.name,
            "rows": table.rows,
            "events": stats.events,
            "skipped_bad_rows": stats.skipped,
            "no_layer": table.no_layer,
            "seconds": (seconds * 1000.0).round() / 1000.0,
        }));
    }

    let mut rows = Vec::new();
    // The whole-layer files, written into the staging folder: (name, bytes).
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let counts: Vec<(LayerName, u64)> = LayerName::ALL
        .iter()
        .map(|&n| (n, staged.count(n)))
        .collect();
    let firsts: Vec<Option<crate::layers::Geometry>> = LayerName::ALL
        .iter()
        .map(|&n| staged.first_geometry(n).cloned())
        .collect();
    for f in staged.finish()?.into_iter().filter(|f| f.written) {
        rows.push(vec![
            f.layer.as_str().to_string(),
            f.count.to_string(),
            f.path.display().to_string(),
        ]);
    }
    for (i, &(name, count)) in counts.iter().enumerate() {
        if cfg.formats.contains(&Format::Fgb) {
            let file = format!("{}.fgb", name.as_str());
            let layer = computed.iter().find(|l| l.name == name);
            if let Some(layer) = layer.filter(|l| !l.features.is_empty()) {
                rows.push(vec![
                    name.as_str().to_string(),
                    layer.features.len().to_string(),
                    cfg.output.join(&file).display().to_string(),
                ]);
                files.push((file, Format::Fgb.serialise(layer)?));
            }
        }
        // The QGIS style beside the layer files (QGIS loads a same-named .qml by itself): a
        // sidecar, written and removed with its layer without a line of its own.
        if count > 0 && cfg.formats.iter().any(|f| f.per_layer()) {
            files.push((
                format!("{}.qml", name.as_str()),
                crate::output::qml::style(firsts[i].as_ref()).into_bytes(),
            ));
        }
    }
    if cfg.formats.contains(&Format::Gpkg) && computed.iter().any(|l| !l.features.is_empty()) {
        geopackage(&computed, &stage.path().join(GPKG_NAME))?;
        for layer in computed.iter().filter(|l| !l.features.is_empty()) {
            rows.push(vec![
                layer.name.as_str().to_string(),
                layer.features.len().to_string(),
                format!(
                    "{} (table {})",
                    cfg.output.join(GPKG_NAME).display(),
                    layer.name.as_str()
                ),
            ]);
        }
    }
    // The pictures of the whole map: the static SVG and the HTML preview.
    let features: u64 = counts.iter().map(|(_, c)| c).sum();
    // The scenarios' titles; for a map of tables alone, the tables' file names.
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
    let title = titles.join(" · ");
    type Render = fn(&str, &[Layer], &crate::shapes::CountryShapes<'_>) -> String;
    let pictures: [(bool, &str, &str, Render); 2] = [
        (cfg.svg, SVG_NAME, "map", crate::output::svg::render),
        (cfg.html, HTML_NAME, "preview", crate::output::html::render),
    ];
    for (wanted, file, what, render) in pictures {
        // A picture of an empty map is not drawn (an earlier one goes, below).
        if wanted && features > 0 {
            rows.push(vec![
                "(all)".to_string(),
                features.to_string(),
                format!("{} ({what})", cfg.output.join(file).display()),
            ]);
            files.push((
                file.to_string(),
                render(&title, &computed, &shapes).into_bytes(),
            ));
        }
    }
    for (file, bytes) in &files {
        let shown = cfg.output.join(file);
        std::fs::File::create(stage.path().join(file))
            .and_then(|mut f| {
                f.write_all(bytes)?;
                f.sync_all()
            })
            .with_context(|| format!("cannot write {}", shown.display()))?;
    }
    drop(files);
    let committed = stage.commit(cfg.force)?;
    for w in &committed.warnings {
        warn(log, w.clone());
    }
    for file in &committed.removed {
        if let Some(row) = removed_row(file, &cfg) {
            rows.push(row);
        }
    }
    let files_written: Vec<String> = rows
        .iter()
        .filter(|r| r[1] != "0")
        .map(|r| r[2].clone())
        .collect();
    if rows.is_empty() {
        warn(
            log,
            "the scenario has no events, so there are no layers to write".to_string(),
        );
    }
    let summary = Summary {
        layers: counts.iter().copied().filter(|(_, c)| *c > 0).collect(),
        files: files_written,
        warnings,
        tables: tables_done,
    };
    if rows.is_empty() {
        return Ok(summary);
    }
    rows.sort_by_key(|r| LayerName::ALL.iter().position(|n| n.as_str() == r[0]));
    let _ = write!(log, "{}", table(&["layer", "features", "file"], &rows));
    Ok(summary)
}

/// The summary's line for a file of an earlier build that this one removed, with why (none for
/// a layer's QGIS style, which goes with its layer).
fn removed_row(file: &str, cfg: &Config) -> Option<Vec<String>> {
    let shown = cfg.output.join(file).display().to_string();
    let row = |layer: &str, why: &str| {
        Some(vec![
            layer.to_string(),
            "0".to_string(),
            format!("{shown} (removed: {why})"),
        ])
    };
    match file {
        HTML_NAME if cfg.html => row("(all)", "the map is now empty"),
        HTML_NAME => row("(all)", "no --html"),
        SVG_NAME if cfg.svg => row("(all)", "the map is now empty"),
        SVG_NAME => row("(all)", "no --svg"),
        GPKG_NAME if cfg.formats.contains(&Format::Gpkg) => row("(all)", "the map is now empty"),
        GPKG_NAME => row("(all)", "gpkg is not in --format"),
        _ => {
            let (stem, ext) = file.rsplit_once('.')?;
            let layer = LayerName::ALL.iter().find(|l| l.as_str() == stem)?;
            if ext == "qml" {
                return None;
            }
            let format = [Format::GeoJson, Format::GeoJsonSeq, Format::Fgb]
                .into_iter()
                .find(|f| f.extension() == ext)?;
            if !cfg.formats.contains(&format) {
                row(stem, &format!("{ext} is not in --format"))
            } else if !cfg.filters.layer(*layer) {
                row(stem, "left out by --layers")
            } else {
                row(stem, "layer now empty")
            }
        }
    }
}

/// Every layer of the scenarios, in [`LayerName::ALL`] order. Sea corridors are routed on a
/// second thread while the other layers are computed on this one; the output does not depend on
/// which finishes first.
fn scenario_layers(
    scenarios: &[Scenario],
    places: &crate::scenario::resolve::Places,
    shapes: &crate::shapes::CountryShapes<'_>,
) -> anyhow::Result<Vec<Layer>> {
    let needs_router = layers::needs_router(scenarios);
    let (corridors, others) = std::thread::scope(|scope| {
        let routed = scope.spawn(|| -> anyhow::Result<_> {
            let router = if needs_router {
                Some(crate::routing::embedded()?)
            } else {
                None
            };
            let inputs = Inputs {
                scenarios,
                places,
                shapes,
                router: router.as_ref(),
            };
            compute(&[LayerName::Corridors], &inputs)
        });
        let inputs = Inputs {
            scenarios,
            places,
            shapes,
            router: None,
        };
        let others = compute(
            &[
                LayerName::Countries,
                LayerName::Travel,
                LayerName::Summits,
                LayerName::Meetings,
                LayerName::Strikes,
            ],
            &inputs,
        );
        let corridors = routed.join().unwrap_or_else(|_| {
            Err(anyhow::anyhow!(
                "internal error: the routing thread panicked"
            ))
        });
        (corridors, others)
    });
    let (mut computed, mut errors) = others?;
    let (routed, routing_errors) = corridors?;
    computed.extend(routed);
    errors.0.extend(routing_errors.0);
    errors.into_result()?;
    computed.sort_by_key(|layer| LayerName::ALL.iter().position(|n| *n == layer.name));
    Ok(computed)
}

/// Compute the features of some events by the layers and write them (and keep them, for the
/// formats that need whole layers).
fn general(
    events: &[&crate::scenario::Event],
    inputs: &Inputs<'_>,
    staged: &mut StagedLayers,
    mut whole: Option<&mut Vec<Layer>>,
    errors: &mut Diagnostics,
) -> anyhow::Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    for name in LayerName::ALL {
        let layer = layers::layer_of(name, events, inputs, errors);
        for f in &layer.features {
            staged.feature(name, f)?;
        }
        if let Some(keep) = whole.as_deref_mut() {
            if let Some(k) = keep
                .iter_mut()
                .find(|l| l.name == name && staged.selected(name))
            {
                k.features.extend(layer.features);
            }
        }
    }
    Ok(())
}

/// What a table's stream left to report.
#[derive(Default)]
struct TableStats {
    /// Bad rows skipped (`--skip-bad-rows`), and the first problems found.
    skipped: u64,
    first: Vec<crate::scenario::Diagnostic>,
    /// Events read and sent to be drawn.
    events: u64,
}

/// Bad rows shown in full before the rest are counted.
const SHOWN: usize = 20;

impl TableStats {
    /// The warnings of a table's stream.
    fn warnings(&self, name: &str, table: &TableReader) -> Vec<String> {
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

/// Stream one table's rows into the layers, a chunk of rows at a time, on two threads: one
/// reads, checks and resolves rows (each distinct name once for the whole build) and hands each
/// chunk, every place resolved, to the other, which computes the features by the same code as
/// a scenario's and writes them as they come. A bad row stops the build (the first [`SHOWN`]
/// problems are reported, and every bad row counted) unless `--skip-bad-rows`.
fn stream_table(
    table: &mut TableReader,
    cfg: &Config,
    resolver: &mut PlaceResolver<'_>,
    shapes: &crate::shapes::CountryShapes<'_>,
    router: &mut Option<crate::routing::route::Router<'static>>,
    staged: &mut StagedLayers,
    whole: Option<&mut Vec<Layer>>,
) -> anyhow::Result<TableStats> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<crate::scenario::Event>>(1);
    // Written chunks go back to the reading thread to be freed where they were allocated
    // (freeing on the other thread makes the allocator contend and hold more memory).
    let (done_tx, done_rx) = std::sync::mpsc::channel::<Vec<crate::scenario::Event>>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_rows(table, cfg, resolver, tx, done_rx));
        let written = write_rows(rx, done_tx, cfg, shapes, router, staged, whole);
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
    cfg: &Config,
    resolver: &mut PlaceResolver<'_>,
    tx: std::sync::mpsc::SyncSender<Vec<crate::scenario::Event>>,
    done: std::sync::mpsc::Receiver<Vec<crate::scenario::Event>>,
) -> anyhow::Result<TableStats> {
    let mut stats = TableStats::default();
    let mut errors = Diagnostics::default();
    let mut bad = 0u64;
    let mut shown = cfg
        .progress
        .then(|| super::progress::Progress::new(&table.name, table.size(), cfg.progress_after));
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
        chunk.reserve(cfg.chunk_rows);
        let mut end = false;
        while chunk.len() < cfg.chunk_rows {
            let before = errors.0.len();
            let ok = match table.next_event(&mut errors)? {
                None => {
                    end = true;
                    break;
                }
                Some(Err(())) => false,
                Some(Ok(e)) if !cfg.filters.keep(&e) => true,
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
            if cfg.skip_bad_rows {
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
        if !errors.is_empty() && !cfg.skip_bad_rows {
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
    rx: std::sync::mpsc::Receiver<Vec<crate::scenario::Event>>,
    done: std::sync::mpsc::Sender<Vec<crate::scenario::Event>>,
    cfg: &Config,
    shapes: &crate::shapes::CountryShapes<'_>,
    router: &mut Option<crate::routing::route::Router<'static>>,
    staged: &mut StagedLayers,
    mut whole: Option<&mut Vec<Layer>>,
) -> anyhow::Result<()> {
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
        let fast = whole.is_none() && !cfg.no_fast_rows;
        let mut run: Vec<&crate::scenario::Event> = Vec::new();
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
            general(
                &run,
                &inputs,
                staged,
                whole.as_deref_mut(),
                &mut layer_errors,
            )?;
            run.clear();
            if let Some((layer, e)) = point {
                json.clear();
                if let Some(at) = layers::write_point(&mut json, layer, e, &places) {
                    staged.raw_point(layer, at, &json)?;
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

/// Write the GeoPackage of every non-empty layer at `path` (in the staging folder), synced.
fn geopackage(layers: &[Layer], path: &Path) -> anyhow::Result<()> {
    let writer =
        crate::output::gpkg::GpkgWriter::create(path).context("cannot write the GeoPackage")?;
    let mut w = crate::output::Buffered::new(writer);
    for layer in layers.iter().filter(|l| !l.features.is_empty()) {
        crate::output::write_layer(&mut w, layer).context("cannot write the GeoPackage")?;
    }
    w.inner.finish().context("cannot write the GeoPackage")?;
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .context("cannot write the GeoPackage")
}

/// Compute some layers, with the problems found.
fn compute(names: &[LayerName], inputs: &Inputs<'_>) -> anyhow::Result<(Vec<Layer>, Diagnostics)> {
    let mut errors = Diagnostics::default();
    let out = names
        .iter()
        .map(|&name| layers::build_layer(name, inputs, &mut errors))
        .collect();
    Ok((out, errors))
}

/// The most columns of a feature table in each format that has a limit: SQLite's (GeoPackage)
/// 2,000, FlatGeobuf's 65,535 (a column index is 16 bits); diplomap's own properties count.
fn column_limit(formats: &[Format]) -> Option<(usize, &'static str)> {
    let limits = [
        (Format::Gpkg, 2000, "a GeoPackage table"),
        (Format::Fgb, 65_535, "a FlatGeobuf layer"),
    ];
    limits
        .into_iter()
        .filter(|(f, _, _)| formats.contains(f))
        .map(|(_, n, what)| (n, what))
        .min()
}

/// The property names of one layer become its columns: they must differ in more than case
/// (GeoPackage's SQLite and QGIS do not tell `Note` from `note`), across scenarios and tables,
/// and fit the formats asked for. Checked before any work; a table's column is named by its
/// position on the header line.
fn property_columns(
    scenarios: &[Scenario],
    tables: &[TableReader],
    formats: &[Format],
    errors: &mut Diagnostics,
) -> anyhow::Result<()> {
    use std::collections::HashMap;
    let own = scenario::RESERVED_PROPERTIES.len() + scenario::STORAGE_COLUMNS.len();
    let limit = column_limit(formats);
    // Per kind of event: lower-cased name → (name as written, where).
    let mut seen: HashMap<scenario::EventKind, HashMap<String, (String, String)>> = HashMap::new();
    for t in tables {
        let columns = t.property_columns();
        if let Some((n, what)) = limit {
            if columns.len() + own > n {
                let (col, name) = columns[n.saturating_sub(own)];
                anyhow::bail!(
                    "{}:1:{col}: column '{name}' is past the {} property columns {what} can hold besides diplomap's own {own}; hint: keep the columns the map needs, or write --format geojson",
                    t.name,
                    n - own,
                );
            }
        }
        for kind in scenario::EventKind::ALL {
            let names = seen.entry(kind).or_default();
            for (col, name) in &columns {
                names
                    .entry(name.to_ascii_lowercase())
                    .or_insert_with(|| (name.to_string(), format!("{}:1:{col}", t.name)));
            }
        }
    }
    for e in scenarios.iter().flat_map(|s| &s.events) {
        let names = seen.entry(e.kind).or_default();
        for (key, _) in &e.properties {
            match names.get(&key.to_ascii_lowercase()) {
                Some((first, at)) if first != key => errors.push(
                    &e.origin,
                    format!("properties '{first}' ({at}) and '{key}' differ only in case, and both go to the {} layer, whose GeoPackage table and QGIS do not tell them apart; hint: write both the same way", e.kind.layer().as_str()),
                ),
                Some(_) => {}
                None => {
                    names.insert(key.to_ascii_lowercase(), (key.clone(), e.origin.to_string()));
                    if let Some((n, what)) = limit {
                        if names.len() + own > n {
                            errors.push(
                                &e.origin,
                                format!("property '{key}' is past the {} property columns {what} can hold besides diplomap's own {own}; hint: keep the properties the map needs, or write --format geojson", n - own),
                            );
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

/// Ids must be unique across every scenario of one map.
fn duplicate_ids(scenarios: &[Scenario], errors: &mut Diagnostics) {
    let mut seen = std::collections::BTreeMap::new();
    for e in scenarios.iter().flat_map(|s| &s.events) {
        if let Some(first) = seen.insert(e.id.as_str(), &e.origin) {
            if first.file != e.origin.file {
                errors.push(
                    &e.origin,
                    format!("duplicate id '{}', first used at {first}; hint: ids must be unique within a map", e.id),
                );
            }
        }
    }
}
