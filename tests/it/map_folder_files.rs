//! What a build does with the files around a map: signals and stale leftovers, files of an
//! earlier build not asked for again, destinations that are not files, modes and links, a
//! GeoPackage that is not wholly ours, and a file that cannot be removed.

use super::map_folder::*;
use crate::common;
use common::{diplomap, stderr};
use std::path::Path;
use std::process::{Command, Stdio};

/// A build of a large table, stopped by `signal` while it reads: the staging folder goes, the
/// previous map stays, and the process ends by the signal.
fn stopped_by(signal: i32) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    let map_a = snapshot(&dir);
    let table = tmp.path().join("big.csv");
    let mut text = String::from("kind,lon,lat,date\n");
    for i in 0..400_000u32 {
        text.push_str(&format!(
            "strike,{:.4},{:.4},2024-07-08\n",
            30.0 + f64::from(i % 1000) / 1000.0,
            50.0 + f64::from(i / 1000) / 1000.0
        ));
    }
    std::fs::write(&table, text).unwrap();
    let mut child = Command::new(binary())
        .args(["build", "--events"])
        .arg(&table)
        .arg("-o")
        .arg(&dir)
        .arg("-q")
        .env_clear()
        .stdin(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the staging folder to hold a layer file, then stop the build.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let staged = std::fs::read_dir(tmp.path()).unwrap().flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".diplomap-stage-")
                && e.path().join("strikes.geojson").exists()
        });
        if staged {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the build never staged a layer"
        );
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the build ended before it could be stopped: {status}");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(unsafe { libc::kill(child.id() as i32, signal) }, 0);
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(signal), "{status}");
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    assert_eq!(snapshot(&dir), map_a);
}

#[test]
fn sigint_removes_the_staging_folder_and_keeps_the_map() {
    stopped_by(libc::SIGINT);
}

#[test]
fn sigterm_removes_the_staging_folder_and_keeps_the_map() {
    stopped_by(libc::SIGTERM);
}

#[test]
fn what_killed_builds_left_is_removed_or_given_back_by_the_next_build() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    // A staging folder of a build killed before its swap, 1 MB of layer in it.
    let dead = tmp.path().join(".diplomap-stage-dead01");
    std::fs::create_dir(&dead).unwrap();
    std::fs::write(dead.join(".diplomap-new"), "map").unwrap();
    std::fs::write(dead.join("strikes.geojson"), vec![b' '; 1 << 20]).unwrap();
    // The previous map of a build killed after its swap, holding a file the user saved into
    // the folder during that build.
    let old = tmp.path().join(".diplomap-stage-dead02");
    std::fs::create_dir(&old).unwrap();
    std::fs::write(old.join(".diplomap-old"), "map").unwrap();
    std::fs::write(old.join("strikes.geojson"), "old layer").unwrap();
    std::fs::write(old.join("late notes.txt"), "saved during the build").unwrap();
    // Another map's staging folder is not this build's to touch.
    let other = tmp.path().join(".diplomap-stage-dead03");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join(".diplomap-new"), "other-map").unwrap();
    // Temporary files of earlier versions inside the folder.
    std::fs::write(dir.join(".diplomap-Xa81Qz"), vec![b' '; 1 << 20]).unwrap();
    build(&b_args(), &dir, false);
    assert_eq!(
        leftovers(&dir),
        vec![format!("{}/.diplomap-stage-dead03", tmp.path().display())]
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("late notes.txt")).unwrap(),
        "saved during the build"
    );
    assert_ne!(
        std::fs::read(dir.join("strikes.geojson")).unwrap(),
        b"old layer"
    );
}

#[test]
fn files_of_an_earlier_build_not_asked_for_again_are_removed_and_the_users_are_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    std::fs::write(dir.join("notes.txt"), "my notes").unwrap();
    std::fs::create_dir(dir.join("sources")).unwrap();
    let out = build_into(&dir, &["build"]);
    assert!(out.status.success());
    let err = stderr(&out);
    let shown = dir.display();
    for line in [
        format!("(all)      0         {shown}/index.html (removed: no --html)"),
        format!("(all)      0         {shown}/map.gpkg (removed: gpkg is not in --format)"),
        format!("(all)      0         {shown}/map.svg (removed: no --svg)"),
    ] {
        assert!(
            err.lines().any(|l| l == line),
            "no line '{line}' in:\n{err}"
        );
    }
    let now = snapshot(&dir);
    assert!(!now.contains_key("index.html") && !now.contains_key("map.svg"));
    assert!(!now.contains_key("map.gpkg"));
    assert_eq!(now["notes.txt"], b"my notes");
    assert!(now.contains_key("sources"));
    // A page of the user's own under the preview's name is not ours, so it stays.
    std::fs::write(dir.join("index.html"), "<!DOCTYPE html><title>mine</title>").unwrap();
    build(&strings(&["build"]), &dir, false);
    assert_eq!(
        std::fs::read_to_string(dir.join("index.html")).unwrap(),
        "<!DOCTYPE html><title>mine</title>"
    );
}

#[test]
fn a_folder_or_a_pipe_where_a_map_file_goes_is_refused_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    std::fs::remove_file(dir.join("index.html")).unwrap();
    std::fs::create_dir(dir.join("index.html")).unwrap();
    let before = snapshot(&dir);
    let out = build_into(&dir, &["build", "--html"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "diplomap: error: '{}/index.html' is a folder, and the map writes a file there; hint: move it away, or choose another folder with -o\n",
            dir.display()
        )
    );
    assert_eq!(snapshot(&dir), before);
    assert_eq!(leftovers(&dir), Vec::<String>::new());
    // A named pipe where the GeoPackage goes: refused at once, never opened (that would hang).
    std::fs::remove_dir(dir.join("index.html")).unwrap();
    std::fs::remove_file(dir.join("map.gpkg")).unwrap();
    let fifo = std::ffi::CString::new(dir.join("map.gpkg").display().to_string()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let out = diplomap()
        .args(["build", "--format", "gpkg", "-o"])
        .arg(&dir)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "diplomap: error: '{}/map.gpkg' is a named pipe, and the map writes a file there; hint: move it away, or choose another folder with -o\n",
            dir.display()
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_report_that_is_a_pipe_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("report.json");
    let c = std::ffi::CString::new(fifo.display().to_string()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let out = diplomap()
        .args(["build", "-q", "--report"])
        .arg(&fifo)
        .arg("-o")
        .arg(tmp.path().join("map"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "diplomap: error: '{}' is a named pipe, not a file; hint: name a file to write\n",
            fifo.display()
        )
    );
}

#[test]
fn new_files_get_the_umasks_mode_and_a_link_is_replaced_not_followed() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    std::fs::create_dir(&dir).unwrap();
    let target = tmp.path().join("setuid-target");
    std::fs::write(&target, "not a layer").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o4777)).unwrap();
    std::os::unix::fs::symlink(&target, dir.join("strikes.geojson")).unwrap();
    // The test process's umask is the build's; 022 is what a login shell gives.
    let old = unsafe { libc::umask(0o022) };
    let out = build_into(&dir, &["build"]);
    unsafe { libc::umask(old) };
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["strikes.geojson", "countries.geojson", "strikes.qml"] {
        let meta = std::fs::symlink_metadata(dir.join(name)).unwrap();
        assert!(meta.is_file(), "{name}");
        assert_eq!(meta.permissions().mode() & 0o7777, 0o644, "{name}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "not a layer");
}

#[test]
fn since_after_until_is_a_usage_error_and_the_map_stays() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    let before = snapshot(&dir);
    let out = diplomap()
        .args([
            "build",
            "--since",
            "2024-07-31",
            "--until",
            "2024-07-01",
            "-o",
        ])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "diplomap: error: --since 2024-07-31 is after --until 2024-07-01, so no event could be kept; hint: swap the two dates\n"
    );
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_geopackage_is_replaced_only_when_it_is_wholly_ours() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    let gpkg = dir.join("map.gpkg");
    // A table of the user's added to our GeoPackage.
    let conn = rusqlite::Connection::open(&gpkg).unwrap();
    conn.execute_batch("CREATE TABLE my_notes (id INTEGER PRIMARY KEY, note TEXT);")
        .unwrap();
    drop(conn);
    let before = std::fs::read(&gpkg).unwrap();
    let out = build_into(&dir, &["build", "--format", "gpkg"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "diplomap: error: '{g}' holds a table diplomap did not write (my_notes); hint: copy it to another GeoPackage (ogr2ogr -f GPKG other.gpkg {g} my_notes), or pass --force to replace the file\n",
            g = gpkg.display()
        )
    );
    assert_eq!(std::fs::read(&gpkg).unwrap(), before);
    // A GeoPackage of someone else's whose descriptions end like ours is still not ours.
    std::fs::remove_file(&gpkg).unwrap();
    let conn = rusqlite::Connection::open(&gpkg).unwrap();
    conn.execute_batch(
        "CREATE TABLE gpkg_contents (table_name TEXT, description TEXT);
         INSERT INTO gpkg_contents VALUES ('roads', 'roads, written by diplomap');",
    )
    .unwrap();
    drop(conn);
    let out = build_into(&dir, &["build", "--format", "gpkg"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "diplomap: error: '{}' exists and was not written by diplomap; hint: move it, or pass --force to replace it\n",
            gpkg.display()
        )
    );
    // A file that is not ours, not asked for, stays.
    build(&strings(&["build"]), &dir, false);
    assert!(gpkg.exists());
}

#[test]
fn a_geopackage_put_in_the_folder_during_a_build_is_looked_at_again_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(&["build"]), &dir, false);
    let held = hold_lock(&dir);
    // The build checks the folder (no map.gpkg yet), then waits for the lock.
    let mut child = Command::new(binary())
        .args(["build", "--format", "gpkg", "-o"])
        .arg(&dir)
        .env_clear()
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut err, &mut line).unwrap();
    assert!(line.contains("waiting for another build"), "{line}");
    let gpkg = dir.join("map.gpkg");
    std::fs::write(&gpkg, "someone else's GeoPackage").unwrap();
    drop(held);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1));
    assert_eq!(
        rest,
        format!(
            "diplomap: error: '{}' exists and was not written by diplomap; hint: move it, or pass --force to replace it\n",
            gpkg.display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(&gpkg).unwrap(),
        "someone else's GeoPackage"
    );
    assert_eq!(leftovers(&dir), Vec::<String>::new());
}

/// `chattr +i` (or `-i`) on a file; false when the file system or the user cannot.
fn chattr(flag: &str, path: &Path) -> bool {
    Command::new("chattr")
        .arg(flag)
        .arg(path)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn an_immutable_layer_file_never_leaves_a_mixed_map() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    build(&strings(A), &dir, false);
    let locked = dir.join("strikes.geojson");
    if !chattr("+i", &locked) {
        eprintln!("skipped: chattr +i is not allowed here (root on ext4, xfs or btrfs can)");
        return;
    }
    let map_a = snapshot(&dir);
    // File by file, the immutable file cannot be replaced: every file is rolled back.
    let out = run(diplomap(), &b_args(), &dir, true);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("strikes.geojson: Operation not permitted"),
        "{}",
        stderr(&out)
    );
    assert_eq!(snapshot(&dir), map_a);
    // Swapped whole, the new map is in place; the previous one, which cannot be cleared, is
    // left hidden beside it, said, and cleared by a later build once it can be.
    let out = run(diplomap(), &b_args(), &dir, false);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with("diplomap: warning: the new map is in place, but the previous one could not be cleared (strikes.geojson: Operation not permitted (os error 1)); it is left in "),
        "{}",
        stderr(&out)
    );
    assert!(snapshot(&dir).contains_key("strikes.fgb"));
    let left = leftovers(&dir);
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(chattr("-i", &Path::new(&left[0]).join("strikes.geojson")));
    build(&b_args(), &dir, false);
    assert_eq!(leftovers(&dir), Vec::<String>::new());
}
