//! Event tables as a user meets them on the command line: the README's example, `--quiet`,
//! `--verbose` and the report, the progress of a long read, and the errors of a malformed table
//! at its line and column.

use super::tables::*;
use crate::common;
use common::{data, diplomap, stderr};

#[test]
fn the_readme_table_example_builds() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```csv\n").expect("README has a CSV example") + "```csv\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("events.csv"), &readme[start..end]).unwrap();
    let out = diplomap()
        .args(["build", "--events", "events.csv", "-o", "map"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "layer      features  file\n\
         countries  2         map/countries.geojson\n\
         meetings   1         map/meetings.geojson\n\
         strikes    2         map/strikes.geojson\n\
         look at it: drag map/*.geojson into QGIS, or add --html and open map/index.html in a browser\n"
    );
}

#[test]
fn quiet_verbose_and_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let acled = data("acled-sample.csv");
    let out = diplomap()
        .args(["build", "--events"])
        .arg(&acled)
        .args([
            "--columns",
            "acled",
            "-q",
            "--report",
            "r.json",
            "-o",
            "map",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(stderr(&out), "", "--quiet prints nothing but errors");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["status"], "built");
    assert_eq!(report["layers"]["strikes"], 8);
    assert_eq!(report["files"], serde_json::json!(["map/strikes.geojson"]));
    assert_eq!(report["tables"][0]["rows"], 10);
    assert_eq!(report["tables"][0]["events"], 8);
    assert_eq!(report["tables"][0]["no_layer"]["Protests"], 1);
    assert_eq!(report["warnings"].as_array().unwrap().len(), 2);

    let out = diplomap()
        .args(["build", "--events"])
        .arg(&acled)
        .args(["--columns", "acled", "-v", "-o", "map"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "diplomap: {}: 10 rows, 8 events, 0 bad rows skipped, 2 rows of no layer, ",
            acled.display()
        )),
        "{err}"
    );

    // A failed build reports its error.
    std::fs::write(
        tmp.path().join("bad.csv"),
        "kind,place\nstrike,Xqzvbnmville\n",
    )
    .unwrap();
    let out = diplomap()
        .args([
            "build", "--events", "bad.csv", "--report", "r.json", "-o", "map2",
        ])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tmp.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(report["status"], "failed");
    assert_eq!(
        report["error"],
        "bad.csv:2:2: unknown place 'Xqzvbnmville'; hint: check the spelling, qualify the name (\"Paris, TX\"), or define the place in [[place]]"
    );
}

/// The progress of a table read, shown at once (`--progress-after 0`, hidden): plain lines when
/// stderr is not a terminal; an indicatif bar, cleared at the end, when it is (run under
/// util-linux `script`, which gives the build a pseudo-terminal); nothing with `-q`.
#[test]
fn progress_is_a_bar_on_a_terminal_and_plain_lines_elsewhere() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(data("events-small.csv"), tmp.path().join("events.csv")).unwrap();
    let build = [
        "build",
        "--events",
        "events.csv",
        "--progress-after",
        "0",
        "--chunk-rows",
        "1",
    ];

    let out = diplomap()
        .args(build)
        .args(["-o", "plain"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("diplomap: events.csv: 0 rows read (") && first.ends_with("%), 0 s"),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "no terminal codes in a log: {err:?}"
    );

    let out = diplomap()
        .args(build)
        .args(["-q", "-o", "quiet"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(stderr(&out), "");

    let bin = assert_cmd::cargo::cargo_bin("diplomap");
    let command = format!("'{}' {} -o bar", bin.display(), build.join(" "));
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_clear()
        .env("TERM", "xterm")
        .current_dir(tmp.path())
        .output()
        .expect("util-linux `script` runs (Debian's bsdutils, always installed)");
    assert!(out.status.success());
    let shown = String::from_utf8_lossy(&out.stdout);
    // The bar: name and rows, a bar of '=' and '>', bytes read of the table's size.
    let size = std::fs::metadata(tmp.path().join("events.csv"))
        .unwrap()
        .len();
    assert!(shown.starts_with("events.csv: 0 rows ["), "{shown:?}");
    // (indicatif may skip frames drawn too close together: only the first is sure.)
    assert!(shown.contains(&format!(" B/{size} B ")), "{shown:?}");
    assert!(
        !shown.contains("rows read"),
        "no plain lines on a terminal: {shown:?}"
    );
    // Cleared before the summary table is printed.
    let table = shown
        .find("layer      features  file")
        .expect("the summary");
    let last = shown[..table].rfind(" eta ").unwrap();
    assert!(shown[last..table].contains("\r\u{1b}[2K"), "{shown:?}");
    assert_eq!(
        snapshot(&tmp.path().join("bar")),
        snapshot(&tmp.path().join("plain"))
    );
}

#[test]
fn a_quote_that_never_closes_is_an_error_where_it_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let mut text = String::from("kind,place,date,notes\n");
    for _ in 0..500 {
        text.push_str("strike,Kyiv,2024-07-08,ok\n");
    }
    text.push_str("strike,Kyiv,2024-07-08,\"oops\n");
    for _ in 0..500 {
        text.push_str("strike,Kyiv,2024-07-08,ok\n");
    }
    let table = tmp.path().join("q.csv");
    std::fs::write(&table, text).unwrap();
    let (code, err) = build(&tmp.path().join("map"), &["--events", path(&table)]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "diplomap: error: {}:502:24: a quote opens here and never closes, so every row after it would be read as one value; hint: close the quote, or double a quote inside a quoted value (\"\")\n",
            table.display()
        )
    );
    assert!(!tmp.path().join("map").exists());
    // A quoted value may hold line breaks and quotes.
    std::fs::write(
        &table,
        "kind,place,date,notes\nstrike,Kyiv,2024-07-08,\"two\nlines, \"\"quoted\"\"\"\nstrike,Dnipro,2024-07-08,ok\n",
    )
    .unwrap();
    let (code, err) = build(&tmp.path().join("map"), &["--events", path(&table)]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_row_over_1_mib_is_an_error_at_its_line_quoting_200_characters() {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("long.csv");
    let long = "x".repeat(2 << 20);
    std::fs::write(
        &table,
        format!("kind,place,date\nstrike,Kyiv,2024-07-08\nstrike,{long},2024-07-08\n"),
    )
    .unwrap();
    let (code, err) = build(&tmp.path().join("map"), &["--events", path(&table)]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "diplomap: error: {}:3:1: the row is longer than 1 MiB (it starts 'strike,{}…'); hint: a table has one event per line; check that the file is a CSV or TSV table\n",
            table.display(),
            "x".repeat(193)
        )
    );
    std::fs::write(&table, "kind,".repeat(300_000)).unwrap();
    let (code, err) = build(&tmp.path().join("map"), &["--events", path(&table)]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        format!(
            "diplomap: error: {}:1:1: the header is longer than 1 MiB (it starts '{}…'); hint: a table has one event per line; check that the file is a CSV or TSV table\n",
            table.display(),
            "kind,".repeat(40)
        )
    );
}

#[test]
fn header_columns_that_would_clash_or_not_fit_are_errors_at_their_column() {
    let tmp = tempfile::tempdir().unwrap();
    let table = tmp.path().join("t.csv");
    let run = |header: &str, format: &str| {
        std::fs::write(&table, format!("{header}\n")).unwrap();
        let out = diplomap()
            .args([
                "build", "--events", "t.csv", "--format", format, "-o", "map",
            ])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert!(!tmp.path().join("map").exists());
        (out.status.code().unwrap(), stderr(&out))
    };
    assert_eq!(
        run("kind,place,date,Note,note", "geojson"),
        (1, "diplomap: error: t.csv:1:22: columns 'Note' and 'note' differ only in case, which GeoPackage and QGIS do not tell apart; hint: rename one\n".to_string())
    );
    assert_eq!(
        run("kind,place,date,Fill", "geojson"),
        (1, "diplomap: error: t.csv:1:17: column 'Fill' would clash with diplomap's own 'fill' (GeoPackage and QGIS do not tell case apart) property; hint: rename the column, or map it with --columns ROLE=Fill\n".to_string())
    );
    let wide: Vec<String> = (0..2100).map(|i| format!("c{i}")).collect();
    let header = format!("kind,place,date,{}", wide.join(","));
    let at = "kind,place,date,".len() + wide[..1959].iter().map(|c| c.len() + 1).sum::<usize>() + 1;
    assert_eq!(
        run(&header, "gpkg"),
        (1, format!("diplomap: error: t.csv:1:{at}: column 'c1959' is past the 1959 property columns a GeoPackage table can hold besides diplomap's own 41; hint: keep the columns the map needs, or write --format geojson\n"))
    );
    // GeoJSON has no such limit.
    std::fs::write(
        &table,
        format!("{header}\nmeeting,Moscow,2024-07-08{}\n", ",1".repeat(2100)),
    )
    .unwrap();
    diplomap()
        .args(["build", "--events", "t.csv", "-q", "-o", "map"])
        .current_dir(tmp.path())
        .assert()
        .success();
}

#[test]
fn a_map_of_tables_is_titled_by_title_or_by_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("kyiv.csv"),
        "kind,lon,lat,date,title\nstrike,30.52,50.45,2024-07-08,Okhmatdyt\n",
    )
    .unwrap();
    let build = |extra: &[&str], out: &str| {
        diplomap()
            .args([
                "build", "--events", "kyiv.csv", "--svg", "--html", "-o", out,
            ])
            .args(extra)
            .current_dir(tmp.path())
            .output()
            .unwrap()
    };
    let titled = |out: &str, title: &str| {
        let svg = std::fs::read_to_string(tmp.path().join(out).join("map.svg")).unwrap();
        let html = std::fs::read_to_string(tmp.path().join(out).join("index.html")).unwrap();
        svg.contains(&format!("<title>{title}</title>"))
            && html.contains(&format!("<title>{title}</title>"))
    };
    let out = build(&[], "plain");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(titled("plain", "kyiv.csv"));
    let out = build(&["--title", "Strikes on Kyiv, 8 July 2024"], "titled");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(titled("titled", "Strikes on Kyiv, 8 July 2024"));
    assert!(!titled("titled", "kyiv.csv"));
    let out = build(&["--title", " "], "empty");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "diplomap: error: --title is empty; hint: give the map a title, or leave --title out\n"
    );
    assert!(!tmp.path().join("empty").exists());
}
