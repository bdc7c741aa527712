//! `diplomap resolve` through the real binary: output shapes (table, JSON lines, GeoJSON), stdin
//! for scripts, user places, and every user-facing error word for word with its exit code.

use crate::common;

use common::{diplomap, json_lines, stderr, stdout};

#[test]
fn readme_main_command_prints_the_seed_places() {
    let out = diplomap()
        .args([
            "resolve",
            "Moscow",
            "Kyiv",
            "Washington",
            "Kazakhstan",
            "Chennai",
            "Vladivostok",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "query        name         country  kind     lon         lat        match  note"
    );
    assert_eq!(
        lines[1],
        "Moscow       Moscow       RU       city     37.615560   55.752220  exact"
    );
    assert_eq!(
        lines[4],
        "Kazakhstan   Kazakhstan   KZ       country  68.685548   49.054149  exact"
    );
    assert_eq!(lines.len(), 7);
}

#[test]
fn json_lines_carry_exactly_the_documented_fields() {
    let out = diplomap()
        .args(["resolve", "--json", "--limit", "2", "Paris, TX", "Paris"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json_lines(&out);
    let keys: Vec<&str> = v[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "query",
        "name",
        "country",
        "admin1",
        "kind",
        "lon",
        "lat",
        "population",
        "match",
        "alternatives",
    ];
    let mut sorted = keys.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    assert_eq!(v[0]["query"], "Paris, TX");
    assert_eq!(v[0]["country"], "US");
    assert_eq!(v[0]["admin1"], "Texas");
    assert_eq!(v[0]["match"], "qualified");
    assert_eq!(v[1]["country"], "FR");
    assert_eq!(v[1]["kind"], "city");
    assert_eq!(v[1]["match"], "exact");
    let alts = v[1]["alternatives"].as_array().unwrap();
    assert_eq!(alts.len(), 2, "--limit caps alternatives");
    let alt_keys: Vec<&str> = alts[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(alt_keys.len(), 6);
    for k in ["name", "country", "kind", "lon", "lat", "population"] {
        assert!(alt_keys.contains(&k), "alternative has {k}");
    }
}

#[test]
fn kinds_and_matches_are_reported() {
    let out = diplomap()
        .args([
            "resolve",
            "--json",
            "Kazakhstan",
            "Kiev",
            "Texas",
            "geo:43.1056,131.8735",
            "Vladivostock",
        ])
        .output()
        .unwrap();
    let v = json_lines(&out);
    let pairs: Vec<(String, String)> = v
        .iter()
        .map(|o| {
            (
                o["kind"].as_str().unwrap().into(),
                o["match"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("country".into(), "exact".into()),
            ("city".into(), "alternate".into()),
            ("admin1".into(), "exact".into()),
            ("coordinates".into(), "coordinates".into()),
            ("city".into(), "fuzzy".into()),
        ]
    );
    assert_eq!(v[3]["lon"], 131.8735);
    assert_eq!(v[3]["lat"], 43.1056);
    assert_eq!(
        v[2]["population"],
        serde_json::Value::Null,
        "admin-1 population is an estimate, not shown"
    );
}

#[test]
fn airports_answer_by_their_names_and_short_forms_but_never_take_a_town() {
    let out = diplomap()
        .args([
            "resolve",
            "--json",
            "Heathrow",
            "Pearson International Airport",
            "Boryspil Airport",
            "Kota",
            "Phoenix",
        ])
        .output()
        .unwrap();
    let v = json_lines(&out);
    let answers: Vec<String> = v
        .iter()
        .map(|o| {
            format!(
                "{} ({}, {})",
                o["name"].as_str().unwrap(),
                o["country"].as_str().unwrap_or("-"),
                o["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        answers,
        [
            "London Heathrow Airport (GB, airport)",
            "Toronto Pearson International Airport (CA, airport)",
            "Boryspil International Airport (UA, airport)",
            // An airport named after its town is never the town's name alone.
            "Kota (IN, city)",
            "Phoenix (US, city)",
        ]
    );
}

#[test]
fn ambiguous_names_resolve_to_the_best_and_list_alternatives() {
    let out = diplomap()
        .args(["resolve", "--json", "Springfield"])
        .output()
        .unwrap();
    let v = &json_lines(&out)[0];
    assert_eq!(v["country"], "US");
    let alts = v["alternatives"].as_array().unwrap();
    assert!(alts.iter().filter(|a| a["name"] == "Springfield").count() >= 3);
    let table = stdout(
        &diplomap()
            .args(["resolve", "Springfield"])
            .output()
            .unwrap(),
    );
    assert!(
        table.contains("ambiguous; next: Springfield (US)"),
        "{table}"
    );
}

#[test]
fn stdin_queries_one_per_line_skip_blank_lines() {
    let out = diplomap()
        .args(["resolve", "--json", "-"])
        .write_stdin("Moscow\n\n  \r\nChennai\r\n")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json_lines(&out);
    assert_eq!(v.len(), 2);
    assert_eq!(v[1]["name"], "Chennai");
}

#[test]
fn geojson_is_an_rfc7946_feature_collection() {
    let out = diplomap()
        .args(["resolve", "--geojson", "Moscow", "Chennai"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = stdout(&out);
    let fc: geojson::FeatureCollection = text.parse().expect("parses as GeoJSON");
    assert_eq!(fc.features.len(), 2);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(v.get("crs").is_none());
    assert_eq!(v["features"][0]["id"], "1");
    assert_eq!(v["name"], "places");
    assert_eq!(
        v["features"][1]["geometry"]["coordinates"],
        serde_json::json!([80.27847, 13.08784])
    );
    assert_eq!(v["features"][1]["properties"]["name"], "Chennai");
}

#[test]
fn geojson_has_six_decimals_as_every_layer_does() {
    let out = diplomap()
        .args(["resolve", "--geojson", "geo:13.087841234,80.278471234"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stdout(&out),
        "{\"type\":\"FeatureCollection\",\"name\":\"places\",\"features\":[\n\
         {\"type\":\"Feature\",\"id\":\"1\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[80.278471,13.087841]},\"properties\":{\"query\":\"geo:13.087841234,80.278471234\",\"name\":\"geo:13.087841234,80.278471234\",\"country\":null,\"admin1\":null,\"kind\":\"coordinates\",\"population\":null,\"match\":\"coordinates\"}}\n\
         ],\"bbox\":[80.278471,13.087841,80.278471,13.087841]}\n"
    );
}

#[test]
fn country_filter_restricts_answers() {
    let out = diplomap()
        .args(["resolve", "--json", "--country", "us", "Moscow"])
        .output()
        .unwrap();
    let v = &json_lines(&out)[0];
    assert_eq!(v["country"], "US");
    assert_eq!(v["admin1"], "Idaho");
}

#[test]
fn user_places_add_venues_and_override_names() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("venues.csv");
    std::fs::write(
        &csv,
        "name,lon,lat,country,aliases\nNovo-Ogaryovo,37.2386,55.7375,RU,Novo-Ogarevo;Ново-Огарёво\nMoscow,37.6173,55.7558,RU,\n",
    )
    .unwrap();
    let out = diplomap()
        .args([
            "resolve",
            "--json",
            "--places",
            csv.to_str().unwrap(),
            "Novo-Ogarevo",
            "Moscow",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_lines(&out);
    assert_eq!(v[0]["name"], "Novo-Ogaryovo");
    assert_eq!(v[0]["kind"], "custom");
    assert_eq!(v[0]["match"], "custom");
    assert_eq!(
        v[1]["lat"], 55.7558,
        "a user place overrides the gazetteer name"
    );
}

/// Run with args (and stdin), return (exit code, stdout, stderr).
fn run(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = diplomap()
        .args(args)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

#[test]
fn unresolved_queries_print_an_error_object_and_exit_1_after_the_rest() {
    let (code, out, err) = run(
        &["resolve", "--json", "Vladivostok", "Xqzzyplace", "Chennai"],
        b"",
    );
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        r#"{"query":"Xqzzyplace","error":"unknown place 'Xqzzyplace'","suggestions":[]}"#
    );
    assert!(lines[2].contains("\"Chennai\""));
    assert_eq!(
        err,
        "diplomap: error: argument 2: unknown place 'Xqzzyplace'\n"
    );
}

#[test]
fn unknown_place_suggests_near_names() {
    let (code, out, err) = run(&["resolve", "--json", "Vladivostak"], b"");
    // One edit from Vladivostok and clearly best: resolved, reported as fuzzy.
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"match\":\"fuzzy\""));
    // Five letters: too short to correct, so an error with suggestions.
    let (code, out, err) = run(&["resolve", "--json", "Mosow"], b"");
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "diplomap: error: argument 1: unknown place 'Mosow'; did you mean one of: 'Moscow' (RU), 'Moskva' (RU, admin1), 'Moskovskaya' (RU, admin1), 'Moscow' (US), 'Mosonmagyaróvár' (HU)?\n"
    );
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["suggestions"][0]["name"], "Moscow");
    assert_eq!(v["suggestions"][0]["country"], "RU");
    assert_eq!(v["suggestions"][0]["kind"], "city");
}

#[test]
fn bad_queries_get_clear_messages_and_exit_codes() {
    let long = "a".repeat(10 * 1024);
    let cases: Vec<(Vec<&str>, &[u8], i32, String)> = vec![
        (
            vec!["resolve", ""],
            b"",
            2,
            "diplomap: error: argument 1: empty query; hint: give a place name such as Moscow, or geo:LAT,LON\n".into(),
        ),
        (
            vec!["resolve", "Moscow", "   "],
            b"",
            2,
            "diplomap: error: argument 2: empty query; hint: give a place name such as Moscow, or geo:LAT,LON\n".into(),
        ),
        (
            vec!["resolve", &long],
            b"",
            2,
            "diplomap: error: argument 1: query is 10240 bytes long; the longest accepted is 1000\n".into(),
        ),
        (
            vec!["resolve", "-"],
            b"Ky\0iv\n",
            1,
            "diplomap: error: <stdin>:1: query contains a NUL character; hint: place names are plain text\n".into(),
        ),
        (
            vec!["resolve", "-"],
            b"Moscow\n\xff\xfeabc\n",
            1,
            "diplomap: error: <stdin>:2: not UTF-8 text (invalid byte at byte 1); hint: save it as UTF-8, e.g. iconv -f latin1 -t utf-8\n".into(),
        ),
        (
            vec!["resolve", "geo:95,10"],
            b"",
            1,
            "diplomap: error: argument 1: latitude 95 in 'geo:95,10' is out of range [-90, 90]; geo URIs put latitude first: did you mean geo:LAT,LON with the two swapped?\n".into(),
        ),
        (
            vec!["resolve", "geo:10,181"],
            b"",
            1,
            "diplomap: error: argument 1: longitude 181 in 'geo:10,181' is out of range [-180, 180]\n".into(),
        ),
        (
            // Two edits from South Ossetia, one of them the first letter: no guess.
            vec!["resolve", "Xouth Ossetiaa"],
            b"",
            1,
            "diplomap: error: argument 1: unknown place 'Xouth Ossetiaa'\n".into(),
        ),
        (
            vec!["resolve", "Paris, Atlantis"],
            b"",
            1,
            "diplomap: error: argument 1: unknown qualifier 'Atlantis' in 'Paris, Atlantis'; hint: a qualifier names a country (name, ISO code) or a state/province (name, postal code, ISO 3166-2 code); did you mean one of: 'Atlántico' (CO, admin1), 'Atlántida' (HN, admin1)?\n".into(),
        ),
        (
            vec!["resolve", "--country", "XX", "Moscow"],
            b"",
            2,
            "diplomap: error: unknown country code 'XX' for --country; hint: use an ISO 3166-1 alpha-2 code such as RU, IN or US\n".into(),
        ),
        (
            vec!["resolve", "--country", "Russia", "Moscow"],
            b"",
            2,
            "diplomap: error: --country 'Russia' is not an ISO 3166-1 alpha-2 code; hint: use two letters such as RU, IN or US\n".into(),
        ),
    ];
    for (args, stdin, code, message) in cases {
        let (got_code, _, err) = run(&args, stdin);
        assert_eq!(
            (got_code, err.as_str()),
            (code, message.as_str()),
            "args {args:?}"
        );
    }
}

#[test]
fn damaged_gazetteer_and_places_files_are_refused_with_file_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| dir.path().join(n);
    let embedded =
        std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer.dgz")).unwrap();
    std::fs::write(path("garbage.dgz"), b"garbage").unwrap();
    std::fs::write(path("truncated.dgz"), &embedded[..100_000]).unwrap();
    let mut flipped = embedded.clone();
    let n = flipped.len();
    flipped[n - 1] ^= 0x55;
    std::fs::write(path("flipped.dgz"), &flipped).unwrap();
    std::fs::write(
        path("places.csv"),
        "name,lon,lat\nOkhmatdyt,30.47,50.45\nBase,east,50\n",
    )
    .unwrap();

    let p = |n: &str| path(n).to_str().unwrap().to_string();
    let cases = [
        (
            vec!["--gazetteer".to_string(), p("garbage.dgz")],
            format!("diplomap: error: cannot load gazetteer {}: not a diplomap gazetteer (the file does not start with \"DMAPGAZ1\")\n", p("garbage.dgz")),
        ),
        (
            vec!["--gazetteer".to_string(), p("truncated.dgz")],
            format!(
                "diplomap: error: cannot load gazetteer {}: gazetteer is truncated: its places section ends at byte {} but the file has 100000 bytes (was the file cut short while copying?)\n",
                p("truncated.dgz"),
                places_end(&embedded)
            ),
        ),
        (
            vec!["--gazetteer".to_string(), p("missing.dgz")],
            format!("diplomap: error: cannot read gazetteer {}: No such file or directory (os error 2)\n", p("missing.dgz")),
        ),
        (
            vec!["--places".to_string(), p("places.csv")],
            format!(
                "diplomap: error: {}:3: lon 'east' is not a number; hint: each row is name,lon,lat[,country][,aliases], longitude first\n",
                p("places.csv")
            ),
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["resolve".to_string()];
        args.extend(extra);
        args.push("Moscow".into());
        let out = diplomap().args(&args).output().unwrap();
        assert_eq!(
            (out.status.code(), stderr(&out)),
            (Some(1), message),
            "args {args:?}"
        );
        assert!(out.stdout.is_empty());
    }
    let out = diplomap()
        .args(["--gazetteer", &p("flipped.dgz"), "resolve", "Moscow"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with(&format!(
            "diplomap: error: cannot load gazetteer {}: gazetteer is corrupt: checksum ",
            p("flipped.dgz")
        )),
        "{err}"
    );
}

/// End offset of the places section, read from the header (offset at 40, length at 48).
fn places_end(file: &[u8]) -> u64 {
    let u = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().unwrap());
    u(40) + u(48)
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let (code, _, err) = run(&["resolve"], b"");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: the following required arguments were not provided:"),
        "{err}"
    );
    let (code, out, _) = run(&["resolve", "--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("Examples:\n  diplomap resolve Moscow Kyiv Washington"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let queries: String = (0..20_000).map(|_| "Moscow\n").collect();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("diplomap"))
        .args(["resolve", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(queries.as_bytes());
    });
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let _ = writer.join();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert_eq!(err, "");
}
