//! GDAL reads every other format like the GeoJSON: GeoJSON text sequences, the GeoPackage and
//! FlatGeobuf, layer by layer — the same features, fields, geometries and dates; and GDAL's
//! `validate_gpkg.py` passes every GeoPackage.

use super::interop::*;
use crate::common;
use common::{build_as, build_seed_as, SEED_LAYERS};
use std::path::{Path, PathBuf};
use std::process::Command;

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
fn gdals_validate_gpkg_passes_every_geopackage() {
    // GDAL's own GeoPackage conformance checker (Debian's python3-gdal, which gdal-bin
    // depends on), run by Debian's Python, with warnings as errors: on the seed and on every
    // golden scenario the consumers read (areas, groups, sea corridors, the antimeridian,
    // travel and strikes).
    let samples = PathBuf::from("/usr/lib/python3/dist-packages/osgeo_utils/samples");
    let docs = PathBuf::from("/usr/share/doc/python3-gdal/examples");
    let Some(validate) = tool(
        "validate_gpkg.py",
        &[
            samples.join("validate_gpkg.py"),
            docs.join("validate_gpkg.py"),
        ],
    ) else {
        return;
    };
    let Some(python) = tool("python3", &[PathBuf::from("/usr/bin/python3")]) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    for (name, scenario) in interop_scenarios() {
        let dir = tmp.path().join(name);
        build_as(&dir, scenario.as_deref(), "gpkg");
        run_ok(
            Command::new(&python)
                .arg(&validate)
                .arg("--warning-as-error")
                .arg(dir.join("map.gpkg")),
        );
    }
}
