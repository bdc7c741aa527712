//! Golden outputs, tippecanoe-style: each `tests/golden/<case>/scenario.toml` is built once per
//! flag set, and the result must match `tests/golden/<case>/<flags>/` byte for byte — every layer
//! file, the stderr summary (`stderr.txt`, output folder written as `OUT`) and the exit code
//! (`exit-code`). The folder names the flags: `default` is none, `strict` is `--strict`.
//! The diff in these files is the change a commit makes to diplomap's output.
//!
//! `UPDATE_GOLDEN=1 cargo test --test it golden` rewrites them after a deliberate change.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::diplomap;

fn flags(name: &str) -> Vec<String> {
    match name {
        "default" => Vec::new(),
        other => other.split('+').map(|f| format!("--{f}")).collect(),
    }
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| e.unwrap())
            .filter(|e| e.path().is_file())
            // QGIS styles depend only on the geometry family; tests/it/interop.rs checks them.
            .filter(|e| e.path().extension().is_none_or(|x| x != "qml"))
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect(),
        Err(_) => BTreeMap::new(),
    }
}

#[test]
fn golden_outputs_match() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut checked = 0;
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    for case in cases {
        let mut variants: Vec<PathBuf> = std::fs::read_dir(&case)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        variants.sort();
        for expected_dir in variants {
            let name = expected_dir
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let tmp = tempfile::tempdir().unwrap();
            let out_dir = tmp.path().join("out");
            let run = diplomap()
                .arg("build")
                .arg("scenario.toml")
                .arg("-o")
                .arg(&out_dir)
                .args(flags(&name))
                .current_dir(&case)
                .output()
                .unwrap();
            let mut got = files(&out_dir);
            let stderr = String::from_utf8(run.stderr).unwrap();
            got.insert(
                "stderr.txt".into(),
                stderr
                    .replace(&out_dir.display().to_string(), "OUT")
                    .into_bytes(),
            );
            got.insert(
                "exit-code".into(),
                format!("{}\n", run.status.code().unwrap()).into_bytes(),
            );
            if update {
                for old in files(&expected_dir).keys() {
                    std::fs::remove_file(expected_dir.join(old)).unwrap();
                }
                for (file, bytes) in &got {
                    std::fs::write(expected_dir.join(file), bytes).unwrap();
                }
            }
            let want = files(&expected_dir);
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{}/{name}: files differ",
                case.display()
            );
            for (file, bytes) in &want {
                assert!(
                    got[file] == *bytes,
                    "{}/{name}/{file} differs:\n--- expected\n{}\n--- got\n{}",
                    case.display(),
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(&got[file])
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 4, "golden cases found: {checked}");
}
