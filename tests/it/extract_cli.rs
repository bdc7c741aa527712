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
fn extract_json(text: &str) -> serde_json::Value {
    let out = diplomap()
        .args(["extract", "-", "--json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

/// `text -> name (country) reason` for each mention of an article.
fn readings(text: &str) -> Vec<String> {
    let v = extract_json(text);
    v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} -> {} ({}) {}",
                m["text"].as_str().unwrap(),
                m["name"].as_str().unwrap(),
                m["country"].as_str().unwrap_or("-"),
                m["reason"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn the_story_settles_a_homonym_and_says_why() {
    // Alone, the most prominent bearer.
    assert_eq!(
        readings("Flights to Edmonton resumed."),
        ["Edmonton -> Edmonton (CA) prominence"]
    );
    // Beside the London districts around it: the district, in the story's country and near
    // its places.
    assert_eq!(
        readings("Police in Enfield and Tottenham said the fire in Edmonton was out."),
        [
            "Enfield -> Enfield Town (GB) nearby",
            "Tottenham -> Tottenham (GB) prominence",
            "Edmonton -> Edmonton (GB) country",
        ]
    );
    // A dateline qualifies its town, and the town then draws the story's other mentions.
    assert_eq!(
        readings("LONDON, Ky. (WKYT) — London police arrested two men in Laurel County."),
        [
            "LONDON -> London (US) qualifier",
            "Ky -> Kentucky (US) qualifier",
            "London -> London (US) nearby",
            "Laurel County -> Laurel County (US) only",
        ]
    );
    // A state qualified by its country is the state, and a state among states stays one,
    // not a town bearing its name.
    assert_eq!(
        readings("Cases rose in California, United States, and in Texas, Oklahoma and Missouri."),
        [
            "California -> California (US) qualifier",
            "United States -> United States (US) qualifier",
            "Texas -> Texas (US) prominence",
            "Oklahoma -> Oklahoma (US) prominence",
            "Missouri -> Missouri (US) prominence",
        ]
    );
}

#[test]
fn qualifiers_cues_and_lists_settle_a_name_for_the_whole_story() {
    // The qualifier is read as the state that holds the town, not the city a name alone is.
    assert_eq!(
        readings("A girl from Buffalo, New York, died."),
        [
            "Buffalo -> Buffalo (US) qualifier",
            "New York -> New York (US) qualifier",
        ]
    );
    // A city that holds the qualified place stays the city.
    assert_eq!(
        readings("Students in Queens, New York fell ill."),
        [
            "Queens -> Queens (US) qualifier",
            "New York -> New York City (US) prominence",
        ]
    );
    // A list is not a qualifier, and its names are of one kind.
    assert_eq!(
        readings("Officials are investigating cases in Washington, Pennsylvania and California."),
        [
            "Washington -> Washington (US) list",
            "Pennsylvania -> Pennsylvania (US) only",
            "California -> California (US) prominence",
        ]
    );
    assert_eq!(
        readings("Cases were found in Colorado, Georgia, Illinois and Missouri."),
        [
            "Colorado -> Colorado (US) prominence",
            "Georgia -> Georgia (US) country",
            "Illinois -> Illinois (US) prominence",
            "Missouri -> Missouri (US) prominence",
        ]
    );
    // A country by its own name is not a town because a name follows its comma.
    assert_eq!(
        readings("He reported on dealings in Russia, U.S. officials said."),
        [
            "Russia -> Russia (RU) prominence",
            "U.S. -> United States (US) prominence",
        ]
    );
    // Words around a name say its kind; a name settled once keeps its reading.
    assert_eq!(
        readings(
            "New York Governor Andrew Cuomo declared an emergency. A cow from a Washington \
             state farm tested positive. Deaths in New York rose."
        ),
        [
            "New York -> New York (US) cue",
            "Washington -> Washington (US) cue",
            "New York -> New York (US) repeated",
        ]
    );
    assert_eq!(
        readings("Shelling hit Idlib province. In the Hunan city of Yueyang, dams overflowed."),
        [
            "Idlib -> Idlib (SY) cue",
            "Hunan -> Hunan (CN) prominence",
            "Yueyang -> Yueyang (CN) prominence",
        ]
    );
}

#[test]
fn pronouns_articles_and_institutions_are_not_places() {
    assert_eq!(
        readings(
            "\"My son is ill,\" she said. I read it in The Guardian, a paper sold at the \
             University of Manitoba in Winnipeg and across the US."
        ),
        // The province the university is named after is still a place mention.
        [
            "Manitoba -> Manitoba (CA) only",
            "Winnipeg -> Winnipeg (CA) only",
            "US -> United States (US) only",
        ]
    );
}

#[test]
fn governments_incorporations_and_the_places_a_state_holds_make_it_the_state() {
    // A government, a ministry or a minister belongs to the state, not its chief town.
    assert_eq!(
        readings(
            "Mayors will appeal to the Quebec government. Quebec Health Minister Gaetan \
             Barrette was not satisfied."
        ),
        ["Quebec -> Québec (CA) cue", "Quebec -> Québec (CA) cue"]
    );
    // A company is incorporated in a state.
    assert_eq!(
        readings("LE Central, a Delaware limited liability company, bought the property."),
        ["Delaware -> Delaware (US) cue"]
    );
    // The story's places lie across the province, away from its capital.
    assert_eq!(
        readings("Right turns on red are banned in Montreal. Elsewhere in Quebec they are legal."),
        [
            "Montreal -> Montréal (CA) prominence",
            "Quebec -> Québec (CA) state",
        ]
    );
    // Beside the capital's own suburb, the name stays the city.
    assert_eq!(
        readings("A ferry links Lévis with Quebec every hour."),
        [
            "Lévis -> Lévis (CA) prominence",
            "Quebec -> Québec (CA) prominence",
        ]
    );
}

#[test]
fn dates_contractions_streets_saints_and_translated_names_are_not_places() {
    assert_eq!(
        readings(
            "On Nov. 3 and Dec 12 I'd seen it, and I've said so at Christmas. He was taken \
             to St. Michael's Hospital, off Raynham Avenue, then spoke at the White House."
        ),
        Vec::<String>::new()
    );
    // A state named in full by common words is the state; a sea's coast "of" its country is
    // the coast.
    assert_eq!(
        readings("She flew from a New Jersey airport to the Gold Coast of Australia."),
        [
            "New Jersey -> New Jersey (US) prominence",
            "Gold Coast -> Gold Coast (AU) prominence",
            "Australia -> Australia (AU) prominence",
        ]
    );
}
