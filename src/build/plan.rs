//! The [`Plan`] of one map: what to read (scenarios, event tables and how their columns map),
//! which events and layers to keep, which formats to write and where. A [`Request`] holds the
//! settings as a user wrote them (`build`'s flags, a `batch` manifest's `[[map]]`); [`Request::plan`]
//! checks every one before any work — dates, column mappings, the output folder, a GeoPackage
//! that is not ours — so a plan that exists can be run. A plan serialises (to JSON) to what a
//! build depends on besides its input files' bytes, which `batch` hashes.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::filters::Filters;
use crate::error::UsageError;
use crate::layers::LayerName;
use crate::output::owned::GPKG_NAME;
use crate::output::Format;
use crate::scenario::{EventKind, When};
use crate::table::columns::ColumnSpec;

/// Table rows read before their features are written, unless [`Request::chunk_rows`] says
/// otherwise.
pub const CHUNK_ROWS: usize = 1024;

/// A map's settings as written, before they are checked.
#[derive(Debug, Clone)]
pub struct Request {
    /// Scenario TOML files (`-` reads stdin); none, with no tables either, is the seed story.
    pub scenarios: Vec<String>,
    /// Event tables (`-` reads stdin).
    pub events: Vec<String>,
    /// The tables' column mapping: a preset and/or `ROLE=HEADER` pairs.
    pub columns: Vec<String>,
    pub output: PathBuf,
    /// Fuzzy and ambiguous place names are errors, not warnings.
    pub strict: bool,
    /// Replace a `map.gpkg` that diplomap did not write.
    pub force: bool,
    pub formats: Vec<Format>,
    pub svg: bool,
    pub html: bool,
    /// Leave out bad table rows (counted) instead of stopping.
    pub skip_bad_rows: bool,
    /// Rows read before their features are written (at least 1; the output is the same).
    pub chunk_rows: usize,
    /// Write simple table points straight from their properties (the output is the same).
    pub fast_rows: bool,
    /// Empty: every layer.
    pub layers: Vec<LayerName>,
    /// Empty: every kind.
    pub kinds: Vec<EventKind>,
    pub since: Option<String>,
    pub until: Option<String>,
    /// The map's title (the SVG's heading, the preview's page title); `None`: the scenarios' titles,
    /// or for tables alone their file names.
    pub title: Option<String>,
}

impl Request {
    /// The settings of `diplomap build` with no flags: the seed story as GeoJSON into `map/`.
    pub fn new(output: impl Into<PathBuf>) -> Request {
        Request {
            scenarios: Vec::new(),
            events: Vec::new(),
            columns: Vec::new(),
            output: output.into(),
            strict: false,
            force: false,
            formats: vec![Format::GeoJson],
            svg: false,
            html: false,
            skip_bad_rows: false,
            chunk_rows: CHUNK_ROWS,
            fast_rows: true,
            layers: Vec::new(),
            kinds: Vec::new(),
            since: None,
            until: None,
            title: None,
        }
    }

    /// Check every setting; errors a user can fix by asking differently are [`UsageError`]s.
    pub fn plan(self) -> anyhow::Result<Plan> {
        let stdin_uses = self
            .scenarios
            .iter()
            .chain(&self.events)
            .filter(|s| *s == "-")
            .count();
        if stdin_uses > 1 {
            return Err(UsageError("'-' (stdin) can be given only once".into()).into());
        }
        let sources = if self.scenarios.is_empty() && self.events.is_empty() {
            vec![Source::Seed]
        } else {
            self.scenarios
                .iter()
                .map(|s| {
                    if s == "-" {
                        Source::Stdin
                    } else {
                        Source::File(s.into())
                    }
                })
                .collect()
        };
        check_output(&self.output)?;
        let mut formats = self.formats;
        formats.sort();
        formats.dedup();
        if formats.contains(&Format::Gpkg) && !self.force {
            let gpkg = self.output.join(GPKG_NAME);
            crate::mapdir::check_geopackage(&gpkg, &gpkg)?;
        }
        if let Some(title) = &self.title {
            if title.trim().is_empty() {
                return Err(UsageError(
                    "--title is empty; hint: give the map a title, or leave --title out".into(),
                )
                .into());
            }
        }
        let since = date_setting("--since", self.since.as_deref())?;
        let until = date_setting("--until", self.until.as_deref())?;
        if let (Some(s), Some(u)) = (since, until) {
            if s.earliest() > u.latest() {
                return Err(UsageError(format!(
                    "--since {s} is after --until {u}, so no event could be kept; hint: swap the two dates"
                ))
                .into());
            }
        }
        Ok(Plan {
            sources,
            tables: self.events,
            columns: ColumnSpec::parse(&self.columns).map_err(UsageError)?,
            output: self.output,
            strict: self.strict,
            force: self.force,
            formats,
            svg: self.svg,
            html: self.html,
            skip_bad_rows: self.skip_bad_rows,
            chunk_rows: self.chunk_rows.max(1),
            fast_rows: self.fast_rows,
            title: self.title.map(|t| t.trim().to_string()),
            filters: Filters {
                layers: self.layers,
                kinds: self.kinds,
                since,
                until,
            },
        })
    }
}

/// Where a scenario is read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The seed story compiled into the binary.
    Seed,
    Stdin,
    File(PathBuf),
}

/// A map's settings, checked: running it reads, resolves, computes and writes.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub sources: Vec<Source>,
    /// Event tables, `-` for stdin.
    pub tables: Vec<String>,
    pub columns: ColumnSpec,
    pub output: PathBuf,
    pub strict: bool,
    pub force: bool,
    /// Distinct, in [`Format`]'s order.
    pub formats: Vec<Format>,
    pub svg: bool,
    pub html: bool,
    pub skip_bad_rows: bool,
    pub chunk_rows: usize,
    pub fast_rows: bool,
    /// The title asked for; `None`: from the scenarios or tables.
    pub title: Option<String>,
    pub filters: Filters,
}

impl Plan {
    /// The plan as JSON: what a build depends on besides its input files' bytes.
    pub fn to_json(&self) -> String {
        // Every field serialises (paths that are not UTF-8 included: serde writes them lossily
        // only when they are not, which cannot make two plans alike that differ elsewhere).
        serde_json::to_string(self).unwrap_or_else(|e| format!("{self:?} ({e})"))
    }

    /// The input files a build reads: scenarios and tables, stdin left out.
    pub fn input_files(&self) -> impl Iterator<Item = &Path> {
        self.sources
            .iter()
            .filter_map(|s| match s {
                Source::File(p) => Some(p.as_path()),
                _ => None,
            })
            .chain(self.tables.iter().filter(|t| *t != "-").map(Path::new))
    }
}

/// A date setting (`--since`, `--until`), named by its flag in errors.
fn date_setting(flag: &str, value: Option<&str>) -> anyhow::Result<Option<When>> {
    value
        .map(|v| {
            When::parse(v).map_err(|e| {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_serialises_what_the_build_depends_on() {
        let mut req = Request::new("/nonexistent/diplomap-plan-test");
        req.formats = vec![Format::Fgb, Format::GeoJson, Format::GeoJson];
        req.since = Some("2024-07-01".into());
        let plan = req.clone().plan().unwrap();
        assert_eq!(plan.formats, [Format::GeoJson, Format::Fgb]);
        let json = plan.to_json();
        assert!(json.contains(r#""formats":["geo_json","fgb"]"#), "{json}");
        assert!(json.contains(r#""since":"2024-07-01""#), "{json}");
        req.until = Some("2024-07-02".into());
        assert_ne!(req.plan().unwrap().to_json(), json);
    }
}
