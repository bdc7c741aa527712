//! `diplomap build`: scenarios in, map layers out. With no scenario it builds the seed story
//! compiled into the binary. The flags become a [`Request`], checked into a [`crate::build::Plan`]
//! before any work; the library runs it ([`crate::build`]) and this prints its warnings, the
//! summary table, how to look at the map, and the JSON report.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::output::table;
use super::Outcome;
use crate::build::{MapReport, Note, Request, Summary, CHUNK_ROWS};
use crate::layers::LayerName;
use crate::output::owned::GPKG_NAME;
use crate::output::Format;

pub const EXAMPLES: &str = "Examples:
  diplomap build                          # the built-in seed scenario, into map/
  diplomap build story.toml -o maps/story
  diplomap build week1.toml week2.toml    # several scenarios, one map
  cat story.toml | diplomap build - --strict";

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
    /// The map's title, the SVG's heading and the preview's page title (default: the
    /// scenarios' titles; for event tables alone, their file names).
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,
    /// Write a JSON report of the build (layers, feature counts, files, warnings, tables,
    /// timings) to FILE, also when the build fails.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
}

impl Args {
    /// The settings of the map asked for.
    pub fn request(&self) -> Request {
        Request {
            scenarios: self.scenarios.clone(),
            events: self.events.clone(),
            columns: self.columns.clone(),
            output: self.output.clone(),
            strict: self.strict,
            force: self.force,
            formats: self.formats.clone(),
            svg: self.svg,
            html: self.html,
            skip_bad_rows: self.skip_bad_rows,
            chunk_rows: self.chunk_rows,
            fast_rows: !self.no_fast_rows,
            layers: self.layers.clone(),
            kinds: self.kinds.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            title: self.title.clone(),
        }
    }
}

pub fn run(args: Args, gazetteer: Option<&Path>) -> anyhow::Result<Outcome> {
    let start = std::time::Instant::now();
    let mut stderr = std::io::stderr();
    let mut sink = std::io::sink();
    let log: &mut dyn Write = if args.quiet { &mut sink } else { &mut stderr };
    let after = std::time::Duration::try_from_secs_f64(args.progress_after)
        .map_err(|_| super::UsageError("--progress-after takes a number of seconds".into()));
    let built = after.map_err(anyhow::Error::from).and_then(|after| {
        let show = move |name: &str, size: Option<u64>| -> Box<dyn crate::build::Progress> {
            Box::new(super::progress::TableProgress::new(name, size, after))
        };
        let progress: Option<crate::build::ShowProgress<'_>> = (!args.quiet).then_some(&show);
        build_logged(&args, gazetteer, log, progress)
    });
    if let Some(path) = &args.report {
        let seconds = start.elapsed().as_secs_f64();
        let report = match &built {
            Ok(s) => MapReport::built(s, seconds),
            Err(e) => MapReport::failed(e, seconds),
        };
        crate::mapdir::write_atomic(path, report.to_json().as_bytes())?;
    }
    let built = built?;
    if !args.quiet && !built.files.is_empty() {
        say!("{}", how_to_look(&args));
    }
    Ok(Outcome::Ok)
}

/// Build the map of `args`, writing warnings, notes and the summary table to `log` (stderr for
/// `build`; a buffer per map for `batch`).
pub fn build_logged(
    args: &Args,
    gazetteer: Option<&Path>,
    log: &mut dyn Write,
    progress: Option<crate::build::ShowProgress<'_>>,
) -> anyhow::Result<Summary> {
    let plan = args.request().plan()?;
    run_plan(&plan, gazetteer, log, progress, args.verbose)
}

/// Run a plan, writing warnings, notes and the summary table to `log`.
pub fn run_plan(
    plan: &crate::build::Plan,
    gazetteer: Option<&Path>,
    log: &mut dyn Write,
    progress: Option<crate::build::ShowProgress<'_>>,
    verbose: bool,
) -> anyhow::Result<Summary> {
    let mut note = |n: Note<'_>| {
        let _ = match n {
            Note::Warning(text) => writeln!(log, "diplomap: warning: {text}"),
            Note::Info(text) => writeln!(log, "diplomap: {text}"),
        };
    };
    let summary = plan.run(&mut crate::build::Run {
        gazetteer,
        log: &mut note,
        progress,
        verbose,
    })?;
    if !summary.rows.is_empty() {
        let rows: Vec<Vec<String>> = summary
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.layer.map_or("(all)", LayerName::as_str).to_string(),
                    r.features.to_string(),
                    r.file.clone(),
                ]
            })
            .collect();
        let _ = write!(log, "{}", table(&["layer", "features", "file"], &rows));
    }
    Ok(summary)
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
