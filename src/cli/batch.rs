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

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use anyhow::Context;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::output::table;
use super::{build, Outcome, UsageError};
use crate::build::{MapReport, Plan, Request, Status as ReportStatus};
use crate::mapdir::write_atomic;
use crate::output::Format;

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
    /// The manifest: a TOML file with one [[map]] table per map.
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

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

/// A date as a TOML date or a string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum DateValue {
    Date(toml::value::Datetime),
    Text(String),
}

impl DateValue {
    fn text(&self) -> String {
        match self {
            DateValue::Date(d) => d.to_string(),
            DateValue::Text(t) => t.clone(),
        }
    }
}

/// Every key a `[[map]]` may have (unknown ones are reported by [`unknown_keys`], all at once).
const MAP_KEYS: [&str; 14] = [
    "name",
    "scenarios",
    "events",
    "columns",
    "output",
    "formats",
    "svg",
    "html",
    "layers",
    "kinds",
    "since",
    "until",
    "strict",
    "skip_bad_rows",
];

#[derive(Debug, Clone, Deserialize)]
struct MapEntry {
    name: Option<String>,
    scenarios: Option<toml::Spanned<OneOrMany>>,
    events: Option<toml::Spanned<OneOrMany>>,
    columns: Option<OneOrMany>,
    output: toml::Spanned<String>,
    formats: Option<toml::Spanned<OneOrMany>>,
    #[serde(default)]
    svg: bool,
    #[serde(default)]
    html: bool,
    layers: Option<toml::Spanned<OneOrMany>>,
    kinds: Option<toml::Spanned<OneOrMany>>,
    since: Option<DateValue>,
    until: Option<DateValue>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    skip_bad_rows: bool,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    #[serde(default)]
    map: Vec<MapEntry>,
}

/// One map, checked and ready to build.
#[derive(Debug, Clone)]
struct Job {
    name: String,
    /// The output as written in the manifest, for messages.
    shown: String,
    /// The map's settings, exactly as `diplomap build`'s flags would give them.
    request: Request,
    /// The output folder with its links followed.
    real: PathBuf,
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

/// `path` with `.` and `..` folded away, or `None` when it leaves its base (or is absolute).
fn inside(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::Normal(p) => out.push(p),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// `path` with every symbolic link of the part that exists followed, and the part not made yet
/// appended as written (`..` in it already folded away by [`inside`]).
fn real_path(path: &Path) -> PathBuf {
    let mut rest = Vec::new();
    let mut at = path;
    loop {
        if let Ok(mut real) = std::fs::canonicalize(at) {
            real.extend(rest.iter().rev());
            return real;
        }
        match (at.parent(), at.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                at = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Parse a value of a flag-like key with clap's own parser, for the same names and messages;
/// each unknown value is a problem at the value's own line.
fn values<T: clap::ValueEnum>(
    key: &str,
    list: Option<toml::Spanned<OneOrMany>>,
    locate: &dyn Fn(usize) -> String,
    problems: &mut Vec<String>,
) -> Vec<T> {
    let Some(list) = list else {
        return Vec::new();
    };
    let at = locate(list.span().start);
    let mut out = Vec::new();
    for v in list.into_inner().into_vec() {
        match T::from_str(&v, false) {
            Ok(x) => out.push(x),
            Err(_) => {
                let names: Vec<String> = T::value_variants()
                    .iter()
                    .filter_map(|x| x.to_possible_value().map(|p| p.get_name().to_string()))
                    .collect();
                problems.push(match closest(&v, names.iter().map(String::as_str)) {
                    Some(k) => format!(
                        "{at}: unknown {key} value '{v}'; hint: did you mean '{k}'? (one of {})",
                        names.join(", ")
                    ),
                    None => format!(
                        "{at}: unknown {key} value '{v}'; hint: one of {}",
                        names.join(", ")
                    ),
                });
            }
        }
    }
    out
}

/// The one of `known` closest to `word` (Damerau–Levenshtein: a swap of two letters is one
/// edit), if at most a third of it is edited.
fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::damerau_levenshtein(word, k), k))
        .filter(|(d, k)| *d * 3 <= k.len().max(word.len()))
        .min()
        .map(|(_, k)| k)
}

/// Every key of the manifest that is not one, each at its own line with the closest known key.
fn unknown_keys(text: &str, locate: &dyn Fn(usize) -> String) -> Vec<String> {
    use toml::de::{DeTable, DeValue};
    let Ok(doc) = DeTable::parse(text) else {
        // Not TOML: the typed parse says where.
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (key, value) in doc.get_ref() {
        if key.get_ref() != "map" {
            let hint = match closest(key.get_ref(), ["map"].into_iter()) {
                Some(k) => format!("did you mean '{k}'? Each map is a [[map]] table"),
                None => "each map is a [[map]] table".to_string(),
            };
            problems.push(format!(
                "{}: unknown key '{}' at the top of the manifest; hint: {hint}",
                locate(key.span().start),
                key.get_ref(),
            ));
            continue;
        }
        let DeValue::Array(maps) = value.get_ref() else {
            continue;
        };
        for map in maps {
            let DeValue::Table(table) = map.get_ref() else {
                continue;
            };
            for key in table.keys() {
                if !MAP_KEYS.contains(&key.get_ref().as_ref()) {
                    let hint = match closest(key.get_ref(), MAP_KEYS.into_iter()) {
                        Some(k) => format!("did you mean '{k}'?"),
                        None => format!("the keys are {}", MAP_KEYS.join(", ")),
                    };
                    problems.push(format!(
                        "{}: unknown key '{}' in [[map]]; hint: {hint}",
                        locate(key.span().start),
                        key.get_ref(),
                    ));
                }
            }
        }
    }
    problems
}

/// The manifest's problems as one error, in the order of their lines.
fn manifest_problems(mut problems: Vec<String>) -> anyhow::Error {
    // "FILE:LINE:COLUMN: …": by line, then column.
    let key = |p: &String| {
        let mut parts = p.splitn(4, ':').skip(1);
        let line = parts
            .next()
            .and_then(|l| l.parse::<usize>().ok())
            .unwrap_or(0);
        let column = parts
            .next()
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(0);
        (line, column)
    };
    problems.sort_by_key(key);
    if problems.len() == 1 {
        anyhow::anyhow!("{}", problems.remove(0))
    } else {
        anyhow::anyhow!("{} problems:\n  {}", problems.len(), problems.join("\n  "))
    }
}

/// Read and check the manifest; every problem is an error before any map is built.
fn jobs(manifest: &Path, allow_outside: bool) -> anyhow::Result<Vec<Job>> {
    let (text, _) = crate::input::read(&manifest.to_string_lossy(), "manifest")?;
    let name = manifest.display().to_string();
    let locate = |offset: usize| {
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
        format!("{name}:{line}:{column}")
    };
    let mut problems = unknown_keys(&text, &locate);
    let parsed: Manifest = match toml::from_str(&text) {
        Ok(m) => m,
        Err(e) => {
            let at = e.span().map_or(format!("{name}:1:1"), |s| locate(s.start));
            problems.push(format!("{at}: {}", e.message().trim_end()));
            return Err(manifest_problems(problems));
        }
    };
    if parsed.map.is_empty() {
        problems.push(format!("{name}: the manifest has no [[map]]; hint: add one per map, such as [[map]] with scenarios = [\"story.toml\"] and output = \"maps/story\""));
        return Err(manifest_problems(problems));
    }
    let base = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    let base_real = real_path(if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        &base
    });
    let mut out: Vec<Job> = Vec::new();
    for entry in parsed.map {
        let at = locate(entry.output.span().start);
        let written = entry.output.get_ref().clone();
        let output = match inside(Path::new(&written)) {
            Some(rel) if !rel.as_os_str().is_empty() => base.join(rel),
            Some(_) => {
                problems.push(format!("{at}: output '{written}' is the manifest's own folder; hint: give each map a folder of its own, such as maps/story"));
                continue;
            }
            None if allow_outside => {
                if Path::new(&written).is_absolute() {
                    PathBuf::from(&written)
                } else {
                    base.join(&written)
                }
            }
            None => {
                problems.push(format!("{at}: output '{written}' leaves the manifest's folder; hint: keep outputs beside the manifest, or pass --allow-outside"));
                continue;
            }
        };
        // Links are followed: a folder that leads out, or two names of one folder, count.
        let real = real_path(&output);
        if !allow_outside && !real.starts_with(&base_real) {
            problems.push(format!("{at}: output '{written}' leads out of the manifest's folder through a symbolic link (to {}); hint: keep outputs beside the manifest, or pass --allow-outside", real.display()));
            continue;
        }
        if real == base_real {
            problems.push(format!("{at}: output '{written}' is the manifest's own folder; hint: give each map a folder of its own, such as maps/story"));
            continue;
        }
        if let Some(first) = out.iter().find(|j| j.real == real) {
            problems.push(format!(
                "{at}: output '{written}' is also the output of map '{}'; hint: give each map a folder of its own",
                first.name
            ));
            continue;
        }
        let paths = |list: Option<OneOrMany>| -> Vec<String> {
            list.map(OneOrMany::into_vec)
                .unwrap_or_default()
                .into_iter()
                .map(|p| {
                    if p == "-" {
                        p
                    } else {
                        base.join(p).to_string_lossy().into_owned()
                    }
                })
                .collect()
        };
        let mut outside = Vec::new();
        for (what, list) in [
            ("scenario", &entry.scenarios),
            ("event table", &entry.events),
        ] {
            let Some(list) = list else { continue };
            let value_at = locate(list.span().start);
            for p in list.get_ref().clone().into_vec() {
                if p == "-" || allow_outside {
                    continue;
                }
                let leaves = inside(Path::new(&p)).is_none();
                if leaves || !real_path(&base.join(&p)).starts_with(&base_real) {
                    let how = if leaves { "is outside" } else { "leads out of" };
                    outside.push(format!("{value_at}: {what} '{p}' {how} the manifest's folder; hint: keep inputs beside the manifest, or pass --allow-outside"));
                }
            }
        }
        if !outside.is_empty() {
            problems.extend(outside);
            continue;
        }
        let scenarios = paths(entry.scenarios.map(toml::Spanned::into_inner));
        let events = paths(entry.events.map(toml::Spanned::into_inner));
        if scenarios.is_empty() && events.is_empty() {
            problems.push(format!("{at}: map '{written}' has no scenarios and no events; hint: scenarios = [\"story.toml\"] and/or events = [\"events.csv\"]"));
            continue;
        }
        if scenarios.iter().chain(&events).any(|p| p == "-") {
            problems.push(format!(
                "{at}: map '{written}' reads stdin ('-'); hint: a manifest's maps read files"
            ));
            continue;
        }
        let mut bad = Vec::new();
        let formats: Vec<Format> = values("formats", entry.formats, &locate, &mut bad);
        let layers = values("layers", entry.layers, &locate, &mut bad);
        let kinds = values("kinds", entry.kinds, &locate, &mut bad);
        if !bad.is_empty() {
            problems.extend(bad);
            continue;
        }
        let request = Request {
            scenarios,
            events,
            columns: entry.columns.map(OneOrMany::into_vec).unwrap_or_default(),
            strict: entry.strict,
            formats: if formats.is_empty() {
                vec![Format::GeoJson]
            } else {
                formats
            },
            svg: entry.svg,
            html: entry.html,
            skip_bad_rows: entry.skip_bad_rows,
            layers,
            kinds,
            since: entry.since.as_ref().map(DateValue::text),
            until: entry.until.as_ref().map(DateValue::text),
            ..Request::new(output.clone())
        };
        out.push(Job {
            name: entry.name.unwrap_or_else(|| written.clone()),
            shown: written,
            request,
            real,
        });
    }
    if !problems.is_empty() {
        return Err(manifest_problems(problems));
    }
    Ok(out)
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
    let jobs = jobs(&args.manifest, args.allow_outside)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_stay_inside_the_manifests_folder() {
        assert_eq!(
            inside(Path::new("maps/./a/../b")),
            Some(PathBuf::from("maps/b"))
        );
        assert_eq!(inside(Path::new("../elsewhere")), None);
        assert_eq!(inside(Path::new("maps/../../x")), None);
        assert_eq!(inside(Path::new("/tmp/x")), None);
    }
}
