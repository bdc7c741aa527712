//! `diplomap batch MANIFEST.toml`: many maps in one run, for nightly rebuilds from a Makefile or
//! CI. Each `[[map]]` of the manifest names its scenarios and/or event tables, its output folder,
//! formats and filters — the flags of `build`. Paths are relative to the manifest's folder, and
//! neither an input nor an output folder may leave it (`../elsewhere`, `/abs`, or a symbolic link
//! that leads out) unless `--allow-outside`; two maps may not share an output folder, even
//! through a link.
//!
//! Maps build in parallel (`--jobs`), each exactly as `build` would build it, so the files do
//! not depend on the number of jobs. A map that fails is reported with its reason and does not
//! stop the others; the exit code is 1 if any failed. A map whose inputs — its settings, the
//! bytes of its scenarios and tables, and this very diplomap binary — hash as at its last build,
//! and whose files are still there, is skipped (`--force` rebuilds it). The hash is kept in the
//! output folder, in `.diplomap-batch`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::output::table;
use super::{build, Outcome, UsageError};
use crate::build::manifest::{self, Job};
use crate::build::{MapReport, Plan, Status as ReportStatus};
use crate::mapdir::write_atomic;

pub const EXAMPLES: &str = "Examples:
  diplomap batch maps.toml                 # every map of the manifest, in parallel
  diplomap batch maps.toml --jobs 1 --force
  diplomap batch maps.toml --report build-report.json

A manifest:
  [[map]]
  scenarios = [\"stories/ukraine.toml\"]
  events = [\"tables/acled-ukraine.csv\"]
  columns = [\"acled\"]
  output = \"maps/ukraine\"
  formats = [\"geojson\", \"gpkg\"]
  since = \"2024-07-01\"";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The manifest: a TOML file with one `[[map]]` table per map.
    #[arg(value_name = "MANIFEST")]
    pub manifest: PathBuf,
    /// Maps built at once (default: one per core).
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Rebuild every map, even those whose inputs have not changed.
    #[arg(long)]
    pub force: bool,
    /// Let inputs and output folders leave the manifest's folder (after links are followed).
    #[arg(long)]
    pub allow_outside: bool,
    /// Write a JSON report of the run (maps, layers, counts, warnings, timings) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Print each map's layer table too, not only its status and warnings.
    #[arg(short, long)]
    pub verbose: bool,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
}

/// The stamp file in each output folder.
const STAMP: &str = ".diplomap-batch";

/// How one map went.
enum Status {
    Built(crate::build::Summary),
    Unchanged,
    Failed(String),
}

struct Done {
    status: Status,
    log: String,
    seconds: f64,
}

/// The hash of everything a map's build depends on: diplomap itself, the plan (settings and
/// output folder, serialised), the gazetteer given, and the bytes of every input file.
fn input_hash(plan: &Plan, binary: &[u8], gazetteer: Option<&Path>) -> anyhow::Result<String> {
    let mut h = Sha256::new();
    h.update(binary);
    h.update(plan.to_json().as_bytes());
    h.update(b"\n");
    for path in plan.input_files().chain(gazetteer) {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read '{}'", path.display()))?;
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The files of an output folder with their sizes, the stamp left out.
fn listing(dir: &Path) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    let meta = e.metadata().ok()?;
                    (meta.is_file() && !name.starts_with('.')).then_some((name, meta.len()))
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn stamp_text(hash: &str, files: &[(String, u64)]) -> String {
    let mut s = format!("diplomap batch stamp\ninputs {hash}\n");
    for (name, len) in files {
        s.push_str(&format!("file {len} {name}\n"));
    }
    s
}

/// Build one map (or find it unchanged).
fn run_job(job: &Job, force: bool, binary: &[u8], gazetteer: Option<&Path>) -> Done {
    let start = Instant::now();
    let mut log = Vec::new();
    let status = (|| -> anyhow::Result<Status> {
        let plan = job.request.clone().plan()?;
        // An input that cannot be read is left for the build to report, in its own words.
        let hash = input_hash(&plan, binary, gazetteer).ok();
        let stamp = plan.output.join(STAMP);
        if let (false, Some(hash)) = (force, &hash) {
            if let Ok(old) = std::fs::read_to_string(&stamp) {
                if old == stamp_text(hash, &listing(&plan.output)) {
                    return Ok(Status::Unchanged);
                }
            }
        }
        let summary = build::run_plan(&plan, gazetteer, &mut log, None, false)?;
        if let Some(hash) = hash {
            write_atomic(&stamp, stamp_text(&hash, &listing(&plan.output)).as_bytes())?;
        }
        Ok(Status::Built(summary))
    })();
    Done {
        status: status.unwrap_or_else(|e| Status::Failed(format!("{e:#}"))),
        log: String::from_utf8_lossy(&log).into_owned(),
        seconds: start.elapsed().as_secs_f64(),
    }
}

pub fn run(args: Args, gazetteer: Option<&Path>) -> anyhow::Result<Outcome> {
    if args.jobs == Some(0) {
        return Err(UsageError("--jobs must be at least 1".into()).into());
    }
    let jobs = manifest::read(&args.manifest, args.allow_outside)?;
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .min(jobs.len())
        .max(1);
    // This binary's hash: a new diplomap (new code or data) rebuilds every map.
    let binary: Vec<u8> = std::env::current_exe()
        .and_then(std::fs::read)
        .map(|bytes| Sha256::digest(&bytes).to_vec())
        .context("cannot read the diplomap binary to hash it")?;
    let next = AtomicUsize::new(0);
    let mut done: Vec<Option<Done>> = (0..jobs.len()).map(|_| None).collect();
    let results = std::sync::Mutex::new(&mut done);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(job) = jobs.get(i) else { break };
                let d = run_job(job, args.force, &binary, gazetteer);
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(d);
                }
            });
        }
    });
    let done: Vec<Done> = done
        .into_iter()
        .map(|d| {
            d.unwrap_or(Done {
                status: Status::Failed("internal error: the map was not built".into()),
                log: String::new(),
                seconds: 0.0,
            })
        })
        .collect();

    // Report, in manifest order.
    let mut rows = Vec::new();
    let (mut built, mut unchanged, mut failed) = (0, 0, 0);
    for (job, d) in jobs.iter().zip(&done) {
        let (status, detail) = match &d.status {
            Status::Built(s) => {
                built += 1;
                let features: u64 = s.layers.iter().map(|(_, c)| c).sum();
                let n = s.layers.len();
                (
                    "built",
                    format!(
                        "{n} layer{}, {features} feature{}",
                        if n == 1 { "" } else { "s" },
                        if features == 1 { "" } else { "s" }
                    ),
                )
            }
            Status::Unchanged => {
                unchanged += 1;
                ("unchanged", "inputs as at the last build".to_string())
            }
            Status::Failed(_) => {
                failed += 1;
                ("FAILED", "see below".to_string())
            }
        };
        rows.push(vec![
            status.to_string(),
            job.name.clone(),
            job.shown.clone(),
            detail,
            format!("{:.2} s", d.seconds),
        ]);
    }
    if !args.quiet {
        say_raw!(
            "{}",
            table(&["status", "map", "output", "what", "time"], &rows)
        );
    }
    for (job, d) in jobs.iter().zip(&done) {
        for line in d.log.lines() {
            let warning = line.starts_with("diplomap: warning: ");
            if (warning && !args.quiet) || args.verbose {
                say!("{}: {line}", job.name);
            }
        }
        if let Status::Failed(reason) = &d.status {
            say!("diplomap: error: map '{}': {reason}", job.name);
        }
    }
    if !args.quiet {
        say!(
            "{} maps: {built} built, {unchanged} unchanged, {failed} failed",
            jobs.len()
        );
    }
    if let Some(path) = &args.report {
        let maps: Vec<MapReport> = jobs
            .iter()
            .zip(&done)
            .map(|(job, d)| {
                let mut report = match &d.status {
                    Status::Built(s) => MapReport::built(s, d.seconds),
                    Status::Unchanged => MapReport::new(ReportStatus::Unchanged, d.seconds),
                    Status::Failed(r) => MapReport {
                        error: Some(r.clone()),
                        ..MapReport::new(ReportStatus::Failed, d.seconds)
                    },
                };
                report.name = Some(job.name.clone());
                report.output = Some(job.shown.clone());
                // Every warning said, as printed (a failed map's too).
                report.warnings = d
                    .log
                    .lines()
                    .filter_map(|l| l.strip_prefix("diplomap: warning: "))
                    .map(str::to_string)
                    .collect();
                report
            })
            .collect();
        let report = serde_json::json!({
            "manifest": args.manifest.display().to_string(),
            "maps": maps,
            "built": built,
            "unchanged": unchanged,
            "failed": failed,
        });
        let mut text = serde_json::to_string_pretty(&report)?;
        text.push('\n');
        write_atomic(path, text.as_bytes())?;
    }
    Ok(if failed > 0 {
        Outcome::Partial
    } else {
        Outcome::Ok
    })
}
