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

use common::{build_seed_as, diplomap, stdout, SEED_LAYERS};

fn required() -> bool {
    std::env::var_os("DIPLOMAP_REQUIRE_INTEROP").is_some_and(|v| v == "1")
}

/// The tool's path if present; panics when missing and required, else `None` (skip).
fn tool(name: &str, candidates: &[PathBuf]) -> Option<PathBuf> {
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
fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        cmd,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out)
}

fn resolved_geojson(dir: &Path) -> PathBuf {
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
fn built_layers(dir: &Path, scenario: Option<&Path>) -> Vec<(String, PathBuf, usize)> {
    let mut cmd = diplomap();
    cmd.arg("build");
    if let Some(s) = scenario {
        cmd.arg(s);
    }
    let out = cmd.arg("-o").arg(dir).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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

/// The seed build and the golden scenarios that cross the antimeridian.
fn interop_builds(tmp: &Path) -> Vec<(String, PathBuf, usize)> {
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut all = built_layers(&tmp.join("seed"), None);
    for case in [
        "pacific-air-corridor",
        "fiji-across-the-antimeridian",
        "travel-and-strike-vectors",
        "sea-corridors",
    ] {
        all.extend(built_layers(
            &tmp.join(case),
            Some(&golden.join(case).join("scenario.toml")),
        ));
    }
    all
}

fn family(layer: &str) -> &'static str {
    match layer {
        "meetings" | "strikes" | "summits" => "Point",
        "travel" | "corridors" => "Multi Line String",
        "countries" => "Multi Polygon",
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

/// Port pairs across every ocean, none of them used to build or tune the network: the reference
/// pairs of `../shared/acceptance/routes.tsv`, Pacific crossings over the antimeridian, straits,
/// canals, and the seed's corridors.
const HELD_OUT_ROUTES: &[(&str, &str, &[&str])] = &[
    ("geo:51.95,4.0", "geo:31.2,121.8", &[]),
    (
        "geo:51.95,4.0",
        "geo:31.2,121.8",
        &["--avoid", "suez,panama"],
    ),
    ("Chennai", "Vladivostok", &[]),
    ("Chennai", "Vladivostok", &["--avoid", "malacca"]),
    ("Mumbai", "St Petersburg", &[]),
    ("Vladivostok", "geo:33.73,-118.26", &[]),
    ("Anchorage", "Vladivostok", &[]),
    ("Tokyo", "Anchorage", &[]),
    ("Honolulu", "Yokohama", &[]),
    ("Suva", "Noumea", &[]),
    ("Valparaiso", "Auckland", &[]),
    ("Los Angeles", "Sydney", &[]),
    ("Santos", "Cape Town", &[]),
    ("Buenos Aires", "Durban", &[]),
    ("Mombasa", "Singapore", &[]),
    ("Dakar", "Lagos", &[]),
    ("Piraeus", "Novorossiysk", &[]),
    ("Alexandria", "Jeddah", &[]),
    ("Dubai", "Karachi", &[]),
    ("Colombo", "Chittagong", &[]),
    ("Hong Kong", "Busan", &[]),
    ("Panama City", "Valparaiso", &[]),
    ("New York", "San Francisco", &[]),
    ("Rio de Janeiro", "Lisbon", &[]),
    ("New York", "Rotterdam", &[]),
    ("Le Havre", "Algeciras", &[]),
    ("Jakarta", "Perth", &[]),
    ("Istanbul", "Odesa", &[]),
    ("Cape Town", "Fremantle", &[]),
    ("Dar es Salaam", "Muscat", &[]),
    ("Oslo", "Gdansk", &[]),
    ("Stockholm", "Helsinki", &[]),
    ("Seattle", "Shanghai", &[]),
    ("Bergen", "Rotterdam", &[]),
    ("Punta Arenas", "Montevideo", &[]),
    // Round the North Cape and along Norway (latitudes once read inside out, see land.rs).
    ("Murmansk", "Rotterdam", &[]),
    ("Tromsø", "Reykjavik", &[]),
    ("Arkhangelsk", "Hamburg", &[]),
    ("Hamburg", "Yokohama", &["--allow", "Northern Sea Route"]),
    (
        "geo:-52.6,-67.9",
        "geo:-52.6,-75.5",
        &["--avoid", "magellan"],
    ),
];

#[test]
fn sea_routes_miss_the_land_by_an_independent_check() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop");
    let land = root.join("node_modules/world-atlas/land-10m.json");
    let Some(python) = tool("python3", &[]) else {
        return;
    };
    let has_shapely = Command::new(&python)
        .args(["-c", "import shapely"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_shapely || !land.is_file() {
        assert!(
            !required(),
            "shapely (PyPI) and world-atlas (npm) are installed by .ci/run"
        );
        eprintln!("skipping: shapely or world-atlas is not installed (set up by .ci/run)");
        return;
    }
    let mut features = Vec::new();
    for (from, to, extra) in HELD_OUT_ROUTES {
        let out = diplomap()
            .args(["route", from, to])
            .args(*extra)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{from} → {to}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut f: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        f["properties"]["name"] = format!("{from} → {to} {}", extra.join(" ")).into();
        // Every longitude within ±180, and Pacific crossings cut there.
        for part in f["geometry"]["coordinates"].as_array().unwrap() {
            for c in part.as_array().unwrap() {
                assert!(c[0].as_f64().unwrap().abs() <= 180.0, "{from} → {to}");
            }
        }
        features.push(f);
    }
    let dir = tempfile::tempdir().unwrap();
    let routes = dir.path().join("routes.geojson");
    let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
    std::fs::write(&routes, serde_json::to_vec(&fc).unwrap()).unwrap();
    let out = Command::new(&python)
        .arg(root.join("check_land.py"))
        .arg(&land)
        .arg(&routes)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "routes cross Natural Earth land:\n{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout(&out).lines().count(), HELD_OUT_ROUTES.len());

    // The checker itself sees land: air lines from the Norwegian Sea into Lapland (where a flat
    // reading of the rings across the antimeridian once saw sea) and across Malaysia fail it.
    let mut air = Vec::new();
    for (from, to) in [("geo:67,5", "geo:67,16"), ("Chennai", "Vladivostok")] {
        let out = diplomap()
            .args(["route", from, to, "--mode", "air"])
            .output()
            .unwrap();
        air.push(serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap());
    }
    let crossing = dir.path().join("air.geojson");
    let fc = serde_json::json!({"type": "FeatureCollection", "features": air});
    std::fs::write(&crossing, serde_json::to_vec(&fc).unwrap()).unwrap();
    let out = Command::new(&python)
        .arg(root.join("check_land.py"))
        .arg(&land)
        .arg(&crossing)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        stdout(&out)
            .lines()
            .all(|l| !l.contains(": 0 segments cross land")),
        "{}",
        stdout(&out)
    );

    // The routes are valid GeoJSON for geojsonhint and GDAL's RFC 7946 writer too.
    let local = root.join("node_modules/.bin/geojsonhint");
    if let Some(hint) = tool("geojsonhint", &[local]) {
        let out = Command::new(&hint).arg(&routes).output().unwrap();
        assert_eq!(stdout(&out).trim(), "", "geojsonhint on routes");
    }
    if let Some(ogr2ogr) = tool("ogr2ogr", &[]) {
        run_ok(
            Command::new(&ogr2ogr)
                .args(["-f", "GeoJSON", "-lco", "RFC7946=YES"])
                .arg(dir.path().join("routes-rfc7946.geojson"))
                .arg(&routes),
        );
    }
}

/// Every coordinate of a GeoJSON geometry, in order.
fn coordinates(v: &serde_json::Value, out: &mut Vec<f64>) {
    match v {
        serde_json::Value::Number(n) => out.push(n.as_f64().unwrap()),
        serde_json::Value::Array(items) => items.iter().for_each(|i| coordinates(i, out)),
        _ => {}
    }
}

/// Assert that `back` (GeoJSON written by ogr2ogr from another format) holds the features of
/// `json`: as many, and each (matched by id: an index may reorder them) with the same coordinates
/// at 6 decimals and the same values of `keys`. Returns the feature count.
fn assert_round_trip(layer: &str, json: &Path, back: &Path, keys: &[&str]) -> usize {
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    };
    let (original, round_trip) = (read(json), read(back));
    let (a, b) = (
        original["features"].as_array().unwrap(),
        round_trip["features"].as_array().unwrap(),
    );
    assert_eq!(a.len(), b.len(), "{layer}");
    for fa in a {
        let id = &fa["properties"]["id"];
        let fb = b
            .iter()
            .find(|f| &f["properties"]["id"] == id)
            .unwrap_or_else(|| panic!("{layer}: {id} read back"));
        let (mut ca, mut cb) = (Vec::new(), Vec::new());
        coordinates(&fa["geometry"]["coordinates"], &mut ca);
        coordinates(&fb["geometry"]["coordinates"], &mut cb);
        assert_eq!(ca.len(), cb.len(), "{layer} {id}");
        for (x, y) in ca.iter().zip(&cb) {
            assert_eq!(format!("{x:.6}"), format!("{y:.6}"), "{layer} {id}");
        }
        for key in keys {
            assert_eq!(
                fa["properties"][key], fb["properties"][key],
                "{layer} {id} {key}"
            );
        }
    }
    a.len()
}

/// The lines of an `ogrinfo -so` report from the layer name on (the rest names the file).
fn layer_report(info: &str) -> String {
    info.lines()
        .skip_while(|l| !l.starts_with("Layer name:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn gdal_reads_geojson_text_sequences_like_the_geojson() {
    let (Some(ogrinfo), Some(ogr2ogr)) = (tool("ogrinfo", &[]), tool("ogr2ogr", &[])) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build_seed_as(&dir, "geojson,geojsonseq");
    for layer in SEED_LAYERS {
        let (json, seq) = (
            dir.join(format!("{layer}.geojson")),
            dir.join(format!("{layer}.geojsons")),
        );
        let info_seq = run_ok(Command::new(&ogrinfo).args(["-ro", "-al", "-so"]).arg(&seq));
        assert!(info_seq.contains("using driver `GeoJSONSeq'"), "{info_seq}");
        let info_json = run_ok(
            Command::new(&ogrinfo)
                .args(["-ro", "-al", "-so"])
                .arg(&json),
        );
        // Same layer name, geometry type, count, extent, CRS and field types.
        assert_eq!(layer_report(&info_seq), layer_report(&info_json), "{layer}");
        // Back to GeoJSON with the very coordinates written, at 6 decimals.
        let back = tmp.path().join(format!("{layer}-back.geojson"));
        run_ok(
            Command::new(&ogr2ogr)
                .args(["-f", "GeoJSON"])
                .arg(&back)
                .arg(&seq),
        );
        assert_round_trip(layer, &json, &back, &["id"]);
    }
}

/// The layer name, geometry, count, extent and field lines of an `ogrinfo -so` report, with
/// GDAL's list types read as the JSON text a GeoPackage stores them as.
fn layer_schema(info: &str) -> Vec<String> {
    info.lines()
        .filter(|l| {
            l.starts_with("Layer name:")
                || l.starts_with("Geometry:")
                || l.starts_with("Feature Count:")
                || l.starts_with("Extent:")
                || (l.contains(": ") && l.ends_with(')') && !l.starts_with(' '))
        })
        .map(|l| l.replace("StringList (0.0)", "String(JSON) (0.0)"))
        .collect()
}

#[test]
fn gdal_reads_the_geopackage_like_the_geojson() {
    let (Some(ogrinfo), Some(ogr2ogr)) = (tool("ogrinfo", &[]), tool("ogr2ogr", &[])) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build_seed_as(&dir, "geojson,gpkg");
    let gpkg = dir.join("map.gpkg");
    let list = run_ok(Command::new(&ogrinfo).args(["-ro", "-q"]).arg(&gpkg));
    assert_eq!(
        list.lines().map(str::trim).collect::<Vec<_>>(),
        [
            "1: countries (Multi Polygon)",
            "2: corridors (Multi Line String)",
            "3: travel (Multi Line String)",
            "4: summits (Point)",
            "5: meetings (Point)",
            "6: strikes (Point)",
            "7: layer_styles (None)"
        ]
    );
    // A default QGIS style for every table, as well-formed QML.
    let styles = run_ok(Command::new(&ogrinfo).arg("-ro").arg(&gpkg).args([
        "-sql",
        "SELECT f_table_name, useAsDefault, styleQML FROM layer_styles ORDER BY id",
    ]));
    for layer in SEED_LAYERS {
        assert!(
            styles.contains(&format!("f_table_name (String) = {layer}\n")),
            "{styles}"
        );
    }
    assert_eq!(
        styles
            .matches("useAsDefault (Integer(Boolean)) = 1")
            .count(),
        6,
        "{styles}"
    );
    // The QML parses as XML, the sidecars beside the GeoJSON and the GeoPackage's rows alike,
    // with the Temporal Controller on start/end and the colours from the simplestyle fields.
    if let Some(python) = tool("python3", &[]) {
        let check = r#"
import sqlite3, sys, xml.etree.ElementTree as ET
docs = [open(p).read() for p in sys.argv[2:]]
docs += [r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT styleQML FROM layer_styles")]
assert len(docs) == 12, len(docs)
for d in docs:
    root = ET.fromstring(d)
    t = root.find("temporal")
    assert t.get("enabled") == "1" and t.get("startField") == "start" and t.get("endField") == "end"
    exprs = [o.get("value") for o in root.iter("Option") if o.get("name") == "expression"]
    assert any('"stroke' in e or '"marker-color"' in e or '"fill"' in e for e in exprs), exprs
print("ok")
"#;
        let mut cmd = Command::new(&python);
        cmd.args(["-c", check]).arg(&gpkg);
        for layer in SEED_LAYERS {
            cmd.arg(dir.join(format!("{layer}.qml")));
        }
        assert_eq!(run_ok(&mut cmd).trim(), "ok");
    }
    for layer in SEED_LAYERS {
        let json = dir.join(format!("{layer}.geojson"));
        let info_json = run_ok(
            Command::new(&ogrinfo)
                .args(["-ro", "-al", "-so"])
                .arg(&json),
        );
        let info_gpkg = run_ok(
            Command::new(&ogrinfo)
                .args(["-ro", "-so"])
                .arg(&gpkg)
                .arg(layer),
        );
        // Same name, geometry type, count, extent and field types (dates as Date).
        assert_eq!(
            layer_schema(&info_gpkg),
            layer_schema(&info_json),
            "{layer}"
        );
        assert!(info_gpkg.contains("ID[\"EPSG\",4326]"), "{info_gpkg}");
        // The spatial index is there and GDAL uses it.
        let sql = run_ok(Command::new(&ogrinfo).arg("-ro").arg(&gpkg).args([
            "-sql",
            &format!("SELECT HasSpatialIndex('{layer}', 'geom')"),
        ]));
        assert!(sql.contains("(Integer) = 1"), "{layer}: {sql}");
        // Back to GeoJSON with the very coordinates written, at 6 decimals.
        let back = tmp.path().join(format!("{layer}-gpkg.geojson"));
        run_ok(
            Command::new(&ogr2ogr)
                .args(["-f", "GeoJSON"])
                .arg(&back)
                .arg(&gpkg)
                .arg(layer),
        );
        assert_round_trip(layer, &json, &back, &["id", "title", "start", "end"]);
    }
}

#[test]
fn gdal_reads_flatgeobuf_like_the_geojson() {
    let (Some(ogrinfo), Some(ogr2ogr)) = (tool("ogrinfo", &[]), tool("ogr2ogr", &[])) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build_seed_as(&dir, "geojson,fgb");
    // FlatGeobuf has no date-only and no list types: dates are DateTime, lists JSON text.
    let normalise = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .map(|l| {
                l.replace(": Date (0.0)", ": DateTime (0.0)")
                    .replace(": String(JSON) (0.0)", ": String (0.0)")
            })
            .collect()
    };
    for layer in SEED_LAYERS {
        let (json, fgb) = (
            dir.join(format!("{layer}.geojson")),
            dir.join(format!("{layer}.fgb")),
        );
        let info_json = run_ok(
            Command::new(&ogrinfo)
                .args(["-ro", "-al", "-so"])
                .arg(&json),
        );
        let info_fgb = run_ok(Command::new(&ogrinfo).args(["-ro", "-al", "-so"]).arg(&fgb));
        assert!(info_fgb.contains("using driver `FlatGeobuf'"), "{info_fgb}");
        assert!(info_fgb.contains("ID[\"EPSG\",4326]"), "{info_fgb}");
        assert_eq!(
            normalise(layer_schema(&info_fgb)),
            normalise(layer_schema(&info_json)),
            "{layer}"
        );
        // Read back whole by GDAL (Debian's, older than 3.9.3: single-part lines need their
        // ends), with the very coordinates written.
        let back = tmp.path().join(format!("{layer}-fgb.geojson"));
        run_ok(
            Command::new(&ogr2ogr)
                .args(["-f", "GeoJSON"])
                .arg(&back)
                .arg(&fgb),
        );
        let count = assert_round_trip(layer, &json, &back, &["title"]);
        // GDAL finds features through the index.
        let spatial = run_ok(
            Command::new(&ogrinfo)
                .args(["-ro", "-al", "-so", "-spat", "-180", "-90", "180", "90"])
                .arg(&fgb),
        );
        assert!(
            spatial.contains(&format!("Feature Count: {count}\n")),
            "{spatial}"
        );
    }
}

#[test]
fn the_svg_map_is_well_formed_for_an_xml_parser() {
    let Some(python) = tool("python3", &[]) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    let out = diplomap()
        .args(["build", "--svg", "-o"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let check = r#"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
assert root.tag == ns + "svg", root.tag
assert root.find(ns + "title").text.startswith("India and Russia")
print(len(root.findall(".//" + ns + "path")), len(root.findall(".//" + ns + "text")))
"#;
    let counts = run_ok(
        Command::new(&python)
            .args(["-c", check])
            .arg(dir.join("map.svg")),
    );
    let n: Vec<usize> = counts
        .split_whitespace()
        .map(|v| v.parse().unwrap())
        .collect();
    // The basemap, 44 countries, 2 corridors and the travel line; labels, title, legend, credit.
    assert!(n[0] >= 48 && n[1] >= 15, "{counts}");
}

/// The title of `tests/data/hostile-strings.toml`, as the page must show it.
fn hostile_title() -> String {
    let text = std::fs::read_to_string(common::data("hostile-strings.toml")).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    doc["title"].as_str().unwrap().to_string()
}

#[test]
fn the_preview_draws_in_chromium_with_the_network_cut() {
    let interop = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop");
    let Some(node) = tool("node", &[]) else {
        return;
    };
    let Some(chromium) = tool("chromium", &[PathBuf::from("/usr/bin/chromium")]) else {
        return;
    };
    if !interop
        .join("node_modules/playwright-core/package.json")
        .is_file()
    {
        assert!(
            !required(),
            "playwright-core is missing: .ci/run installs it (npm ci in tests/interop)"
        );
        eprintln!("skipping: playwright-core is not installed (set up by .ci/run)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (seed, hostile, pacific) = (
        tmp.path().join("seed"),
        tmp.path().join("hostile"),
        tmp.path().join("pacific"),
    );
    let out = diplomap()
        .args(["build", "--html", "-o"])
        .arg(&seed)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", common::stderr(&out));
    for (scenario, dir) in [
        ("hostile-strings.toml", &hostile),
        ("pacific.toml", &pacific),
    ] {
        let out = diplomap()
            .arg("build")
            .arg(common::data(scenario))
            .args(["--html", "-o"])
            .arg(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    // Screenshots are kept as artifacts of the test run.
    let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("preview");
    let out = Command::new(node)
        .current_dir(&interop)
        .arg("preview.mjs")
        .args([&seed, &hostile, &pacific, &artifacts])
        .env("CHROMIUM", chromium)
        .env("XSS_TITLE", hostile_title())
        .output()
        .unwrap();
    let report = stdout(&out);
    assert!(
        out.status.success() && report.ends_with("preview: all checks passed\n"),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(artifacts.join("preview-seed.png").is_file());
    eprintln!("preview screenshots: {}", artifacts.display());
}
