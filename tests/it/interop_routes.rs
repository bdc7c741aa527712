//! Sea routes read by an independent land check: shapely (PyPI) measures every route of the
//! held-out port pairs against Natural Earth's land, which the router never saw as such.

use super::interop::*;
use crate::common;
use common::{diplomap, stdout};
use std::path::PathBuf;
use std::process::Command;

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
