//! `diplomap batch` through the real binary: maps built as `build` builds them, the same bytes
//! for any `--jobs`, a failing map that does not stop the others, incremental rebuilds by
//! content, the report, and the manifest's errors word for word.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{data, diplomap, stderr};

/// Every file under a folder (recursively), by relative path; the batch stamps left out.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.ends_with(".diplomap-batch") {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

const MANIFEST: &str = r#"[[map]]
name = "seed"
scenarios = ["stories/seed.toml"]
output = "maps/seed"
formats = ["geojson", "fgb"]
svg = true

[[map]]
name = "acled"
events = "tables/acled.csv"
columns = "acled"
output = "maps/acled"
since = 2024-07-09

[[map]]
name = "broken"
scenarios = ["stories/missing.toml"]
output = "maps/broken"

[[map]]
name = "twin"
events = ["tables/twin.csv"]
output = "maps/twin"
layers = ["strikes", "summits"]
"#;

/// A project folder with the manifest, its stories and tables.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("stories")).unwrap();
    std::fs::create_dir_all(p.join("tables")).unwrap();
    diplomap()
        .args(["init", "stories/seed.toml"])
        .current_dir(p)
        .assert()
        .success();
    std::fs::copy(data("acled-sample.csv"), p.join("tables/acled.csv")).unwrap();
    std::fs::copy(data("events-small.csv"), p.join("tables/twin.csv")).unwrap();
    std::fs::write(p.join("maps.toml"), MANIFEST).unwrap();
    dir
}

fn batch(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = diplomap()
        .arg("batch")
        .arg("maps.toml")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (out.status.code().unwrap(), stderr(&out))
}

#[test]
fn maps_build_as_build_builds_them_for_any_number_of_jobs() {
    let one = project();
    let (code, err) = batch(one.path(), &["--jobs", "1"]);
    assert_eq!(code, 1, "the broken map fails the run: {err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("status  map     output       what"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("built   seed    maps/seed    6 layers, 55 features"),
        "{err}"
    );
    assert!(
        lines[2].starts_with("built   acled   maps/acled   1 layer, 3 features"),
        "{err}"
    );
    assert!(
        lines[3].starts_with("FAILED  broken  maps/broken  see below"),
        "{err}"
    );
    assert!(
        lines[4].starts_with("built   twin    maps/twin    2 layers, 4 features"),
        "{err}"
    );
    assert!(err.contains(
        "diplomap: error: map 'broken': cannot read scenario 'stories/missing.toml': No such file or directory (os error 2)\n"
    ), "{err}");
    assert!(
        err.ends_with("4 maps: 3 built, 0 unchanged, 1 failed\n"),
        "{err}"
    );

    let four = project();
    let (code, _) = batch(four.path(), &["--jobs", "4"]);
    assert_eq!(code, 1);
    assert_eq!(
        tree(&one.path().join("maps")),
        tree(&four.path().join("maps"))
    );

    // Each map is what `build` makes of the same inputs.
    let by_hand = one.path().join("by-hand");
    diplomap()
        .args([
            "build",
            "stories/seed.toml",
            "--format",
            "geojson,fgb",
            "--svg",
            "-o",
        ])
        .arg(&by_hand)
        .current_dir(one.path())
        .assert()
        .success();
    assert_eq!(tree(&by_hand), tree(&one.path().join("maps/seed")));
    assert!(!one.path().join("maps/twin/meetings.geojson").exists());
}

#[test]
fn unchanged_maps_are_skipped_by_content_not_by_time() {
    let p = project();
    let dir = p.path();
    batch(dir, &[]);
    let (_, err) = batch(dir, &["--report", "report.json"]);
    assert!(
        err.ends_with("4 maps: 0 built, 3 unchanged, 1 failed\n"),
        "{err}"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["unchanged"], 3);
    assert_eq!(report["maps"][2]["status"], "failed");

    // The same bytes rewritten (a new time, same content): still unchanged.
    let story = dir.join("stories/seed.toml");
    let text = std::fs::read(&story).unwrap();
    std::fs::write(&story, &text).unwrap();
    let (_, err) = batch(dir, &[]);
    assert!(err.contains("unchanged  seed "), "{err}");
    // Changed content: rebuilt. A deleted map file: rebuilt.
    std::fs::write(&story, [text.as_slice(), b"\n# edited\n"].concat()).unwrap();
    std::fs::remove_file(dir.join("maps/acled/strikes.geojson")).unwrap();
    let (_, err) = batch(dir, &["--report", "report.json"]);
    assert!(err.contains("built      seed "), "{err}");
    assert!(err.contains("built      acled "), "{err}");
    assert!(err.contains("unchanged  twin "), "{err}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(report["maps"][1]["layers"]["strikes"], 3);
    assert_eq!(
        report["maps"][1]["warnings"][0],
        "tables/acled.csv: 1 row of event type 'Protests' skipped: no diplomap layer draws it"
    );
    // --force rebuilds everything.
    let (_, err) = batch(dir, &["--force"]);
    assert!(
        err.ends_with("4 maps: 3 built, 0 unchanged, 1 failed\n"),
        "{err}"
    );
}

#[test]
fn manifest_errors_are_reported_before_any_map_is_built() {
    let p = project();
    let dir = p.path();
    let cases = [
        (
            "[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"../../elsewhere\"\n",
            "diplomap: error: maps.toml:3:10: output '../../elsewhere' leaves the manifest's folder; hint: keep outputs beside the manifest, or pass --allow-outside\n",
        ),
        (
            "[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"/tmp/x\"\n",
            "diplomap: error: maps.toml:3:10: output '/tmp/x' leaves the manifest's folder; hint: keep outputs beside the manifest, or pass --allow-outside\n",
        ),
        (
            "[[map]]\nname = \"a\"\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/a\"\n[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/./a\"\n",
            "diplomap: error: maps.toml:7:10: output 'maps/./a' is also the output of map 'a'; hint: give each map a folder of its own\n",
        ),
        (
            "[[map]]\nscenario = [\"stories/seed.toml\"]\noutput = \"maps/a\"\n",
            "diplomap: error: 2 problems:\n  maps.toml:2:1: unknown key 'scenario' in [[map]]; hint: did you mean 'scenarios'?\n  maps.toml:3:10: map 'maps/a' has no scenarios and no events; hint: scenarios = [\"story.toml\"] and/or events = [\"events.csv\"]\n",
        ),
        (
            "[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/a\"\nformats = [\"shp\"]\n",
            "diplomap: error: maps.toml:4:11: unknown formats value 'shp'; hint: one of geojson, geojsonseq, gpkg, fgb\n",
        ),
        (
            "[[map]]\noutput = \"maps/a\"\n",
            "diplomap: error: maps.toml:2:10: map 'maps/a' has no scenarios and no events; hint: scenarios = [\"story.toml\"] and/or events = [\"events.csv\"]\n",
        ),
        (
            "# nothing yet\n",
            "diplomap: error: maps.toml: the manifest has no [[map]]; hint: add one per map, such as [[map]] with scenarios = [\"story.toml\"] and output = \"maps/story\"\n",
        ),
    ];
    for (manifest, message) in cases {
        std::fs::write(dir.join("maps.toml"), manifest).unwrap();
        let (code, err) = batch(dir, &[]);
        assert_eq!(code, 1, "{manifest}");
        assert_eq!(err, message, "{manifest}");
        assert!(!dir.join("maps").exists(), "{manifest}");
    }
    // Outside the folder with --allow-outside.
    std::fs::write(
        dir.join("maps.toml"),
        "[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"../outside\"\n",
    )
    .unwrap();
    let nested = dir.join("project");
    std::fs::create_dir_all(nested.join("stories")).unwrap();
    std::fs::rename(dir.join("maps.toml"), nested.join("maps.toml")).unwrap();
    std::fs::copy(
        dir.join("stories/seed.toml"),
        nested.join("stories/seed.toml"),
    )
    .unwrap();
    let (code, err) = batch(&nested, &["--allow-outside"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.join("outside/strikes.geojson").is_file());
    let (code, err) = batch(&nested, &["--jobs", "0"]);
    assert_eq!(
        (code, err.as_str()),
        (2, "diplomap: error: --jobs must be at least 1\n")
    );
}

#[test]
fn the_readme_manifest_builds_as_shown() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = &readme[readme.find("## Batch builds").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let manifest = &section[start..start + section[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("tables")).unwrap();
    std::fs::create_dir_all(p.join("stories")).unwrap();
    diplomap()
        .args(["init", "stories/india-russia.toml"])
        .current_dir(p)
        .assert()
        .success();
    std::fs::copy(data("acled-sample.csv"), p.join("tables/acled-ukraine.csv")).unwrap();
    std::fs::write(p.join("maps.toml"), manifest).unwrap();
    let (code, err) = batch(p, &[]);
    assert_eq!(code, 0, "{err}");
    let shown = &section[section.find("$ diplomap batch maps.toml\n").unwrap()..];
    let first_run: Vec<&str> = shown.lines().skip(1).take(6).collect();
    let got: Vec<&str> = err.lines().collect();
    assert_eq!(got.len(), first_run.len(), "{err}");
    for (g, want) in got.iter().zip(&first_run) {
        // Times differ from run to run.
        let cut = |s: &str| s.split("  0.").next().unwrap().trim_end().to_string();
        assert_eq!(cut(g), cut(want));
    }
    let (_, err) = batch(p, &[]);
    assert!(
        err.ends_with("2 maps: 0 built, 2 unchanged, 0 failed\n"),
        "{err}"
    );
}

#[test]
fn links_and_inputs_that_lead_out_of_the_manifests_folder_are_refused() {
    let p = project();
    let dir = p.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("strikes.geojson"),
        "not to be overwritten",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("maps")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.join("maps/out")).unwrap();
    std::os::unix::fs::symlink(dir.join("maps/real"), dir.join("maps/alias")).unwrap();
    std::fs::create_dir_all(dir.join("maps/real")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.join("linked")).unwrap();
    std::fs::write(outside.path().join("story.toml"), "title = \"elsewhere\"\n").unwrap();
    let real = std::fs::canonicalize(outside.path()).unwrap();
    let cases = [
        (
            "[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/out\"\n".to_string(),
            format!("diplomap: error: maps.toml:3:10: output 'maps/out' leads out of the manifest's folder through a symbolic link (to {}); hint: keep outputs beside the manifest, or pass --allow-outside\n", real.display()),
        ),
        (
            "[[map]]\nname = \"a\"\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/real\"\n[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/alias\"\n".to_string(),
            "diplomap: error: maps.toml:7:10: output 'maps/alias' is also the output of map 'a'; hint: give each map a folder of its own\n".to_string(),
        ),
        (
            "[[map]]\nevents = \"/etc/passwd\"\noutput = \"maps/a\"\n".to_string(),
            "diplomap: error: maps.toml:2:10: event table '/etc/passwd' is outside the manifest's folder; hint: keep inputs beside the manifest, or pass --allow-outside\n".to_string(),
        ),
        (
            "[[map]]\nscenarios = [\"stories/seed.toml\", \"linked/story.toml\"]\noutput = \"maps/a\"\n".to_string(),
            "diplomap: error: maps.toml:2:13: scenario 'linked/story.toml' leads out of the manifest's folder; hint: keep inputs beside the manifest, or pass --allow-outside\n".to_string(),
        ),
    ];
    for (manifest, message) in cases {
        std::fs::write(dir.join("maps.toml"), &manifest).unwrap();
        let (code, err) = batch(dir, &[]);
        assert_eq!((code, err.as_str()), (1, message.as_str()), "{manifest}");
    }
    assert_eq!(
        std::fs::read_to_string(outside.path().join("strikes.geojson")).unwrap(),
        "not to be overwritten"
    );
    // With --allow-outside, a file that is not a table is an error that echoes none of it.
    std::fs::write(
        dir.join("maps.toml"),
        "[[map]]\nevents = \"/etc/passwd\"\noutput = \"maps/a\"\n",
    )
    .unwrap();
    let (code, err) = batch(dir, &["--allow-outside"]);
    assert_eq!(code, 1);
    assert!(!err.contains("root:"), "{err}");
    assert!(
        err.contains("/etc/passwd:1:1: the first line has a single column (no comma, semicolon or tab), so this is not an event table"),
        "{err}"
    );
}

#[test]
fn every_problem_of_a_manifest_is_reported_at_once_each_at_its_own_line() {
    let p = project();
    let dir = p.path();
    std::fs::write(
        dir.join("maps.toml"),
        "[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/a\"\nformat = [\"gpkg\"]\nlayers = [\"strikes\", \"strike\"]\n\n[[map]]\nscenarios = [\"stories/seed.toml\"]\noutput = \"maps/b\"\nformats = [\"geojsn\"]\nhtlm = true\n",
    )
    .unwrap();
    let (code, err) = batch(dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "diplomap: error: 4 problems:\n  \
         maps.toml:4:1: unknown key 'format' in [[map]]; hint: did you mean 'formats'?\n  \
         maps.toml:5:10: unknown layers value 'strike'; hint: did you mean 'strikes'? (one of areas, countries, corridors, travel, summits, meetings, strikes)\n  \
         maps.toml:10:11: unknown formats value 'geojsn'; hint: did you mean 'geojson'? (one of geojson, geojsonseq, gpkg, fgb)\n  \
         maps.toml:11:1: unknown key 'htlm' in [[map]]; hint: did you mean 'html'?\n"
    );
    assert!(!dir.join("maps").exists());
}
