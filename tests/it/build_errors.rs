//! `diplomap build`'s refusals, word for word with their exit codes: scenario errors (each at its
//! file, line and column), fuzzy and ambiguous names, usage and file errors, values no format can
//! hold, and every problem of a scenario in one run; and the README's scenario example.

use crate::common;

use std::path::Path;

use common::{diplomap, stderr};

/// Scenario text → (stderr, exit code), with nothing written.
fn build_error(scenario: &str, extra: &[&str]) -> (String, i32) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), scenario).unwrap();
    let out = diplomap()
        .args(["build", "s.toml", "-o", "out"])
        .args(extra)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        !dir.path().join("out").exists(),
        "nothing written for {scenario:?}"
    );
    (stderr(&out), out.status.code().unwrap())
}

#[test]
fn scenario_errors_word_for_word() {
    let cases: &[(&str, &str)] = &[
        (
            "title = \"x\"\n[[meeting]\nplace = \"Moscow\"\n",
            "s.toml:2:11: invalid TOML: unclosed array table, expected `]`",
        ),
        (
            "title = \"x\"\n\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\npartcipants = [\"India\"]\n",
            "s.toml:6:1: unknown key 'partcipants' in [[meeting]]; did you mean 'participants'?",
        ),
        (
            "title = \"x\"\n[[meetings]]\nplace = \"Moscow\"\n",
            "s.toml:2:3: unknown key 'meetings' at the top level; did you mean 'meeting'?",
        ),
        (
            "title = \"x\"\n[[strike]]\nplace = \"Kyiv\"\ndate = 2024-07-08\nwarhead = \"x\"\n",
            "s.toml:5:1: unknown key 'warhead' in [[strike]]; hint: the keys allowed here are id, place, date, start, end, undated, title, description, source, tags, properties, actor, target, weapon, casualties, from",
        ),
        (
            "title = 5\n",
            "s.toml:1:9: invalid type: integer `5`, expected a string",
        ),
        (
            "[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\n",
            "s.toml:1:1: scenario has no title; hint: add title = \"…\" at the top",
        ),
        (
            "title = \"x\"\n[[meeting]]\nplace = \"Moscoww Kremlinn\"\ndate = 2024-07-08\n[[strike]]\nplace = \"Xyzzyville\"\ndate = 2024-07-08\n",
            "2 problems:\n  s.toml:3:9: unknown place 'Moscoww Kremlinn'; hint: check the spelling, qualify the name (\"Paris, TX\"), or define the place in [[place]]\n  s.toml:6:9: unknown place 'Xyzzyville'; hint: check the spelling, qualify the name (\"Paris, TX\"), or define the place in [[place]]",
        ),
        (
            "title = \"x\"\n[[summit]]\nplace = \"Astana\"\nstart = 2024-07-04\nend = 2024-07-03\n",
            "s.toml:5:7: end 2024-07-03 is before start 2024-07-04; hint: swap them, or fix the typo",
        ),
        (
            "title = \"x\"\n[[strike]]\nplace = \"Kyiv\"\ndate = \"2024-07-32\"\n",
            "s.toml:4:8: invalid date '2024-07-32'; hint: write an ISO 8601 date such as 2024-07-09, or a date-time such as 2024-07-09T14:30:00+03:00",
        ),
        (
            "title = \"x\"\n[[strike]]\nplace = \"Kyiv\"\ndate = 2024-07-08\nstart = 2024-07-08\n",
            "s.toml:4:8: 'date' given with 'start' or 'end'; hint: 'date' is shorthand for a one-day event, use start and end for longer ones",
        ),
        (
            "title = \"x\"\n[[strike]]\nplace = \"Kyiv\"\nend = 2024-07-08\n",
            "s.toml:4:7: 'end' without 'start'; hint: add start = …, or use date = … for a one-day event",
        ),
        (
            "title = \"x\"\n[[meeting]]\nplace = \"Moscow\"\n",
            "s.toml:2:1: meeting has no date; hint: date = 2024-07-09 for one day, start = … and end = …, or undated = true if it is not known",
        ),
        (
            "title = \"x\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\nundated = true\n",
            "s.toml:5:11: 'undated = true' with a date; hint: remove one or the other",
        ),
        (
            "title = \"x\"\n[[strike]]\nid = \"a\"\nplace = \"Kyiv\"\ndate = 2024-07-08\n[[strike]]\nid = \"a\"\nplace = \"Dnipro\"\ndate = 2024-07-08\n",
            "s.toml:7:6: duplicate id 'a', first used at s.toml:3:6; hint: ids must be unique within a map",
        ),
        (
            "title = \"x\"\n[[strike]]\nplace = \"Kyiv\"\ndate = 2024-07-08\n[[strike]]\nplace = \"Kyiv\"\ndate = 2024-07-08\n",
            "s.toml:5:1: event repeats the strike at s.toml:2:1 word for word; hint: delete one, or give each an id",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Chennai\"\nto = \"chennai\"\nmode = \"air\"\n",
            "s.toml:4:6: corridor goes from 'Chennai' to itself; hint: 'from' and 'to' must be different places",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Chennai\"\nto = \"Astana\"\nmode = \"sea\"\n",
            "s.toml:2:1: cannot draw corridor 'Chennai' → 'Astana': 'Astana' is 1420 km from the nearest sea; hint: name a port on the coast, or use mode = \"air\"",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Tiksi\"\nto = \"Pevek\"\nmode = \"sea\"\n",
            "s.toml:2:1: cannot draw corridor 'Tiksi' → 'Pevek': 'Tiksi' is in the Northern Sea Route, closed by default; hint: add 'Northern Sea Route' to allow",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Baku\"\nto = \"Chennai\"\nmode = \"sea\"\n",
            "s.toml:2:1: cannot draw corridor 'Baku' → 'Chennai': 'Baku' is on the Caspian Sea and 'Chennai' on the world ocean: no sea route joins them; hint: the Caspian is landlocked: its only way out, the Volga–Don Canal, takes river ships and is not in the network; route each sea on its own, or use mode = \"air\"",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Hamburg\"\nto = \"Yokohama\"\nmode = \"sea\"\nallow = [\"Northern Sea Route\", \"suez\"]\n",
            "s.toml:6:32: 'Suez Canal' is always open in 'allow'; hint: 'allow' opens the passages closed by default, Northern Sea Route, Northwest Passage, Transpolar Sea Route, Adam's Bridge",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Hamburg\"\nto = \"Yokohama\"\nmode = \"sea\"\nallow = [\"arctic\"]\n",
            "s.toml:6:10: unknown passage 'arctic' in 'allow'; hint: 'allow' opens the passages closed by default, Northern Sea Route, Northwest Passage, Transpolar Sea Route, Adam's Bridge",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Hamburg\"\nto = \"Yokohama\"\nmode = \"air\"\nallow = [\"Northern Sea Route\"]\n",
            "s.toml:6:10: 'allow' applies to sea corridors; hint: remove it, or set mode = \"sea\"",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Chennai\"\nto = \"Vladivostok\"\nmode = \"sea\"\navoid = [\"Malacca\", \"Strait of Malaca\"]\n",
            "s.toml:6:21: unknown passage 'Strait of Malaca' in 'avoid'; hint: the passages are Strait of Malacca, Singapore Strait, Sunda Strait, Lombok Strait, Makassar Strait, Taiwan Strait, Korea Strait, Tsugaru Strait, La Pérouse Strait, Strait of Hormuz, Bab-el-Mandeb, Strait of Gibraltar, Strait of Dover, Bosporus, Dardanelles, Öresund, Strait of Magellan, Bering Strait, Strait of Messina, Kerch Strait, Strait of Tiran, Great Belt, Bass Strait, Kanmon Strait, Akashi Strait, Naruto Strait, Kurushima Strait, The Solent, Venetian Lagoon, First Kuril Strait, East River, Straits of Mackinac, Cape of Good Hope, Cape Horn, Suez Canal, Panama Canal, Kiel Canal, Cape Cod Canal, Inside Passage, St. Lawrence Seaway, Welland Canal, Detroit River, St. Clair River, Soo Locks, St. Lawrence River, Thames, Scheldt, Weser, Seine, Hooghly, Yangtze, Houston Ship Channel, Nieuwe Waterweg, Volga–Caspian Canal, Elbe, Kaliningrad Sea Canal, Don, Northern Sea Route, Northwest Passage, Transpolar Sea Route, Adam's Bridge",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Chennai\"\nto = \"Vladivostok\"\nmode = \"air\"\navoid = [\"Malacca\"]\n",
            "s.toml:6:10: 'avoid' applies to sea corridors; hint: remove it, or set mode = \"sea\"",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Odesa\"\nto = \"Rotterdam\"\nmode = \"sea\"\navoid = [\"Bosporus\"]\n",
            "s.toml:2:1: cannot draw corridor 'Odesa' → 'Rotterdam': no sea route remains avoiding Bosporus; hint: avoid fewer passages",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Chennai\"\nto = \"Vladivostok\"\n",
            "s.toml:2:1: corridor has no mode; hint: mode = \"air\" (great circle) or mode = \"sea\"",
        ),
        (
            "title = \"x\"\n[[summit]]\nplace = \"Astana\"\ndate = 2024-07-03\nhosts = [\"Astana\"]\nmembers = [\n  \"China\",\n  \"Atlantis\",\n]\n",
            "2 problems:\n  s.toml:5:10: 'Astana' in 'hosts' is the place 'Astana' (KZ), not a country; hint: summit hosts, members and absent name countries or groups of countries, such as \"Kazakhstan\", \"KZ\" or \"EU\"\n  s.toml:8:3: 'Atlantis' in 'members' is the place 'Atlantis' (ZA), not a country; hint: summit hosts, members and absent name countries or groups of countries, such as \"Kazakhstan\", \"KZ\" or \"EU\"",
        ),
        (
            "title = \"x\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\n[meeting.properties]\nkind = \"x\"\n",
            "s.toml:5:1: property 'kind' in [properties] would overwrite diplomap's own 'kind'; hint: rename it, such as 'my_kind'",
        ),
        (
            "title = \"x\"\n[[strike]]\nplace = \"Kyiv\"\ndate = 2024-07-08\ncasualties = -3\n",
            "s.toml:5:14: invalid casualties -3; hint: a count such as 12, or words such as \"at least 41\"",
        ),
        (
            "title = \"x\"\n[[place]]\nname = \"Base\"\nlon = 200\nlat = 10\n[[place]]\nlon = 1\n",
            "2 problems:\n  s.toml:4:7: lon 200 of place 'Base' is out of range; hint: lon is in degrees between -180 and 180\n  s.toml:6:1: [[place]] has no name; hint: name = \"Novo-Ogaryovo\"",
        ),
        (
            "title = \"x\"\n[[place]]\nname = \"Base\"\nlon = 20\nlat = 10\ncountry = \"QQ\"\n",
            "s.toml:2:1: unknown country code 'QQ' for place 'Base'; hint: an ISO 3166-1 alpha-2 code such as RU",
        ),
        (
            "title = \"x\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\nfrom = 5\n",
            "s.toml:5:8: 'from' is 5; hint: give a place name or a list of them, such as [\"India\", \"Russia\"]",
        ),
        (
            "title = \"x\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\nfrom = [\"Moscow\"]\n",
            "s.toml:5:9: 'Moscow' in 'from' is the venue 'Moscow' itself, so there is no line to draw; hint: remove it",
        ),
    ];
    for (scenario, message) in cases {
        let (err, code) = build_error(scenario, &[]);
        assert_eq!(
            err,
            format!("diplomap: error: {message}\n"),
            "for {scenario:?}"
        );
        assert_eq!(code, 1, "for {scenario:?}");
    }
}

#[test]
fn fuzzy_names_warn_and_strict_makes_them_errors() {
    let scenario = "title = \"x\"\n[[meeting]]\nplace = \"Vladivostock\"\ndate = 2024-07-08\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), scenario).unwrap();
    diplomap()
        .args(["build", "s.toml", "-o", "out"])
        .current_dir(dir.path())
        .assert()
        .success()
        .stderr(
            "diplomap: warning: s.toml:3:9: 'Vladivostock' is not a known name; using 'Vladivostok' (RU), 1 edit away; hint: fix the spelling, or pass --strict to make this an error\n\
             layer     features  file\n\
             meetings  1         out/meetings.geojson\n\
             look at it: drag out/*.geojson into QGIS, or add --html and open out/index.html in a browser\n",
        );
    let (err, code) = build_error(scenario, &["--strict"]);
    assert_eq!(
        err,
        "diplomap: error: s.toml:3:9: 'Vladivostock' is not a known name; closest is 'Vladivostok' (RU), 1 edit away; hint: fix the spelling\n"
    );
    assert_eq!(code, 1);
    let (err, _) = build_error(
        "title = \"x\"\n[[meeting]]\nplace = \"Odessa\"\ndate = 2024-07-08\n",
        &["--strict"],
    );
    assert_eq!(err, "diplomap: error: s.toml:3:9: 'Odessa' is ambiguous; best is 'Odesa' (UA), also 'Odessa' (US); hint: qualify it, such as 'Odessa, UA'\n");
}

#[test]
fn usage_and_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("file"), "x").unwrap();
    diplomap()
        .args(["build", "-o", "file"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr("diplomap: error: output path 'file' is a file, not a folder; hint: -o names a folder for the layer files\n");
    diplomap()
        .args(["build", "-o", "file/map"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr("diplomap: error: cannot create output folder 'file/map': Not a directory (os error 20)\n");
    // /sys takes no new files, even from root (CI runs as root, so a chmod would not do).
    if Path::new("/sys").is_dir() {
        diplomap()
            .args(["build", "-o", "/sys"])
            .assert()
            .code(1)
            .stderr("diplomap: error: output folder '/sys' is not writable: Permission denied (os error 13); hint: choose another folder with -o\n");
    }
    diplomap()
        .args(["build", "missing.toml"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr("diplomap: error: cannot read scenario 'missing.toml': No such file or directory (os error 2)\n");
    diplomap()
        .args(["build", "-", "-"])
        .assert()
        .code(2)
        .stderr("diplomap: error: '-' (stdin) can be given only once\n");
    std::fs::write(dir.path().join("latin1.toml"), b"title = \"Bras\xedlia\"\n").unwrap();
    diplomap()
        .args(["build", "latin1.toml"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr("diplomap: error: latin1.toml: not UTF-8 text (invalid byte at byte 14); hint: save it as UTF-8, e.g. iconv -f latin1 -t utf-8\n");
    assert!(!dir.path().join("map").exists());
}

#[test]
fn the_readme_scenario_example_builds_cleanly() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("```toml\n").expect("README has a TOML example") + "```toml\n".len();
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    let run = diplomap()
        .args(["build", "-", "-o", "out"])
        .current_dir(dir.path())
        .write_stdin(example)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!stderr(&run).contains("warning"), "{}", stderr(&run));
    for layer in [
        "meetings",
        "strikes",
        "summits",
        "travel",
        "countries",
        "corridors",
    ] {
        assert!(
            dir.path().join(format!("out/{layer}.geojson")).exists(),
            "{layer}"
        );
    }
}

#[test]
fn a_scenario_place_two_edits_from_a_known_one_is_an_error_not_a_guess() {
    assert_eq!(
        build_error(
            "title = \"t\"\n[[meeting]]\nplace = \"Vladivostokk\"\ndate = 2024-07-08\n[[meeting]]\nplace = \"Vladivosstokk\"\ndate = 2024-07-09\n",
            &[]
        ),
        (
            "diplomap: error: s.toml:6:9: unknown place 'Vladivosstokk'; did you mean 'Vladivostok' (RU)?\n".to_string(),
            1
        )
    );
}

#[test]
fn a_scenarios_problems_of_reading_and_of_resolving_come_out_in_one_run() {
    assert_eq!(
        build_error(
            "title = \"t\"\n[[meeting]]\nplace = \"Xqzvbnmville\"\ndate = 2024-07-08\n[[summit]]\nplace = \"Astana\"\nstart = 2024-07-04\nend = 2024-07-03\n",
            &[]
        ),
        (
            "diplomap: error: 2 problems:\n  \
             s.toml:3:9: unknown place 'Xqzvbnmville'; hint: check the spelling, qualify the name (\"Paris, TX\"), or define the place in [[place]]\n  \
             s.toml:8:7: end 2024-07-03 is before start 2024-07-04; hint: swap them, or fix the typo\n".to_string(),
            1
        )
    );
}

#[test]
fn values_that_no_format_can_hold_are_refused_where_they_are_written() {
    let meeting = "title = \"t\"\n[[meeting]]\nplace = \"Moscow\"\n";
    let cases = [
        (
            format!("{meeting}date = \"2024-07-08T23:59:60Z\"\n"),
            "diplomap: error: s.toml:4:8: '2024-07-08T23:59:60Z' has a leap second (:60), which GeoPackage, FlatGeobuf, QGIS and browsers cannot hold; hint: write :59\n",
        ),
        (
            "title = \"t\"\n[[place]]\nname = \"X\"\nlon = \"30\"\nlat = 50\n[[meeting]]\nplace = \"X\"\ndate = 2024-07-08\n".to_string(),
            "diplomap: error: s.toml:4:7: lon '30' of place 'X' is not a number; hint: write it without quotes: lon = 30\n",
        ),
        (
            format!("{meeting}date = 2024-07-08\nproperties = {{ Fill = \"x\", fid = 3 }}\n"),
            "diplomap: error: 2 problems:\n  \
             s.toml:5:14: property 'Fill' in [properties] would clash with diplomap's own 'fill' (GeoPackage and QGIS do not tell case apart); hint: rename it, such as 'my_Fill'\n  \
             s.toml:5:14: property 'fid' in [properties] would clash with the GeoPackage's own 'fid' column (its feature id); hint: rename it, such as 'my_fid'\n",
        ),
        (
            format!("{meeting}date = 2024-07-08\nproperties = {{ Note = \"x\" }}\n[[meeting]]\nplace = \"Kyiv\"\ndate = 2024-07-09\nproperties = {{ note = \"y\" }}\n"),
            "diplomap: error: s.toml:6:1: properties 'Note' (s.toml:2:1) and 'note' differ only in case, and both go to the meetings layer, whose GeoPackage table and QGIS do not tell them apart; hint: write both the same way\n",
        ),
    ];
    for (scenario, message) in cases {
        assert_eq!(
            build_error(&scenario, &[]),
            (message.to_string(), 1),
            "{scenario}"
        );
    }
    let (err, code) = build_error(meeting, &["--since", "2024-07-08T23:59:60"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "diplomap: error: --since: '2024-07-08T23:59:60' has a leap second (:60), which GeoPackage, FlatGeobuf, QGIS and browsers cannot hold; hint: write :59\n"
    );
}
