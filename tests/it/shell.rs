//! Fitting the shell: completion scripts and man pages generated from the flag definitions, and
//! an example in the `--help` of every command.

use crate::common;

use common::{diplomap, stderr, stdout};

#[test]
fn completion_scripts_know_every_command_and_flag() {
    for (shell, marker) in [
        ("bash", "complete -F _diplomap"),
        ("zsh", "#compdef diplomap"),
        ("fish", "complete -c diplomap"),
    ] {
        let out = diplomap().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}");
        for word in [
            "batch",
            "events",
            "skip-bad-rows",
            "allow-outside",
            "geojsonseq",
        ] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    // The bash script is valid bash.
    let out = diplomap().args(["completions", "bash"]).output().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diplomap.bash");
    std::fs::write(&path, stdout(&out)).unwrap();
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let out = diplomap().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: invalid value 'tcsh' for '<SHELL>'"));
}

#[test]
fn man_pages_cover_diplomap_and_each_command() {
    let out = diplomap().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(page.contains(".TH diplomap 1"), "{page}");
    for command in [
        "build",
        "batch",
        "extract",
        "route",
        "resolve",
        "completions",
    ] {
        assert!(page.contains(&format!("diplomap\\-{command}(1)")) || page.contains(command));
    }
    let out = diplomap().args(["man", "build"]).output().unwrap();
    let page = stdout(&out);
    assert!(page.contains(".TH diplomap-build 1"), "{page}");
    for flag in [
        "\\-\\-events",
        "\\-\\-skip\\-bad\\-rows",
        "\\-\\-columns",
        "\\-\\-html",
    ] {
        assert!(page.contains(flag), "{flag}");
    }
    let out = diplomap().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "diplomap: error: no command 'nope'; hint: one of build, batch, init, extract, resolve, route, gazetteer, completions, man, help\n"
    );
}

#[test]
fn every_command_shows_an_example_in_its_help() {
    for command in [
        &["build"][..],
        &["batch"],
        &["init"],
        &["extract"],
        &["resolve"],
        &["route"],
        &["gazetteer"],
        &["gazetteer", "import"],
        &["gazetteer", "info"],
        &["completions"],
        &["man"],
    ] {
        let out = diplomap().args(command).arg("--help").output().unwrap();
        assert!(out.status.success(), "{command:?}");
        let help = stdout(&out);
        assert!(
            help.contains("Example"),
            "{command:?} --help has no example:\n{help}"
        );
        assert!(help.contains("  diplomap "), "{command:?}");
    }
}
