//! Shared helpers for integration tests: run the real `diplomap` binary with a scrubbed
//! environment, and read the public acceptance files beside the project.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `diplomap` binary with an empty environment (no locale, no RUST_LOG, no HOME).
pub fn diplomap() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("diplomap").expect("binary builds");
    cmd.env_clear();
    cmd
}

/// Whether `../shared` is required (`DIPLOMAP_REQUIRE_SHARED=1`, which `.ci/run` sets): then a
/// missing file fails the test instead of skipping it.
pub fn shared_required() -> bool {
    std::env::var_os("DIPLOMAP_REQUIRE_SHARED").is_some_and(|v| v == "1")
}

/// `../shared/REL` from the project root, if it exists. CI lays `../shared` beside the clone; a
/// user's fresh clone has none, and then the caller skips, after one line on stderr saying so —
/// unless `DIPLOMAP_REQUIRE_SHARED=1`, when a missing file panics.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        !shared_required(),
        "shared file {} is missing, and DIPLOMAP_REQUIRE_SHARED=1: CI lays ../shared beside the clone",
        path.display()
    );
    eprintln!(
        "skipped: ../shared/{rel} is not beside this clone (CI lays it there; set DIPLOMAP_REQUIRE_SHARED=1 to require it)"
    );
    None
}

/// `../shared/acceptance/NAME`, if present (see [`shared`]).
pub fn acceptance(name: &str) -> Option<PathBuf> {
    shared(&format!("acceptance/{name}"))
}

/// `tests/data/NAME`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Great-circle distance in km between two `[lon, lat]` points (haversine, mean Earth radius).
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    use geo::{Distance, Haversine, Point};
    Haversine.distance(Point::new(a.0, a.1), Point::new(b.0, b.1)) / 1000.0
}

/// Stdout of a command as UTF-8 text.
pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// Stderr of a command as UTF-8 text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Stdout of a `--json` run, one parsed value per line.
pub fn json_lines(out: &std::process::Output) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// The seed scenario's layers.
pub const SEED_LAYERS: [&str; 6] = [
    "countries",
    "corridors",
    "travel",
    "summits",
    "meetings",
    "strikes",
];

/// Build the seed scenario in `formats` (a comma list) into `dir`, asserting success.
pub fn build_seed_as(dir: &std::path::Path, formats: &str) {
    build_as(dir, None, formats);
}

/// Build a scenario file (`None`: the seed) in `formats` (a comma list) into `dir`, asserting
/// success.
pub fn build_as(dir: &Path, scenario: Option<&Path>, formats: &str) {
    let mut cmd = diplomap();
    cmd.arg("build");
    if let Some(s) = scenario {
        cmd.arg(s);
    }
    let out = cmd
        .args(["--format", formats, "-o"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A JSON file, parsed.
pub fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every file in a folder, by name.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Route options avoiding the named passages.
pub fn avoid(names: &[&str]) -> diplomap::routing::RouteOptions {
    diplomap::routing::RouteOptions {
        avoid: passage_ids(names),
        ..Default::default()
    }
}

/// Route options that open the named passages closed by default.
pub fn allow(names: &[&str]) -> diplomap::routing::RouteOptions {
    diplomap::routing::RouteOptions {
        allow: passage_ids(names),
        ..Default::default()
    }
}

/// The `PASSAGES` indices of the named passages.
fn passage_ids(names: &[&str]) -> Vec<usize> {
    names
        .iter()
        .map(|n| {
            diplomap::routing::passages::find(n)
                .expect("known passage")
                .0
        })
        .collect()
}

/// The sea router on the embedded network, opened once for every test that routes.
pub fn router() -> &'static diplomap::routing::route::Router<'static> {
    static ROUTER: std::sync::OnceLock<diplomap::routing::route::Router<'static>> =
        std::sync::OnceLock::new();
    ROUTER.get_or_init(|| diplomap::routing::embedded().expect("embedded sea network"))
}
