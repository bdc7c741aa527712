//! `diplomap build`: scenarios in, map layers out. With no scenario it builds the seed story
//! compiled into the binary. Every stage runs before anything is written — parse and check,
//! resolve every place, compute every layer, serialise every file — and then all files are
//! replaced together, so a failed build leaves the previous map as it was.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::output::{table, write_all_atomic};
use super::{Outcome, UsageError};
use crate::gazetteer::Gazetteer;
use crate::layers::Layer;
use crate::layers::{self, Inputs, LayerName};
use crate::output::Format;
use crate::scenario::{self, Diagnostics, Scenario};

pub const EXAMPLES: &str = "Examples:
  diplomap build                          # the built-in seed scenario, into map/
  diplomap build story.toml -o maps/story
  diplomap build week1.toml week2.toml    # several scenarios, one map
  cat story.toml | diplomap build - --strict";

#[derive(Debug, clap::Args)]
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
}

/// The GeoPackage's file name in the output folder.
pub const GPKG_NAME: &str = "map.gpkg";

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
    /// Distinct, in a fixed order.
    formats: Vec<Format>,
    svg: bool,
    html: bool,
}

fn config(args: Args) -> anyhow::Result<Config> {
    if args.scenarios.iter().filter(|s| *s == "-").count() > 1 {
        return Err(UsageError("'-' (stdin) can be given only once".into()).into());
    }
    let inputs = if args.scenarios.is_empty() {
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
    let gpkg = args.output.join(GPKG_NAME);
    if formats.contains(&Format::Gpkg)
        && !args.force
        && gpkg.exists()
        && !crate::output::gpkg::is_ours(&gpkg)
    {
        anyhow::bail!(
            "'{}' exists and was not written by diplomap; hint: move it, or pass --force to replace it",
            gpkg.display()
        );
    }
    Ok(Config {
        inputs,
        output: args.output,
        strict: args.strict,
        formats,
        svg: args.svg,
        html: args.html,
    })
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
    let cfg = config(args)?;
    let mut scenarios: Vec<Scenario> = Vec::with_capacity(cfg.inputs.len());
    let mut errors = Diagnostics::default();
    for input in &cfg.inputs {
        let (text, name) = read(input)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match scenario::toml::parse(text, &name) {
            Ok(s) => scenarios.push(s),
            Err(d) => errors.0.extend(d.0),
        }
    }
    duplicate_ids(&scenarios, &mut errors);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let gaz = Gazetteer::load(gazetteer)?;
    let (places, warnings) = scenario::resolve::resolve(&scenarios, &gaz, cfg.strict)?;
    for w in &warnings {
        eprintln!("diplomap: warning: {w}");
    }
    let shapes = crate::shapes::embedded()?;
    let needs_router = layers::needs_router(&scenarios);
    // Sea corridors are routed on a second thread while the other layers are computed on this
    // one; the output does not depend on which finishes first.
    let (corridors, others) = std::thread::scope(|scope| {
        let routed = scope.spawn(|| -> anyhow::Result<_> {
            let router = if needs_router {
                Some(crate::routing::embedded()?)
            } else {
                None
            };
            let inputs = Inputs {
                scenarios: &scenarios,
                places: &places,
                shapes: &shapes,
                router: router.as_ref(),
            };
            compute(&[LayerName::Corridors], &inputs)
        });
        let inputs = Inputs {
            scenarios: &scenarios,
            places: &places,
            shapes: &shapes,
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

    let mut files = Vec::new();
    let mut rows = Vec::new();
    let mut stale = Vec::new();
    let mut sidecars_stale = Vec::new();
    for layer in &computed {
        let name = layer.name;
        for &format in cfg.formats.iter().filter(|f| f.per_layer()) {
            let path = cfg
                .output
                .join(format!("{}.{}", name.as_str(), format.extension()));
            if layer.features.is_empty() {
                if path.is_file() {
                    stale.push((name, path));
                }
                continue;
            }
            rows.push(vec![
                name.as_str().to_string(),
                layer.features.len().to_string(),
                path.display().to_string(),
            ]);
            files.push((path, format.serialise(layer)?));
        }
        // The QGIS style beside the layer files (QGIS loads a same-named .qml by itself): a
        // sidecar, written and removed with its layer without a line of its own.
        if cfg.formats.iter().any(|f| f.per_layer()) {
            let path = cfg.output.join(format!("{}.qml", name.as_str()));
            if layer.features.is_empty() {
                if path.is_file() {
                    sidecars_stale.push(path);
                }
            } else {
                let first = layer.features.first().map(|f| &f.geometry);
                files.push((path, crate::output::qml::style(first).into_bytes()));
            }
        }
    }
    if cfg.formats.contains(&Format::Gpkg) && computed.iter().any(|l| !l.features.is_empty()) {
        let path = cfg.output.join(GPKG_NAME);
        let bytes = geopackage(&computed)?;
        for layer in computed.iter().filter(|l| !l.features.is_empty()) {
            rows.push(vec![
                layer.name.as_str().to_string(),
                layer.features.len().to_string(),
                format!("{} (table {})", path.display(), layer.name.as_str()),
            ]);
        }
        files.push((path, bytes));
    }
    // The pictures of the whole map: the static SVG and the HTML preview.
    let features: usize = computed.iter().map(|l| l.features.len()).sum();
    let title = scenarios
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    type Render = fn(&str, &[Layer], &crate::shapes::CountryShapes<'_>) -> String;
    let pictures: [(bool, &str, &str, Render); 2] = [
        (cfg.svg, "map.svg", "map", crate::output::svg::render),
        (
            cfg.html,
            "index.html",
            "preview",
            crate::output::html::render,
        ),
    ];
    let mut pictures_stale = Vec::new();
    for (wanted, file, what, render) in pictures {
        let path = cfg.output.join(file);
        if !wanted {
            continue;
        }
        if features == 0 {
            // A picture of an earlier map would show what this scenario no longer holds.
            if path.is_file() {
                pictures_stale.push(path);
            }
            continue;
        }
        rows.push(vec![
            "(all)".to_string(),
            features.to_string(),
            format!("{} ({what})", path.display()),
        ]);
        files.push((path, render(&title, &computed, &shapes).into_bytes()));
    }
    std::fs::create_dir_all(&cfg.output)
        .with_context(|| format!("cannot create output folder '{}'", cfg.output.display()))?;
    write_all_atomic(&files)?;
    for path in &sidecars_stale {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
    }
    for path in &pictures_stale {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
        rows.push(vec![
            "(all)".to_string(),
            "0".to_string(),
            format!("{} (removed: the map is now empty)", path.display()),
        ]);
    }
    for (name, path) in &stale {
        std::fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
        rows.push(vec![
            name.as_str().to_string(),
            "0".to_string(),
            format!("{} (removed: layer now empty)", path.display()),
        ]);
    }
    if rows.is_empty() {
        eprintln!("diplomap: warning: the scenario has no events, so there are no layers to write");
        return Ok(Outcome::Ok);
    }
    rows.sort_by_key(|r| LayerName::ALL.iter().position(|n| n.as_str() == r[0]));
    eprint!("{}", table(&["layer", "features", "file"], &rows));
    Ok(Outcome::Ok)
}

/// The GeoPackage of every non-empty layer, as bytes: SQLite writes it to a private temporary
/// file, which is read back so that it is renamed into place with the other files.
fn geopackage(layers: &[Layer]) -> anyhow::Result<Vec<u8>> {
    let dir = tempfile::tempdir().context("cannot create a temporary folder for the GeoPackage")?;
    let path = dir.path().join(GPKG_NAME);
    let writer =
        crate::output::gpkg::GpkgWriter::create(&path).context("cannot write the GeoPackage")?;
    let mut w = crate::output::Buffered::new(writer);
    for layer in layers.iter().filter(|l| !l.features.is_empty()) {
        crate::output::write_layer(&mut w, layer).context("cannot write the GeoPackage")?;
    }
    w.inner.finish().context("cannot write the GeoPackage")?;
    std::fs::read(&path).context("cannot read back the GeoPackage")
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
