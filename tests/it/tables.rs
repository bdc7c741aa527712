//! `diplomap build --events`: event tables through the real binary — the same layers as the
//! same events written as a scenario, the same bytes however rows are chunked, the ACLED preset
//! on an export as it comes, and every row error word for word.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{data, diplomap, stderr};

/// Every file in a folder, by name.
pub(crate) fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap())
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Run `build` with `args` into `dir`; returns (exit code, stderr).
pub(crate) fn build(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = diplomap()
        .arg("build")
        .args(args)
        .arg("-o")
        .arg(dir)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), stderr(&out))
}

pub(crate) fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_table_draws_the_same_layers_as_its_scenario_twin_in_any_chunking() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = data("events-small.csv");
    let toml = data("events-small.toml");
    let (code, err) = build(&tmp.path().join("toml"), &[path(&toml)]);
    assert_eq!(code, 0, "{err}");
    let twin = snapshot(&tmp.path().join("toml"));
    assert_eq!(
        twin.keys().filter(|k| k.ends_with(".geojson")).count(),
        5,
        "{:?}",
        twin.keys()
    );
    for chunk in ["1", "2", "8192"] {
        for fast in [true, false] {
            let dir = tmp.path().join(format!("csv-{chunk}-{fast}"));
            let mut args = vec!["--events", path(&csv), "--chunk-rows", chunk];
            if !fast {
                args.push("--no-fast-rows");
            }
            let (code, err) = build(&dir, &args);
            assert_eq!(code, 0, "{err}");
            assert_eq!(snapshot(&dir), twin, "chunks of {chunk} rows, fast {fast}");
        }
    }
    // From stdin, as TSV sniffed from the header.
    let tsv: String = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .map(|l| {
            let mut rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(l.as_bytes());
            let rec = rdr.records().next().unwrap().unwrap();
            rec.iter().collect::<Vec<_>>().join("\t") + "\n"
        })
        .collect();
    let dir = tmp.path().join("stdin");
    let out = diplomap()
        .args(["build", "--events", "-", "-o"])
        .arg(&dir)
        .write_stdin(tsv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let from_stdin = snapshot(&dir);
    // Row ids were given, so only the table's name could differ, and it is not in the layers.
    assert_eq!(from_stdin, twin);
}

#[test]
fn scenario_events_come_first_then_the_table_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    let (code, err) = build(
        &dir,
        &[
            path(&data("hostile-strings.toml")),
            "--events",
            path(&data("events-small.csv")),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let strikes: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("strikes.geojson")).unwrap()).unwrap();
    let ids: Vec<&str> = strikes["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["strike-kyiv-2024-07-08", "t-kyiv", "t-dnipro", "t-coords"]
    );
}

#[test]
fn the_acled_preset_reads_an_export_as_it_comes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("map");
    let acled = data("acled-sample.csv");
    let (code, err) = build(&dir, &["--events", path(&acled), "--columns", "acled"]);
    assert_eq!(code, 0, "{err}");
    let name = acled.display();
    assert_eq!(
        err,
        format!(
            "diplomap: warning: {name}: 1 row of event type 'Protests' skipped: no diplomap layer draws it\n\
             diplomap: warning: {name}: 1 row of event type 'Strategic developments' skipped: no diplomap layer draws it\n\
             layer    features  file\n\
             strikes  8         {0}/strikes.geojson\n\
             look at it: drag {0}/*.geojson into QGIS, or add --html and open {0}/index.html in a browser\n",
            dir.display()
        )
    );
    let strikes: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("strikes.geojson")).unwrap()).unwrap();
    let features = strikes["features"].as_array().unwrap();
    let first = &features[0]["properties"];
    assert_eq!(first["id"], "UKR900001");
    assert_eq!(first["place"], "Kyiv");
    assert_eq!(first["casualties"], 33);
    assert_eq!(first["actor"], "Military Forces of Russia (2000-)");
    assert_eq!(first["source"], "Ukrainska Pravda");
    assert_eq!(first["sub_event_type"], "Air/drone strike");
    assert_eq!(first["acled_country"], "Ukraine");
    assert_eq!(
        features[0]["geometry"]["coordinates"],
        serde_json::json!([30.5234, 50.4501])
    );
    // ACLED's older date form, "09 July 2024".
    assert_eq!(features[5]["properties"]["start"], "2024-07-09");
    assert_eq!(
        features[5]["properties"]["casualties"],
        serde_json::Value::Null
    );
}

/// A table with one bad row after a good one, and what the build says of it.
pub(crate) fn bad_row(header: &str, row: &str) -> (i32, String, BTreeMap<String, Vec<u8>>) {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("events.csv");
    let good = if header.contains("lon") {
        "strike,30.52,50.45,2024-07-08,Kyiv"
    } else {
        "strike,Kyiv,2024-07-08"
    };
    std::fs::write(&table, format!("{header}\n{good}\n{row}\n")).unwrap();
    let dir = tmp.path().join("map");
    let out = diplomap()
        .args(["build", "--events", "events.csv", "-o", "map"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    (out.status.code().unwrap(), stderr(&out), snapshot(&dir))
}

#[test]
fn a_bad_row_stops_the_build_with_its_place_and_writes_nothing() {
    let cases = [
        (
            "kind,place,date",
            "protest,Lviv,2024-07-08",
            "events.csv:3:1: unknown kind 'protest'; hint: one of meeting, strike, summit, corridor",
        ),
        (
            "kind,place,date",
            "strike,Kyiv,2024-13-08",
            "events.csv:3:3: invalid date '2024-13-08' in column 'date'; hint: write an ISO 8601 date such as 2024-07-09, or a date-time such as 2024-07-09T14:30:00+03:00",
        ),
        (
            "kind,place,date",
            "strike,Kyiv",
            "events.csv:3:1: the row has 2 fields but the header has 3; hint: quote a value that holds the delimiter, such as \"Kyiv, Ukraine\"",
        ),
        (
            "kind,place,date",
            "strike,Xqzvbnmville,2024-07-08",
            "events.csv:3:2: unknown place 'Xqzvbnmville'; hint: check the spelling, qualify the name (\"Paris, TX\"), or define the place in [[place]]",
        ),
        (
            "kind,lon,lat,date",
            "strike,30.5,95.2,2024-07-08",
            "events.csv:3:3: latitude 95.2 is out of range; hint: -90 to 90 decimal degrees",
        ),
        (
            "kind,lon,lat,date",
            "strike,30,5E,50.4,2024-07-08",
            "events.csv:3:1: the row has 6 fields but the header has 5; hint: quote a value that holds the delimiter, such as \"Kyiv, Ukraine\"",
        ),
        (
            "kind,lon,lat,date",
            "strike,east,50.4,2024-07-08",
            "events.csv:3:2: bad longitude 'east'; hint: decimal degrees such as 30.5234",
        ),
        (
            "kind,place,date",
            "strike,,2024-07-08",
            "events.csv:3:2: the row has no place; hint: name the place, or give lon and lat",
        ),
    ];
    for (header, row, message) in cases {
        // The good row of `bad_row` needs a place column; give the coordinate tables one too.
        let (header, row) = if header.contains("lon") {
            (format!("{header},place"), format!("{row},Kyiv"))
        } else {
            (header.to_string(), row.to_string())
        };
        let (code, err, files) = bad_row(&header, &row);
        assert_eq!(code, 1, "{row}: {err}");
        assert_eq!(err, format!("diplomap: error: {message}\n"), "{row}");
        assert!(
            files.is_empty(),
            "{row}: nothing written, not even a temporary file"
        );
    }
}

#[test]
fn skip_bad_rows_reports_and_counts_them_and_builds_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("events.csv");
    let mut text = String::from("kind,place,date\nstrike,Kyiv,2024-07-08\n");
    for i in 0..25 {
        text.push_str(&format!("strike,Kyiv,2024-07-{:02}x\n", i + 1));
    }
    std::fs::write(&table, text).unwrap();
    let out = diplomap()
        .args([
            "build",
            "--events",
            "events.csv",
            "-o",
            "map",
            "--skip-bad-rows",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = stderr(&out);
    assert!(err.starts_with(
        "diplomap: warning: events.csv:3:3: invalid date '2024-07-01x' in column 'date'; hint: write an ISO 8601 date such as 2024-07-09, or a date-time such as 2024-07-09T14:30:00+03:00 (row skipped)\n"
    ), "{err}");
    assert_eq!(err.matches("(row skipped)").count(), 20);
    assert!(err.contains("diplomap: warning: events.csv: 25 bad rows skipped in all\n"));
    assert!(
        err.ends_with("strikes  1         map/strikes.geojson\nlook at it: drag map/*.geojson into QGIS, or add --html and open map/index.html in a browser\n"),
        "{err}"
    );

    // Without the flag: the first twenty problems, the count, and nothing written.
    let out = diplomap()
        .args(["build", "--events", "events.csv", "-o", "map2"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("diplomap: error: 20 problems:\n  events.csv:3:3: invalid date"),
        "{err}"
    );
    assert!(err.ends_with(
        "events.csv: 25 bad rows in all; nothing was written; hint: fix them, or pass --skip-bad-rows to leave them out\n"
    ), "{err}");
    assert!(!tmp.path().join("map2").exists());
}

#[test]
fn header_and_mapping_errors_are_caught_before_any_work() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = [
        (
            "place,date\nKyiv,2024-07-08\n",
            vec![],
            1,
            "diplomap: error: events.csv:1:1: no 'kind' column; hint: add one (meeting, strike, summit or corridor on each row), or map one with --columns kind=HEADER; the header has: place, date\n",
        ),
        (
            "kind,lon,date\nstrike,30.5,2024-07-08\n",
            vec![],
            1,
            "diplomap: error: events.csv:1:1: a 'lon' column but no 'lat' column; hint: give both, or map one with --columns lat=HEADER\n",
        ),
        (
            "kind,place,stroke\nstrike,Kyiv,red\n",
            vec![],
            1,
            "diplomap: error: events.csv:1:12: column 'stroke' would overwrite diplomap's own 'stroke' property; hint: rename the column, or map it with --columns ROLE=stroke\n",
        ),
        (
            "kind,place,when\nstrike,Kyiv,2024-07-08\n",
            vec!["--columns", "date=event_date"],
            1,
            "diplomap: error: events.csv:1:1: no column 'event_date' (for date); hint: the header has: kind, place, when\n",
        ),
        (
            "kind,place\nstrike,Kyiv\n",
            vec!["--columns", "dat=when"],
            2,
            "diplomap: error: --columns: unknown role 'dat' in 'dat=when'; hint: roles are id, kind, place, lon, lat, date, start, end, title, description, source, tags, actor, target, weapon, casualties, from, participants, organization, hosts, members, absent, to, via, mode\n",
        ),
        (
            "",
            vec![],
            1,
            "diplomap: error: events.csv:1:1: the table is empty; hint: the first line names the columns, such as kind,place,date\n",
        ),
    ];
    for (text, extra, code, message) in cases {
        std::fs::write(tmp.path().join("events.csv"), text).unwrap();
        let out = diplomap()
            .args(["build", "--events", "events.csv", "-o", "map"])
            .args(&extra)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{text}");
        assert_eq!(stderr(&out), message, "{text}");
        assert!(!tmp.path().join("map").exists());
    }
    let out = diplomap()
        .args(["build", "--events", "missing.csv", "-o", "map"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "diplomap: error: cannot read event table 'missing.csv': No such file or directory (os error 2)\n"
    );
}
