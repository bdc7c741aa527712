//! The published geoparsing corpora in `../shared/eval/geoparsing/` (TR-News and GeoVirus),
//! scored by their own `score.py` against the real binary, at issue 16's targets: recognition
//! F1 ≥ 0.88, `matched` (of the toponyms found, the share resolved within 161 km or to the right
//! country) ≥ 0.92 and end-to-end accuracy (the same over every gold toponym) ≥ 0.82 on each, and
//! no document failing (README, "Geoparsing scores"). Skipped, with one line, when `../shared` is
//! not beside the clone.

use crate::common;

use std::process::Command;

#[test]
fn the_published_corpora_score_at_the_targets() {
    let Some(score) = common::shared("eval/geoparsing/score.py") else {
        return;
    };
    let corpora = score.parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("scores.json");
    let out = Command::new("python3")
        .arg(&score)
        .arg("--bin")
        .arg(env!("CARGO_BIN_EXE_diplomap"))
        .arg("--json")
        .arg(&json)
        .arg("--show")
        .arg("0")
        .arg(corpora.join("trnews"))
        .arg(corpora.join("geovirus"))
        .output()
        .expect("python3 runs score.py");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{printed}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{printed}");
    let scores: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    for corpus in ["trnews", "geovirus"] {
        let m = &scores[corpus];
        let get = |k: &str| m[k].as_f64().unwrap_or_else(|| panic!("{corpus} {k}: {m}"));
        assert!(get("f1") >= 0.88, "{corpus}: {printed}");
        assert!(get("end_to_end") >= 0.82, "{corpus}: {printed}");
        assert!(get("matched") >= 0.92, "{corpus}: {printed}");
        assert_eq!(
            m["failed_docs"],
            serde_json::json!([]),
            "{corpus}: {printed}"
        );
    }
}
