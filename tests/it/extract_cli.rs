//! `diplomap extract` through the real binary: the seed article's draft (its places and
//! events, and `build` accepting it as it is), `--json`, `--batch` over a folder and a JSON-lines
//! stream, and every refusal word for word.

use crate::common;

use common::{diplomap, stderr, stdout};
use std::path::PathBuf;

/// The seed article in `../shared/seed/`, if it is beside the clone (see `common::shared`).
fn seed() -> Option<PathBuf> {
    let dir = common::shared("seed")?;
    let file = std::fs::read_dir(&dir)
        .expect("../shared/seed is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "txt"))
        .expect("the seed article");
    Some(file)
}

/// The draft of `article` (with `--date 2024-07-09`) and what was said on stderr.
fn draft_of(article: &std::path::Path) -> (String, String) {
    let out = diplomap()
        .args(["extract", "--date", "2024-07-09"])
        .arg(article)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    (stdout(&out), stderr(&out))
}

/// Each place is listed at the top of the draft.
fn assert_lists_places(draft: &str, places: &[&str]) {
    for place in places {
        assert!(
            draft.contains(&format!("#   {place}: ")),
            "{place}:\n{draft}"
        );
    }
}

/// `build` accepts the draft as it is and writes the event layers.
fn assert_builds(draft: &str) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("draft.toml"), draft).unwrap();
    let built = diplomap()
        .args(["build", "draft.toml", "-o", "map"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(built.status.success(), "{}", stderr(&built));
    for layer in ["meetings", "strikes", "summits", "corridors"] {
        assert!(
            tmp.path().join(format!("map/{layer}.geojson")).exists(),
            "{layer}"
        );
    }
}

#[test]
fn the_projects_seed_story_drafts_the_same_facts_and_build_accepts_the_draft() {
    // The project's own telling of the seed story (tests/data/extract/seed-story.txt): the same
    // facts as the article in ../shared/seed, in other words, so a fresh clone checks them too.
    let story = common::data("extract/seed-story.txt");
    let (draft, err) = draft_of(&story);
    assert_lists_places(
        &draft,
        &[
            "Moscow (RU, city)",
            "Kyiv (UA, city)",
            "Washington (US, city)",
            "Kazakhstan (KZ, country)",
            "Chennai (IN, city)",
            "Vladivostok (RU, city)",
            "India (IN, country)",
            "Russia (RU, country)",
            "Ukraine (UA, country)",
            "Beijing (CN, city)",
        ],
    );
    let scenario: toml::Table = toml::from_str(&draft).unwrap();
    let events = |kind: &str| scenario[kind].as_array().unwrap().clone();
    let meetings = events("meeting");
    assert_eq!(meetings.len(), 1, "{draft}");
    assert_eq!(meetings[0]["place"].as_str(), Some("Moscow"));
    assert_eq!(meetings[0]["date"].to_string(), "2024-07-09");
    assert_eq!(
        meetings[0]["participants"].as_array().unwrap(),
        &[toml::Value::from("India"), toml::Value::from("Russia")]
    );
    let strikes = events("strike");
    assert_eq!(strikes.len(), 1, "{draft}");
    assert_eq!(strikes[0]["place"].as_str(), Some("Kyiv"));
    assert_eq!(strikes[0]["actor"].as_str(), Some("Russia"));
    assert_eq!(strikes[0]["weapon"].as_str(), Some("missiles"));
    assert_eq!(strikes[0]["undated"].as_bool(), Some(true));
    let summits = events("summit");
    assert_eq!(summits.len(), 2, "{draft}");
    assert_eq!(summits[0]["place"].as_str(), Some("Washington"));
    assert_eq!(summits[0]["organization"].as_str(), Some("NATO"));
    assert_eq!(summits[1]["place"].as_str(), Some("Kazakhstan"));
    assert_eq!(summits[1]["organization"].as_str(), Some("SCO"));
    assert_eq!(
        summits[1]["absent"].as_array().unwrap(),
        &[toml::Value::from("India")]
    );
    let corridor = &events("corridor")[0];
    assert_eq!(corridor["from"].as_str(), Some("Chennai"));
    assert_eq!(corridor["to"].as_str(), Some("Vladivostok"));
    assert_eq!(corridor["mode"].as_str(), Some("sea"));
    assert_eq!(
        err,
        format!(
            "diplomap: warning: {}: sentence 2: the strike has no date in its sentence; add one by hand\n",
            story.display()
        )
    );

    assert_builds(&draft);
}

#[test]
fn the_seed_article_drafts_its_places_and_events_and_build_accepts_the_draft() {
    let Some(seed) = seed() else {
        return;
    };
    let (draft, err) = draft_of(&seed);
    assert_lists_places(
        &draft,
        &[
            "Moscow (RU, city)",
            "Kyiv (UA, city)",
            "Washington (US, city)",
            "Kazakhstan (KZ, country)",
            "Chennai (IN, city)",
            "Vladivostok (RU, city)",
            "India (IN, country)",
            "Russia (RU, country)",
            "Ukraine (UA, country)",
        ],
    );
    let scenario: toml::Table = toml::from_str(&draft).unwrap();
    let events = |kind: &str| scenario[kind].as_array().unwrap().clone();
    let meeting = &events("meeting")[0];
    assert_eq!(meeting["place"].as_str(), Some("Moscow"));
    assert_eq!(meeting["date"].to_string(), "2024-07-09");
    assert_eq!(
        meeting["participants"].as_array().unwrap(),
        &[toml::Value::from("India"), toml::Value::from("Russia")]
    );
    assert!(meeting["properties"]["evidence"]
        .as_str()
        .unwrap()
        .starts_with("Indian Prime Minister Narendra Modi held a meeting"));
    let strike = &events("strike")[0];
    assert_eq!(strike["place"].as_str(), Some("Kyiv"));
    assert_eq!(strike["actor"].as_str(), Some("Russia"));
    assert_eq!(strike["weapon"].as_str(), Some("missiles"));
    let summits = events("summit");
    assert_eq!(summits.len(), 2, "{draft}");
    assert_eq!(summits[0]["place"].as_str(), Some("Washington"));
    assert_eq!(summits[0]["organization"].as_str(), Some("NATO"));
    assert_eq!(summits[1]["place"].as_str(), Some("Kazakhstan"));
    assert_eq!(summits[1]["organization"].as_str(), Some("SCO"));
    assert_eq!(
        summits[1]["absent"].as_array().unwrap(),
        &[toml::Value::from("India")]
    );
    let corridor = &events("corridor")[0];
    assert_eq!(corridor["from"].as_str(), Some("Chennai"));
    assert_eq!(corridor["to"].as_str(), Some("Vladivostok"));
    assert_eq!(corridor["mode"].as_str(), Some("sea"));
    assert_eq!(
        events("meeting").len() + events("strike").len(),
        2,
        "{draft}"
    );
    // Each event follows the sentence it came from, as a comment.
    assert!(draft
        .contains("# Sentence 7: Upon Modi’s arrival in Moscow, Russian missiles struck Ukraine"));
    // Undated events say so; none gets an invented date.
    assert_eq!(
        err,
        format!(
            "diplomap: warning: {0}: sentence 2: the summit has no date in its sentence; add one by hand\n\
             diplomap: warning: {0}: sentence 6: the summit has no date in its sentence; add one by hand\n\
             diplomap: warning: {0}: sentence 7: the strike has no date in its sentence; add one by hand\n",
            seed.display()
        )
    );

    assert_builds(&draft);
}

#[test]
fn json_gives_mentions_with_offsets_and_events() {
    let text = "Russian missiles struck Kyiv on 8 July 2024. Modi met Putin in Moscow.\n";
    let v = extract_json(text);
    let m = &v["mentions"];
    assert_eq!(m.as_array().unwrap().len(), 3, "{v:#}");
    assert_eq!(
        (
            m[1]["text"].as_str(),
            m[1]["start"].as_u64(),
            m[1]["end"].as_u64()
        ),
        (Some("Kyiv"), Some(24), Some(28))
    );
    assert_eq!(m[1]["name"], "Kyiv");
    assert_eq!(m[1]["country"], "UA");
    assert!((m[1]["lat"].as_f64().unwrap() - 50.45).abs() < 0.01);
    assert!((m[1]["lon"].as_f64().unwrap() - 30.52).abs() < 0.01);
    assert!(m[1]["confidence"].as_f64().unwrap() > 0.5);
    assert_eq!(m[0]["via"], "demonym");
    let e = &v["events"];
    assert_eq!(e[0]["kind"], "strike");
    assert_eq!(e[0]["place"], "Kyiv");
    assert_eq!(e[0]["start"], "2024-07-08");
    assert_eq!(
        e[0]["evidence"],
        "Russian missiles struck Kyiv on 8 July 2024."
    );
    assert_eq!(e[1]["kind"], "meeting");
    assert_eq!(e[1]["place"], "Moscow");
    assert_eq!(e[1]["start"], serde_json::Value::Null);
    assert_eq!(
        v["warnings"][0],
        "sentence 2: the meeting has no date in its sentence; add one by hand"
    );
}

#[test]
fn batch_reads_a_folder_or_json_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("articles");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("b.txt"), "Talks were held in Tokyo on Monday.").unwrap();
    std::fs::write(dir.join("a.txt"), "Drones hit Odesa yesterday.").unwrap();
    std::fs::write(dir.join("c.txt"), "").unwrap();
    std::fs::write(dir.join("notes.md"), "Paris").unwrap();
    let out = diplomap()
        .args(["extract", "--batch", "--date", "2024-07-09"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "an empty article fails");
    let lines = common::json_lines(&out);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "a.txt");
    assert_eq!(lines[0]["events"][0]["place"], "Odesa");
    assert_eq!(lines[0]["events"][0]["start"], "2024-07-08");
    assert_eq!(lines[1]["id"], "b.txt");
    assert_eq!(lines[1]["events"][0]["place"], "Tokyo");
    assert_eq!(lines[1]["events"][0]["start"], "2024-07-08");
    assert_eq!(lines[2]["id"], "c.txt");
    let empty = format!(
        "{}: the article is empty; hint: give the text of a news story",
        dir.join("c.txt").display()
    );
    assert_eq!(lines[2]["error"], empty.as_str());
    assert_eq!(stderr(&out), format!("diplomap: error: {empty}\n"));

    let jsonl = "{\"id\": \"x\", \"text\": \"Talks were held in Tokyo on Monday.\", \"date\": \"2024-07-09\"}\n\n{\"text\": \"Nothing here.\"}\n";
    let out = diplomap()
        .args(["extract", "--batch", "-"])
        .write_stdin(jsonl)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = common::json_lines(&out);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "x");
    assert_eq!(lines[0]["events"][0]["start"], "2024-07-08");
    assert_eq!(lines[1]["id"], "3");
    assert_eq!(lines[1]["warnings"][0], "no places found in the text");

    let out = diplomap()
        .args(["extract", "--batch", "-"])
        .write_stdin("{\"text\": \"x\"}\nnot json\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "diplomap: error: <stdin>:2: not a JSON object (expected ident at line 1 column 2); hint: one {\"id\", \"text\", \"date\"} object per line\n"
    );
}

#[test]
fn bad_input_is_refused_with_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |name: &str| tmp.path().join(name);
    std::fs::write(p("empty.txt"), "  \n").unwrap();
    std::fs::write(p("binary.txt"), b"PK\x03\x04\x00\x00").unwrap();
    std::fs::write(p("latin1.txt"), b"caf\xe9 in Paris").unwrap();
    let big = std::fs::File::create(p("big.txt")).unwrap();
    big.set_len(50 << 20).unwrap();
    for (file, code, message) in [
        ("empty.txt", 1, "the article is empty; hint: give the text of a news story"),
        ("binary.txt", 1, "binary data (a NUL byte at byte 4); hint: give the article as UTF-8 text"),
        ("latin1.txt", 1, "not UTF-8 text (invalid byte at byte 4); hint: save it as UTF-8, e.g. iconv -f latin1 -t utf-8"),
        ("big.txt", 1, "52428800 bytes is too long for an article (at most 4194304 bytes, 4 MiB); hint: split it, or give one article per line with --batch"),
    ] {
        let out = diplomap()
            .args(["extract", file])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{file}");
        assert_eq!(stderr(&out), format!("diplomap: error: {file}: {message}\n"));
        assert_eq!(stdout(&out), "", "{file}: nothing on stdout");
    }
    let out = diplomap()
        .args(["extract", "missing.txt"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "diplomap: error: cannot read article 'missing.txt': No such file or directory (os error 2)\n"
    );
    let out = diplomap()
        .args(["extract", "x.txt", "--date", "9 July"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "diplomap: error: invalid --date '9 July'; hint: the publication date as YYYY-MM-DD, such as 2024-07-09\n"
    );

    // No places: a draft with no events, a warning, and success.
    std::fs::write(
        p("weather.txt"),
        "The weather was fine and everyone stayed home.\n",
    )
    .unwrap();
    let out = diplomap()
        .args(["extract", "weather.txt"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stderr(&out),
        "diplomap: warning: weather.txt: no places found in the text\n"
    );
    assert!(stdout(&out)
        .contains("\ntitle = \"Draft: The weather was fine and everyone stayed home.\"\n"));
}

#[test]
fn abbreviations_read_as_a_reader_reads_them_and_titles_and_groups_are_not_places() {
    let text = "VANCOUVER, B.C. — Dr. Smith flew from Lexington, Ky., to Sacramento, Calif., \
                and on to NSW. The EU and NATO sent envoys to the Red Sea.";
    let v = extract_json(text);
    let got: Vec<String> = v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} -> {} ({})",
                m["text"].as_str().unwrap(),
                m["name"].as_str().unwrap(),
                m["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "VANCOUVER -> Vancouver (city)",
            "B.C. -> British Columbia (admin1)",
            "Lexington -> Lexington (city)",
            "Ky -> Kentucky (admin1)",
            "Sacramento -> Sacramento (city)",
            "Calif -> California (admin1)",
            "NSW -> New South Wales (admin1)",
            "Red Sea -> Red Sea (sea)",
        ]
    );
}

/// `extract - --json` of a text, which must succeed.
pub(crate) fn extract_json(text: &str) -> serde_json::Value {
    let out = diplomap()
        .args(["extract", "-", "--json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}
