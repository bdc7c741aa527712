//! The output folder is replaced whole (src/mapdir): after any failure or kill it holds the
//! previous map or the new one. The kill window is probed with strace, which sends SIGKILL at the
//! Nth rename (`-e inject=renameat2:signal=SIGKILL:when=N`) or makes it fail; concurrent builds,
//! signals, stale leftovers, pictures not asked for, and destinations that are not files are
//! driven through the real binary. strace comes from Debian (`.ci/run` installs it and sets
//! `DIPLOMAP_REQUIRE_INTEROP=1`, which makes it required); without it those tests say they are
//! skipped.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{data, diplomap, stderr};

/// The map as a reader sees it: every entry that is not hidden, with its bytes.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let bytes = if e.file_type().unwrap().is_dir() {
            b"<folder>".to_vec()
        } else {
            std::fs::read(e.path()).unwrap()
        };
        out.insert(name, bytes);
    }
    out
}

/// `.diplomap-*` entries in the folder and beside it.
pub(crate) fn leftovers(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for d in [dir, dir.parent().unwrap()] {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".diplomap-") {
                found.push(format!("{}/{name}", d.display()));
            }
        }
    }
    found
}

pub(crate) fn names(map: &BTreeMap<String, Vec<u8>>) -> Vec<&str> {
    map.keys().map(String::as_str).collect()
}

/// Map A: the seed story with its pictures and a GeoPackage. Map B: the event table's twin as
/// GeoJSON and FlatGeobuf. They share file names with different bytes and each has files the
/// other lacks, so any mix of the two shows.
pub(crate) const A: &[&str] = &["build", "--html", "--svg", "--format", "geojson,gpkg"];

pub(crate) fn b_args() -> Vec<String> {
    vec![
        "build".into(),
        data("events-small.toml").display().to_string(),
        "--format".into(),
        "geojson,fgb".into(),
    ]
}

/// Build into `dir` (`-o dir`, or `-o .` from inside it when `inside`), asserting success.
pub(crate) fn build(args: &[String], dir: &Path, inside: bool) {
    let out = run(diplomap(), args, dir, inside);
    assert!(out.status.success(), "{}", stderr(&out));
}

pub(crate) fn run(
    mut cmd: assert_cmd::Command,
    args: &[String],
    dir: &Path,
    inside: bool,
) -> std::process::Output {
    cmd.args(args);
    if inside {
        cmd.args(["-o", "."]).current_dir(dir);
    } else {
        cmd.arg("-o").arg(dir);
    }
    cmd.output().unwrap()
}

/// Take the folder's lock as a running build does; it is held until the file is dropped.
pub(crate) fn hold_lock(dir: &Path) -> std::fs::File {
    let held = std::fs::File::open(dir).unwrap();
    // SAFETY: the descriptor is open for the call; flock touches no memory.
    let rc = unsafe { libc::flock(std::os::fd::AsRawFd::as_raw_fd(&held), libc::LOCK_EX) };
    assert_eq!(rc, 0);
    held
}

/// `diplomap ARGS -o DIR`, run to the end.
pub(crate) fn build_into(dir: &Path, args: &[&str]) -> std::process::Output {
    diplomap().args(args).arg("-o").arg(dir).output().unwrap()
}

pub(crate) fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_diplomap"))
}

pub(crate) fn strace() -> Option<PathBuf> {
    let found = ["/usr/bin/strace", "/bin/strace"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("DIPLOMAP_REQUIRE_INTEROP").is_none_or(|v| v != "1"),
            "strace is missing, and DIPLOMAP_REQUIRE_INTEROP=1 (apt-get install strace)"
        );
        eprintln!("skipped: strace is not installed (apt-get install strace)");
    }
    found
}

/// Run map B's build under strace with `inject` on the renames (the build's only renames are
/// `renameat2`: the swap and the file-by-file commit both use it). True when it finished.
pub(crate) fn b_under_strace(
    strace: &Path,
    inject: &str,
    dir: &Path,
    inside: bool,
) -> (bool, String) {
    let mut cmd = Command::new(strace);
    cmd.args([
        "-f",
        "-qq",
        "-o",
        "/dev/null",
        "-e",
        "trace=renameat2",
        "-e",
    ])
    .arg(format!("inject=renameat2:{inject}"))
    .arg(binary())
    .args(b_args())
    .env_clear()
    .stdin(Stdio::null());
    if inside {
        cmd.args(["-o", "."]).current_dir(dir);
    } else {
        cmd.arg("-o").arg(dir);
    }
    let out = cmd.output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A build whose table has a bad row: it fails after locking the folder, so it shows what the
/// next build finds and restores, without writing a map of its own.
pub(crate) fn failing_build(dir: &Path, inside: bool) {
    let table = dir.parent().unwrap().join("bad.csv");
    std::fs::write(&table, "kind,lon,lat,date\nstrike,30.5,95.2,2024-07-08\n").unwrap();
    let mut args = strings(A);
    args.extend(["--events".to_string(), table.display().to_string()]);
    let out = run(diplomap(), &args, dir, inside);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("latitude 95.2 is out of range"));
}

/// Kill map B's build at its 1st, 2nd, … rename over map A until it finishes: after each kill
/// the folder holds A or B — at once when the folder is swapped whole, and after the next build
/// (which rolls an unfinished commit back) when files were renamed one by one.
pub(crate) fn kill_window(inside: bool) {
    let Some(strace) = strace() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    std::fs::create_dir(&dir).unwrap();
    build(&b_args(), &dir, inside);
    let map_b = snapshot(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir(&dir).unwrap();
    build(&strings(A), &dir, inside);
    let map_a = snapshot(&dir);
    assert_ne!(names(&map_a), names(&map_b));
    let mut kills = 0;
    for n in 1..=40 {
        let (finished, err) =
            b_under_strace(&strace, &format!("signal=SIGKILL:when={n}"), &dir, inside);
        if finished {
            assert_eq!(snapshot(&dir), map_b, "after the last rename");
            break;
        }
        kills += 1;
        let now = snapshot(&dir);
        if !inside {
            assert!(
                now == map_a || now == map_b,
                "killed at rename {n}, the swapped folder holds {:?} ({err})",
                names(&now)
            );
        }
        failing_build(&dir, inside);
        let now = snapshot(&dir);
        assert!(
            now == map_a || now == map_b,
            "killed at rename {n}, then a failed build: the folder holds {:?}",
            names(&now)
        );
        assert_eq!(leftovers(&dir), Vec::<String>::new(), "after rename {n}");
        // Back to map A for the next try.
        build(&strings(A), &dir, inside);
        assert_eq!(snapshot(&dir), map_a);
    }
    assert!(kills >= 1, "no rename was killed");
    if inside {
        assert!(
            kills >= 5,
            "a file-by-file commit renames every file: {kills}"
        );
    }
}

#[test]
fn a_swapped_folder_killed_at_any_rename_holds_the_old_map_or_the_new() {
    kill_window(false);
}

#[test]
fn a_folder_committed_file_by_file_killed_at_any_rename_is_restored_by_the_next_build() {
    kill_window(true);
}

/// Make the Nth rename fail (EIO) instead: the build exits 1 and every file is rolled back.
pub(crate) fn failing_rename(inside: bool) {
    let Some(strace) = strace() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    std::fs::create_dir(&dir).unwrap();
    build(&strings(A), &dir, inside);
    let map_a = snapshot(&dir);
    let mut failures = 0;
    for n in 1..=40 {
        let (finished, err) = b_under_strace(&strace, &format!("error=EIO:when={n}"), &dir, inside);
        if finished {
            break;
        }
        failures += 1;
        assert!(err.contains("Input/output error"), "{err}");
        assert_eq!(snapshot(&dir), map_a, "rename {n} failed: {err}");
        assert_eq!(leftovers(&dir), Vec::<String>::new(), "after rename {n}");
    }
    assert!(failures >= 1);
}

#[test]
fn a_failed_swap_leaves_the_old_map() {
    failing_rename(false);
}

#[test]
fn a_failed_rename_in_a_file_by_file_commit_rolls_every_file_back() {
    failing_rename(true);
}

#[test]
fn a_second_build_into_a_locked_folder_waits_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    let map_a = snapshot(&dir);
    // Hold the folder's lock as a running build does.
    let held = hold_lock(&dir);
    let mut child = Command::new(binary())
        .args(b_args())
        .arg("-o")
        .arg(&dir)
        .env_clear()
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut err = child.stderr.take().unwrap();
    let waiting = format!(
        "diplomap: waiting for another build into '{}' to finish",
        dir.display()
    );
    {
        use std::io::BufRead;
        let mut lines = std::io::BufReader::new(&mut err).lines();
        loop {
            let line = lines.next().expect("the build says it waits").unwrap();
            if line == waiting {
                break;
            }
            assert!(line.contains("warning"), "before waiting: {line}");
        }
    }
    assert_eq!(snapshot(&dir), map_a, "the waiting build changed nothing");
    drop(held);
    let status = child.wait().unwrap();
    assert!(status.success());
    assert!(!snapshot(&dir).contains_key("index.html"));
    assert!(snapshot(&dir).contains_key("strikes.fgb"));
}

#[test]
fn builds_into_one_folder_at_once_each_leave_a_whole_map() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&b_args(), &dir, false);
    let map_b = snapshot(&dir);
    build(&strings(A), &dir, false);
    let map_a = snapshot(&dir);
    for round in 0..6 {
        let spawn = |args: Vec<String>| {
            Command::new(binary())
                .args(args)
                .arg("-o")
                .arg(&dir)
                .arg("-q")
                .env_clear()
                .stdin(Stdio::null())
                .spawn()
                .unwrap()
        };
        let mut a = spawn(strings(A));
        let mut b = spawn(b_args());
        assert!(a.wait().unwrap().success());
        assert!(b.wait().unwrap().success());
        let now = snapshot(&dir);
        assert!(
            now == map_a || now == map_b,
            "round {round}: {:?}",
            names(&now)
        );
        assert_eq!(leftovers(&dir), Vec::<String>::new());
    }
}
