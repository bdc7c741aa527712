//! Property tests of every input a user hands diplomap — scenario TOML, event-table rows,
//! batch manifests, dates, `geo:` URIs and article text — generated from the grammar of each
//! (real keys, place names, dates, hyphens, quotes, non-ASCII, garbage) so that the cases reach
//! past the first parse. In the library: a result or a typed error, never a panic. Through the
//! real binary: exit code 0, 1 or 2 and a one-line `diplomap: error:` on failure, never 101.
//!
//! The binary cases are fewer (each is a process); `PROPTEST_CASES` raises both counts.

use crate::common;

use chrono::NaiveDate;
use common::{diplomap, stderr};
use diplomap::gazetteer::Gazetteer;
use diplomap::scenario::When;
use proptest::prelude::*;

fn gazetteer() -> &'static Gazetteer {
    static GAZ: std::sync::OnceLock<Gazetteer> = std::sync::OnceLock::new();
    GAZ.get_or_init(|| Gazetteer::embedded().expect("embedded gazetteer"))
}

/// Cases per binary property (a process each).
fn process_cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

/// A value a date field may hold: real dates, date-times, near misses, non-ASCII.
fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (1990i32..2030, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        (2020i32..2026, 1u32..13, 1u32..29, 0u32..25, 0u32..61)
            .prop_map(|(y, m, d, h, min)| format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}")),
        Just("2024-07-09T23:59:60".to_string()),
        Just("2024-07-09T14:3é0".to_string()),
        Just("2024-07-09 14:30+03:00".to_string()),
        "[0-9T:é+Z -]{0,22}",
        "\\PC{0,12}",
    ]
}

/// A place name: known, misspelt, qualified, `geo:`, or anything.
fn place_text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Moscow",
            "Kyiv",
            "Washington",
            "Astana, Kazakhstan",
            "Chennai",
            "Vladivostok",
            "Vladivostock",
            "Paris, Texas",
            "Jebel Ali",
            "Georgia",
            "geo:55.75,37.61",
            "geo:91,0",
            "",
        ])
        .prop_map(str::to_string),
        "geo:[-0-9.,;a-z=]{0,16}",
        "[A-Za-zÀ-ÿ ,.'-]{0,16}",
    ]
}

/// A TOML value of some type, written as TOML text.
fn toml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        place_text().prop_map(|s| format!("{:?}", s)),
        date_text().prop_map(|s| format!("{:?}", s)),
        (1990i32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|x| format!("{x:?}")),
        Just("true".to_string()),
        Just("[\"India\", \"Russia\"]".to_string()),
        Just("{ a = 1 }".to_string()),
        "\\PC{0,10}",
    ]
}

/// A scenario: tables of real kinds with real and wrong keys.
fn scenario_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "place",
        "date",
        "start",
        "end",
        "undated",
        "participants",
        "from",
        "to",
        "via",
        "mode",
        "actor",
        "weapon",
        "organization",
        "host",
        "members",
        "absent",
        "id",
        "title",
        "name",
        "lon",
        "lat",
        "country",
        "aliases",
        "casualties",
        "plcae",
        "properties",
        "Fill",
    ]);
    let table = prop::sample::select(vec![
        "[[meeting]]",
        "[[strike]]",
        "[[summit]]",
        "[[corridor]]",
        "[[place]]",
        "[[travel]]",
        "[meeting]",
    ]);
    let body = prop::collection::vec((key, toml_value()), 0..6);
    (
        prop::option::of("[A-Za-z ]{0,10}"),
        prop::collection::vec((table, body), 0..5),
    )
        .prop_map(|(title, tables)| {
            let mut s = String::new();
            if let Some(t) = title {
                s.push_str(&format!("title = {t:?}\n"));
            }
            for (t, body) in tables {
                s.push_str(t);
                s.push('\n');
                for (k, v) in body {
                    s.push_str(&format!("{k} = {v}\n"));
                }
            }
            s
        })
}

/// An event table: a header of known and unknown columns, rows with quotes and garbage.
fn table_text() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        place_text(),
        date_text(),
        prop::sample::select(vec![
            "strike", "meeting", "summit", "Protests", "\"", "\"\"", ","
        ])
        .prop_map(str::to_string),
        "-?[0-9]{1,3}\\.[0-9]{0,6}",
        "\\PC{0,8}",
    ];
    let header = prop::sample::select(vec![
        "kind,place,date",
        "kind,lat,lon,date",
        "id,kind,place,start,end",
        "type,place,date,id",
        "kind,place",
    ]);
    (
        header,
        prop::collection::vec(prop::collection::vec(cell, 0..6), 0..8),
    )
        .prop_map(|(h, rows)| {
            let mut s = format!("{h}\n");
            for r in rows {
                s.push_str(&r.join(","));
                s.push('\n');
            }
            s
        })
}

/// An article: place names, event words, dates, hyphens and punctuation in any order.
fn article_text() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        place_text(),
        prop::sample::select(vec![
            "met",
            "in",
            "at",
            "on",
            "summit",
            "talks",
            "struck",
            "hit",
            "missiles",
            "corridor",
            "route",
            "between",
            "and",
            "from",
            "to",
            "-",
            "–",
            ",",
            ".",
            "\n",
            "did",
            "not",
            "attend",
            "Prime",
            "Minister",
            "Modi",
            "Putin",
            "NATO",
            "SCO",
            "July",
            "8",
            "3-4",
            "2024",
            "India-Russia",
            "Washington-Moscow",
            "Moscow-Kyiv-",
            "U.S.",
            "St.",
            "the",
            "'s",
            "“",
            "”",
            "(",
            ")",
        ])
        .prop_map(str::to_string),
        "\\PC{0,6}",
    ];
    prop::collection::vec(word, 0..40).prop_map(|w| w.join(" "))
}

/// A batch manifest: maps with real and wrong keys, paths inside and outside.
fn manifest_text() -> impl Strategy<Value = String> {
    let key_value = prop_oneof![
        Just("scenarios = [\"s.toml\"]".to_string()),
        Just("scenarios = [\"missing.toml\"]".to_string()),
        Just("events = [\"e.csv\"]".to_string()),
        Just("output = \"out/a\"".to_string()),
        Just("output = \"out/b\"".to_string()),
        Just("output = \"../elsewhere\"".to_string()),
        Just("output = \".\"".to_string()),
        Just("format = [\"geojson\", \"gpkg\"]".to_string()),
        Just("formats = [\"nope\"]".to_string()),
        Just("since = \"2024-07-09T14:3é0\"".to_string()),
        Just("until = 2024-07-01".to_string()),
        Just("name = \"m\"".to_string()),
        Just("ouptut = \"x\"".to_string()),
        "[a-z]{1,8} = \\PC{0,8}",
    ];
    prop::collection::vec(prop::collection::vec(key_value, 0..5), 0..4).prop_map(|maps| {
        let mut s = String::new();
        for m in maps {
            s.push_str("[[map]]\n");
            for kv in m {
                s.push_str(&kv);
                s.push('\n');
            }
        }
        s
    })
}

/// The exit code is one diplomap documents, and a failure says so on one `diplomap: error:`
/// line at the end of stderr.
fn assert_clean_exit(out: &std::process::Output, input: &str) {
    let code = out.status.code().expect("exited, not killed by a signal");
    let err = stderr(out);
    assert!(
        matches!(code, 0..=2),
        "exit {code} on input:\n{input}\nstderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "panic on input:\n{input}\n{err}");
    if code != 0 {
        assert!(
            err.contains("diplomap: error: "),
            "exit {code} without an error line on input:\n{input}\n{err}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn dates_parse_or_fail_typed(text in date_text()) {
        if let Ok(w) = When::parse(&text) {
            // What parses writes back as a value that parses to the same instant.
            let again = When::parse(&w.to_string()).expect("a written date parses");
            prop_assert_eq!(again.earliest(), w.earliest());
        }
    }

    #[test]
    fn geo_uris_parse_or_fail_typed(text in "geo:[-0-9.,;a-zé=]{0,24}") {
        if let Ok(p) = diplomap::gazetteer::geo_uri::parse(&text) {
            prop_assert!((-180.0..=180.0).contains(&p.lon) && (-90.0..=90.0).contains(&p.lat));
        }
    }

    #[test]
    fn scenarios_parse_or_fail_with_located_problems(text in scenario_text()) {
        if let Err(problems) = diplomap::scenario::toml::parse(&text, "s.toml") {
            prop_assert!(!problems.is_empty());
            let text = problems.to_string();
            let mut lines = text.lines();
            if problems.0.len() > 1 {
                let head = format!("{} problems:", problems.0.len());
                prop_assert_eq!(lines.next(), Some(head.as_str()));
            }
            for p in lines {
                prop_assert!(p.trim_start().starts_with("s.toml:"), "{}", p);
            }
        }
    }

    #[test]
    fn articles_extract_without_panicking(text in article_text()) {
        let date = NaiveDate::from_ymd_opt(2024, 7, 9);
        let found = diplomap::extract::extract(&text, gazetteer(), date);
        for m in &found.mentions {
            prop_assert!(m.start <= m.end && m.end <= text.chars().count());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(process_cases()))]

    #[test]
    fn build_exits_cleanly_on_any_scenario(text in scenario_text()) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("s.toml"), &text).unwrap();
        let out = diplomap()
            .args(["build", "s.toml", "-o", "map", "-q"])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_clean_exit(&out, &text);
    }

    #[test]
    fn build_exits_cleanly_on_any_table(text in table_text(), skip in any::<bool>()) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("e.csv"), &text).unwrap();
        let mut cmd = diplomap();
        cmd.args(["build", "--events", "e.csv", "-o", "map", "-q"]);
        if skip {
            cmd.arg("--skip-bad-rows");
        }
        let out = cmd.current_dir(tmp.path()).output().unwrap();
        assert_clean_exit(&out, &text);
    }

    #[test]
    fn build_exits_cleanly_on_any_date_flags(since in date_text(), until in date_text()) {
        let tmp = tempfile::tempdir().unwrap();
        let out = diplomap()
            .args(["build", "-q", "-o", "map"])
            .arg(format!("--since={since}"))
            .arg(format!("--until={until}"))
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_clean_exit(&out, &format!("--since {since} --until {until}"));
    }

    #[test]
    fn batch_exits_cleanly_on_any_manifest(text in manifest_text()) {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("m.toml"), &text).unwrap();
        std::fs::write(
            tmp.path().join("s.toml"),
            "title = \"t\"\n[[meeting]]\nplace = \"Chennai\"\ndate = 2019-09-04\n",
        )
        .unwrap();
        std::fs::write(tmp.path().join("e.csv"), "kind,place,date\nstrike,Kyiv,2024-07-08\n")
            .unwrap();
        let out = diplomap()
            .args(["batch", "m.toml", "-q", "--report", "r.json"])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_clean_exit(&out, &text);
    }

    #[test]
    fn extract_exits_cleanly_on_any_article(text in article_text(), json in any::<bool>()) {
        let mut cmd = diplomap();
        cmd.args(["extract", "-"]);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.write_stdin(text.clone()).output().unwrap();
        assert_clean_exit(&out, &text);
    }

    #[test]
    fn resolve_exits_cleanly_on_any_query(query in place_text()) {
        let out = diplomap().args(["resolve", "--", &query]).output().unwrap();
        assert_clean_exit(&out, &query);
    }
}

/// The inputs that once panicked, each with the error it now gives, word for word.
#[test]
fn inputs_that_once_panicked_give_their_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let out = diplomap()
            .args(args)
            .current_dir(tmp.path())
            .write_stdin(stdin.to_string())
            .output()
            .unwrap();
        (out.status.code(), common::stdout(&out), stderr(&out))
    };
    // A non-ASCII character inside a date-time, on the command line, in a scenario, in a table.
    let (code, _, err) = run(&["build", "--since", "2024-07-09T14:3é0"], "");
    assert_eq!(code, Some(2));
    assert_eq!(
        err,
        "diplomap: error: --since: invalid date '2024-07-09T14:3é0'; hint: an ISO 8601 date such as 2024-07-01\n"
    );
    std::fs::write(
        tmp.path().join("w.toml"),
        "title = \"t\"\n[[strike]]\nplace = \"Kyiv\"\ndate = \"2024-07-09T14:3é0\"\n",
    )
    .unwrap();
    let (code, _, err) = run(&["build", "w.toml"], "");
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "diplomap: error: w.toml:4:8: invalid date '2024-07-09T14:3é0'; hint: write an ISO 8601 date such as 2024-07-09, or a date-time such as 2024-07-09T14:30:00+03:00\n"
    );
    std::fs::write(
        tmp.path().join("w.csv"),
        "kind,place,date\nstrike,Kyiv,2024-07-09T14:3é0\n",
    )
    .unwrap();
    let (code, _, err) = run(&["build", "--events", "w.csv"], "");
    assert_eq!(code, Some(1));
    assert_eq!(
        err,
        "diplomap: error: w.csv:2:3: invalid date '2024-07-09T14:3é0' in column 'date'; hint: write an ISO 8601 date such as 2024-07-09, or a date-time such as 2024-07-09T14:30:00+03:00\n"
    );
    // Two places in one hyphenated word make a corridor's two ends.
    let (code, out, _) = run(&["extract", "-", "--json"], "Washington-Moscow route");
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["events"][0]["kind"], "corridor");
    assert_eq!(v["events"][0]["from"], "Washington");
    assert_eq!(v["events"][0]["to"], "Moscow");
    let (code, out, _) = run(
        &["extract", "-"],
        "The India-Russia corridor was discussed.\n",
    );
    assert_eq!(code, Some(0));
    assert!(
        out.contains("[[corridor]]\nfrom = \"India\"\nto = \"Russia\"\n"),
        "{out}"
    );
}
