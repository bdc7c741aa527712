//! A `batch` manifest: a TOML file with one `[[map]]` per map, each naming its scenarios and/or
//! event tables, its output folder, formats and filters — the flags of `build`. [`read`] checks
//! every map and returns one [`Job`] each, its [`Request`] ready to be made a plan; every problem
//! of the manifest (unknown keys with the closest known one, unknown values, inputs or outputs
//! that leave the manifest's folder, two maps sharing a folder) is reported at once, each at its
//! own line.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::Request;
use crate::output::Format;

/// A string or a list of strings.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum StringOrList {
    One(String),
    Many(Vec<String>),
}

impl StringOrList {
    fn into_vec(self) -> Vec<String> {
        match self {
            StringOrList::One(s) => vec![s],
            StringOrList::Many(v) => v,
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
const MAP_KEYS: [&str; 15] = [
    "name",
    "title",
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
    title: Option<String>,
    scenarios: Option<toml::Spanned<StringOrList>>,
    events: Option<toml::Spanned<StringOrList>>,
    columns: Option<StringOrList>,
    output: toml::Spanned<String>,
    formats: Option<toml::Spanned<StringOrList>>,
    #[serde(default)]
    svg: bool,
    #[serde(default)]
    html: bool,
    layers: Option<toml::Spanned<StringOrList>>,
    kinds: Option<toml::Spanned<StringOrList>>,
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

/// One map of a manifest, checked and ready to be planned.
#[derive(Debug, Clone)]
pub struct Job {
    pub name: String,
    /// The output as written in the manifest, for messages.
    pub shown: String,
    /// The map's settings, exactly as `diplomap build`'s flags would give them.
    pub request: Request,
    /// The output folder with its links followed.
    pub real: PathBuf,
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
    list: Option<toml::Spanned<StringOrList>>,
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

/// Read and check the manifest; every problem is an error before any map is built. Paths are
/// relative to the manifest's folder, which neither an input nor an output may leave (after
/// links are followed) unless `allow_outside`.
pub fn read(manifest: &Path, allow_outside: bool) -> anyhow::Result<Vec<Job>> {
    let (text, _) = crate::input::read_file(manifest, "manifest")?;
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
        let paths = |list: Option<StringOrList>| -> Vec<String> {
            list.map(StringOrList::into_vec)
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
            columns: entry
                .columns
                .map(StringOrList::into_vec)
                .unwrap_or_default(),
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
            title: entry.title,
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
