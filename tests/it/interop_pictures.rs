//! The pictures read by their consumers: the SVG map and the QGIS styles by Python's XML parser,
//! the HTML preview by headless Chromium with the network cut (`tests/interop/preview.mjs`).

use super::interop::*;
use crate::common;
use common::{diplomap, stdout};
use std::path::PathBuf;
use std::process::Command;

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
