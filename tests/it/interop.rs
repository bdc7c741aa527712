//! Interop: diplomap's output read by real consumers — GDAL (`ogrinfo`, `ogr2ogr` from Debian's
//! `gdal-bin`) on every format, Mapbox's `geojsonhint` (npm, installed under `tests/interop/`),
//! shapely (PyPI) for the land check of sea routes, Python's XML parser on the SVG map and the
//! QGIS styles, and headless Chromium (Debian's `chromium`, driven by `playwright-core` from npm
//! through `tests/interop/preview.mjs`) on the HTML preview.
//!
//! `.ci/run` installs them all and sets `DIPLOMAP_REQUIRE_INTEROP=1`, which makes a missing tool a
//! failure; a plain `cargo test` on a machine without them skips these checks and says so.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{diplomap, stdout};

pub(crate) fn required() -> bool {
    std::env::var_os("DIPLOMAP_REQUIRE_INTEROP").is_some_and(|v| v == "1")
}

/// The tool's path if present; panics when missing and required, else `None` (skip).
pub(crate) fn tool(name: &str, candidates: &[PathBuf]) -> Option<PathBuf> {
    let found = candidates
        .iter()
        .find(|p| p.is_file())
        .cloned()
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    match found {
        Some(p) => Some(p),
        None if required() => panic!("interop tool '{name}' is missing: .ci/run installs it"),
        None => {
            eprintln!("skipping: interop tool '{name}' is not installed (set up by .ci/run)");
            None
        }
    }
}

/// Run a tool, require success, return its stdout.
pub(crate) fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

pub(crate) fn resolved_geojson(dir: &Path) -> PathBuf {
    let out = diplomap()
        .args([
            "resolve",
            "--geojson",
            "Moscow",
            "Kyiv",
            "Paris, TX",
            "Kazakhstan",
            "geo:43.1056,131.8735",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let path = dir.join("resolved.geojson");
    std::fs::write(&path, stdout(&out)).unwrap();
    path
}

#[test]
fn gdal_reads_resolve_geojson_as_a_point_layer() {
    let Some(ogrinfo) = tool("ogrinfo", &[]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = resolved_geojson(dir.path());
    let info = run_ok(
        Command::new(&ogrinfo)
            .args(["-ro", "-al", "-so"])
            .arg(&path),
    );
    assert!(info.contains("Geometry: Point"), "{info}");
    assert!(info.contains("Feature Count: 5"), "{info}");
    assert!(
        info.contains("ID[\"EPSG\",4326]"),
        "GeoJSON without crs is WGS 84: {info}"
    );

    let Some(ogr2ogr) = tool("ogr2ogr", &[]) else {
        return;
    };
    let csv = run_ok(
        Command::new(&ogr2ogr)
            .args(["-f", "CSV", "/vsistdout/"])
            .arg(&path)
            .args(["-lco", "GEOMETRY=AS_XY", "-select", "name,country,kind"]),
    );
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "X,Y,name,country,kind");
    assert_eq!(rows[1], "37.61556,55.75222,Moscow,RU,city");
    assert_eq!(rows[3], "-95.55551,33.66094,Paris,US,city");
    assert_eq!(
        rows[5],
        "131.8735,43.1056,\"geo:43.1056,131.8735\",,coordinates"
    );
}

#[test]
fn geojsonhint_finds_no_problem() {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop/node_modules/.bin/geojsonhint");
    let Some(hint) = tool("geojsonhint", &[local]) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = resolved_geojson(dir.path());
    let out = Command::new(&hint).arg(&path).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "geojsonhint: {}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    // And the validator does catch a broken file, so a pass means something.
    let bad = dir.path().join("bad.geojson");
    std::fs::write(
        &bad,
        r#"{"type":"Feature","geometry":{"type":"Point","coordinates":[1]},"properties":{}}"#,
    )
    .unwrap();
    let out = Command::new(&hint).arg(&bad).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
}

/// Build a scenario (None: the seed) into `dir`; returns each layer file with its feature count.
pub(crate) fn built_layers(dir: &Path, scenario: Option<&Path>) -> Vec<(String, PathBuf, usize)> {
    common::build_as(dir, scenario, "geojson");
    let mut layers = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "qml") {
            continue; // the layer's QGIS style, checked in its own test
        }
        let fc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        layers.push((name, path, fc["features"].as_array().unwrap().len()));
    }
    layers.sort();
    layers
}

/// The scenarios every consumer reads, by name: the seed (`None`) and the golden scenarios that
/// cross the antimeridian or draw areas.
pub(crate) fn interop_scenarios() -> Vec<(&'static str, Option<PathBuf>)> {
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let cases = [
        "pacific-air-corridor",
        "fiji-across-the-antimeridian",
        "travel-and-strike-vectors",
        "sea-corridors",
        "areas-and-groups",
    ];
    std::iter::once(("seed", None))
        .chain(
            cases
                .into_iter()
                .map(|case| (case, Some(golden.join(case).join("scenario.toml")))),
        )
        .collect()
}

/// The [`interop_scenarios`] built as GeoJSON: each layer file with its feature count.
pub(crate) fn interop_builds(tmp: &Path) -> Vec<(String, PathBuf, usize)> {
    interop_scenarios()
        .into_iter()
        .flat_map(|(name, scenario)| built_layers(&tmp.join(name), scenario.as_deref()))
        .collect()
}

pub(crate) fn family(layer: &str) -> &'static str {
    match layer {
        "meetings" | "strikes" | "summits" => "Point",
        "travel" | "corridors" => "Multi Line String",
        "countries" | "areas" => "Multi Polygon",
        other => panic!("unexpected layer {other}"),
    }
}

#[test]
fn gdal_reads_every_built_layer_with_its_count_family_and_dates() {
    let (Some(ogrinfo), Some(ogr2ogr)) = (tool("ogrinfo", &[]), tool("ogr2ogr", &[])) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let layers = interop_builds(tmp.path());
    let seed_names: Vec<&str> = layers.iter().take(6).map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        seed_names,
        [
            "corridors",
            "countries",
            "meetings",
            "strikes",
            "summits",
            "travel"
        ]
    );
    for (name, path, count) in &layers {
        let info = run_ok(Command::new(&ogrinfo).args(["-ro", "-al", "-so"]).arg(path));
        assert!(info.contains(&format!("Layer name: {name}\n")), "{info}");
        assert!(
            info.contains(&format!("Geometry: {}\n", family(name))),
            "{name}: {info}"
        );
        assert!(
            info.contains(&format!("Feature Count: {count}\n")),
            "{name}: {info}"
        );
        assert!(info.contains("ID[\"EPSG\",4326]"), "{info}");
        let rfc = tmp.path().join(format!("{name}-rfc7946.geojson"));
        let _ = std::fs::remove_file(&rfc);
        run_ok(
            Command::new(&ogr2ogr)
                .args(["-f", "GeoJSON", "-lco", "RFC7946=YES"])
                .arg(&rfc)
                .arg(path),
        );
    }
    // Dates as dates, so QGIS's Temporal Controller can use them.
    let strikes = &layers.iter().find(|(n, _, _)| n == "strikes").unwrap().1;
    let info = run_ok(
        Command::new(&ogrinfo)
            .args(["-ro", "-al", "-so"])
            .arg(strikes),
    );
    assert!(
        info.contains("start: Date (0.0)\nend: Date (0.0)\n"),
        "{info}"
    );
}

#[test]
fn geojsonhint_passes_every_built_layer() {
    let local = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/interop/node_modules/.bin/geojsonhint");
    let Some(hint) = tool("geojsonhint", &[local]) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    for (name, path, _) in interop_builds(tmp.path()) {
        let out = Command::new(&hint).arg(&path).output().unwrap();
        assert_eq!(
            (out.status.code(), stdout(&out).trim().to_string()),
            (Some(0), String::new()),
            "geojsonhint on {name} ({}): {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
