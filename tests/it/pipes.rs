//! A closed pipe exits 0, always, and never stops the work it does not need: stdout closed before
//! the output is written (`| head -1`, a reader that closed its input), stderr closed while a
//! batch reports (`2>&1 | head -1`), each driven through bash so the pipe is a real one.

use std::process::Command;

/// Run `script` in bash with `$D` the diplomap binary, in `dir`. Returns the exit status of the
/// pipeline's first command (bash's `PIPESTATUS[0]`, carried on fd 3, away from the pipes) and
/// bash's stderr.
fn pipeline(dir: &std::path::Path, script: &str) -> (i32, String) {
    let status_file = tempfile::NamedTempFile::new().unwrap();
    let script = format!(
        "exec 3>'{}'; {script}; echo \"${{PIPESTATUS[0]}}\" >&3",
        status_file.path().display()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("D", env!("CARGO_BIN_EXE_diplomap"))
        .current_dir(dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let text = std::fs::read_to_string(status_file.path()).unwrap();
    let status = text
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("no status in {text:?}; stderr: {err}"));
    (status, err)
}

#[test]
fn gazetteer_info_into_a_reader_that_closed_its_input_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    let (status, err) = pipeline(tmp.path(), "$D gazetteer info | (exec 0<&-; sleep 1)");
    assert_eq!(status, 0, "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn extract_batch_into_head_exits_0() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    for i in 0..400 {
        std::fs::write(
            dir.join(format!("a{i:03}.txt")),
            "Russian missiles struck Kyiv on 8 July 2024. Modi met Putin in Moscow.\n",
        )
        .unwrap();
    }
    let (status, err) = pipeline(
        tmp.path(),
        "$D extract --batch articles | head -1 >/dev/null",
    );
    assert_eq!(status, 0, "{err}");
    assert_eq!(err, "");
}

#[test]
fn batch_with_stderr_into_head_exits_0_and_writes_its_report() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("s.toml"),
        "title = \"t\"\n[[meeting]]\nplace = \"Chennai\"\ndate = 2019-09-04\n",
    )
    .unwrap();
    let mut manifest = String::new();
    for i in 0..6 {
        manifest.push_str(&format!(
            "[[map]]\nname = \"m{i}\"\nscenarios = [\"s.toml\"]\noutput = \"out/m{i}\"\n"
        ));
    }
    std::fs::write(tmp.path().join("m.toml"), manifest).unwrap();
    let (status, err) = pipeline(
        tmp.path(),
        "$D batch m.toml --report r.json 2>&1 | head -1 >/dev/null",
    );
    assert_eq!(status, 0, "{err}");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["maps"].as_array().unwrap().len(), 6);
    for i in 0..6 {
        assert!(tmp
            .path()
            .join(format!("out/m{i}/meetings.geojson"))
            .is_file());
    }
}

#[test]
fn resolve_and_route_into_head_exit_0() {
    let tmp = tempfile::tempdir().unwrap();
    let names: String = (0..3000).map(|_| "Moscow\nKyiv\n").collect();
    std::fs::write(tmp.path().join("names.txt"), names).unwrap();
    let (status, err) = pipeline(
        tmp.path(),
        "$D resolve --json - < names.txt | head -1 >/dev/null",
    );
    assert_eq!(status, 0, "{err}");
    assert_eq!(err, "");
}
