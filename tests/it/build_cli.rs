//! `diplomap build` and `diplomap init` driven through the real binary: the seed story's layers
//! and places, determinism, atomic replacement, and every user-facing error word for word.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{build_seed_as, diplomap, distance_km, stderr, SEED_LAYERS};
use serde_json::Value;

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every file in a folder, by name.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// GeoNames point of a query in the project's hard cases, `(lon, lat)`.
fn hard_case_point(query: &str) -> (f64, f64) {
    let text = std::fs::read_to_string(common::data("hard_cases.tsv")).unwrap();
    let row = text
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|c| c[0] == query)
        .unwrap_or_else(|| panic!("{query} is in hard_cases.tsv"));
    (row[4].parse().unwrap(), row[3].parse().unwrap())
}

/// Build the seed scenario into `out`.
fn build_seed(out: &Path) {
    diplomap()
        .arg("build")
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

fn point_of(layer: &Value, resolved_name: &str) -> (f64, f64) {
    let f = layer["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["resolved_name"] == resolved_name)
        .unwrap_or_else(|| panic!("{resolved_name} in layer"));
    let c = &f["geometry"]["coordinates"];
    (c[0].as_f64().unwrap(), c[1].as_f64().unwrap())
}

#[test]
fn seed_build_writes_the_story_layers_with_the_right_places() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    let run = diplomap()
        .arg("build")
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let o = out.display();
    assert_eq!(
        stderr(&run),
        format!(
            "layer      features  file\n\
             countries  44        {o}/countries.geojson\n\
             corridors  2         {o}/corridors.geojson\n\
             travel     1         {o}/travel.geojson\n\
             summits    2         {o}/summits.geojson\n\
             meetings   1         {o}/meetings.geojson\n\
             strikes    5         {o}/strikes.geojson\n\
             look at it: drag {o}/*.geojson into QGIS, or add --html and open {o}/index.html in a browser\n"
        )
    );
    // The sea corridors: computed lengths beside the cited figures, never tuned to them.
    let corridors = read_json(&out.join("corridors.geojson"));
    let emc = &corridors["features"][0]["properties"];
    assert_eq!(emc["id"], "chennai-vladivostok-maritime-corridor");
    assert_eq!(emc["mode"], "sea");
    assert_eq!(emc["cited_length_nm"], 5600.0);
    assert_eq!(emc["cited_days"], 24.0);
    let nm = emc["length_nm"].as_f64().unwrap();
    assert!((nm - 4636.0).abs() < 4636.0 * 0.05, "{nm}");
    assert_eq!(emc["passages"][0], "Strait of Malacca");
    let suez = &corridors["features"][1]["properties"];
    assert!(suez["passages"]
        .as_array()
        .unwrap()
        .contains(&"Suez Canal".into()));

    let meetings = read_json(&out.join("meetings.geojson"));
    let strikes = read_json(&out.join("strikes.geojson"));
    let summits = read_json(&out.join("summits.geojson"));
    for (layer, name, query) in [
        (&meetings, "Moscow", "Moscow"),
        (&strikes, "Kyiv", "Kyiv"),
        (&summits, "Washington", "Washington"),
        (&summits, "Astana", "Astana"),
    ] {
        let got = point_of(layer, name);
        let want = hard_case_point(query);
        assert!(distance_km(got, want) < 25.0, "{name}: {got:?} vs {want:?}");
    }
    let countries = read_json(&out.join("countries.geojson"));
    let kz = countries["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["country"] == "KZ")
        .expect("Kazakhstan in countries");
    assert_eq!(kz["properties"]["role"], "host");
    assert_eq!(kz["properties"]["organization"], "SCO");
    assert_eq!(kz["properties"]["start"], "2024-07-03");
    assert_eq!(kz["properties"]["end"], "2024-07-04");
    let india_at_sco = countries["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "summit-astana-kazakhstan-2024-07-03/absent/IN")
        .expect("India is absent from the SCO summit");
    assert_eq!(india_at_sco["properties"]["fill"], "#7f7f7f");

    let kyiv = &strikes["features"][0]["properties"];
    assert_eq!(
        kyiv["title"],
        "Russian missile strike on Kyiv; Okhmatdyt children's hospital hit"
    );
    assert_eq!(kyiv["start"], "2024-07-08");
    assert_eq!(kyiv["end"], "2024-07-08");
    let travel = read_json(&out.join("travel.geojson"));
    assert_eq!(
        travel["features"][0]["properties"]["title"],
        "New Delhi → Moscow"
    );
}

#[test]
fn every_feature_has_the_core_properties_and_one_geometry_family_per_layer() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    build_seed(&out);
    let core = [
        "id",
        "kind",
        "title",
        "description",
        "start",
        "end",
        "place",
        "resolved_name",
        "country",
        "participants",
        "source",
    ];
    for (layer, family) in [
        ("meetings", &["Point"][..]),
        ("strikes", &["Point"]),
        ("summits", &["Point"]),
        ("travel", &["LineString", "MultiLineString"]),
        ("countries", &["Polygon", "MultiPolygon"]),
        ("corridors", &["LineString", "MultiLineString"]),
    ] {
        let fc = read_json(&out.join(format!("{layer}.geojson")));
        assert_eq!(fc["type"], "FeatureCollection");
        assert!(fc.get("crs").is_none());
        assert_eq!(
            fc["bbox"].as_array().unwrap().len(),
            4,
            "{layer} has a bbox"
        );
        for f in fc["features"].as_array().unwrap() {
            assert_eq!(f["id"], f["properties"]["id"]);
            for key in core {
                assert!(
                    f["properties"].get(key).is_some(),
                    "{layer}: {key} on {}",
                    f["id"]
                );
            }
            let t = f["geometry"]["type"].as_str().unwrap();
            assert!(family.contains(&t), "{layer}: {t}");
        }
    }
}

#[test]
fn two_builds_are_byte_identical_and_init_gives_the_same_map() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    diplomap().arg("build").arg("-o").arg(&a).assert().success();
    diplomap().arg("build").arg("-o").arg(&b).assert().success();
    assert_eq!(snapshot(&a), snapshot(&b));

    let scenario = dir.path().join("story.toml");
    diplomap()
        .arg("init")
        .arg(&scenario)
        .assert()
        .success()
        .stderr(format!(
            "wrote {0}; edit it, then run: diplomap build {0}\n",
            scenario.display()
        ));
    diplomap()
        .arg("build")
        .arg(&scenario)
        .arg("-o")
        .arg(&c)
        .assert()
        .success();
    assert_eq!(snapshot(&a), snapshot(&c));
}

#[test]
fn default_output_folder_is_map_and_stdin_is_a_scenario() {
    let dir = tempfile::tempdir().unwrap();
    diplomap()
        .arg("build")
        .arg("-")
        .current_dir(dir.path())
        .write_stdin("title = \"t\"\n[[meeting]]\nplace = \"Chennai\"\ndate = 2019-09-04\n")
        .assert()
        .success()
        .stderr("layer     features  file\nmeetings  1         map/meetings.geojson\nlook at it: drag map/*.geojson into QGIS, or add --html and open map/index.html in a browser\n");
    let fc = read_json(&dir.path().join("map/meetings.geojson"));
    assert_eq!(fc["features"][0]["id"], "meeting-chennai-2019-09-04");
}

#[test]
fn init_refuses_to_overwrite_and_writes_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scenario.toml");
    std::fs::write(&file, "my work").unwrap();
    diplomap()
        .arg("init")
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr("diplomap: error: 'scenario.toml' already exists; hint: pass --force to overwrite it, or name another file\n");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my work");
    diplomap()
        .args(["init", "--force"])
        .current_dir(dir.path())
        .assert()
        .success();
    let seed = std::fs::read_to_string(&file).unwrap();
    assert!(seed.contains("[[summit]]"));
    diplomap()
        .args(["init", "-"])
        .assert()
        .success()
        .stdout(seed);
}

#[test]
fn a_failed_build_replaces_nothing_and_an_emptied_layer_is_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    build_seed(&out);
    let before = snapshot(&out);
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "title = \"t\"\n[[strike]]\nplace = \"Xyzzyville\"\ndate = 2024-07-08\n",
    )
    .unwrap();
    diplomap()
        .arg("build")
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1);
    assert_eq!(
        snapshot(&out),
        before,
        "nothing replaced, no temporary files left"
    );

    // A scenario with only strikes: the other layers of the previous build are stale and go.
    let strikes_only = dir.path().join("strikes.toml");
    std::fs::write(
        &strikes_only,
        "title = \"t\"\n[[strike]]\nplace = \"Kyiv\"\ndate = 2024-07-08\n",
    )
    .unwrap();
    let run = diplomap()
        .arg("build")
        .arg(&strikes_only)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let o = out.display();
    assert_eq!(
        stderr(&run),
        format!(
            "layer      features  file\n\
             countries  0         {o}/countries.geojson (removed: layer now empty)\n\
             corridors  0         {o}/corridors.geojson (removed: layer now empty)\n\
             travel     0         {o}/travel.geojson (removed: layer now empty)\n\
             summits    0         {o}/summits.geojson (removed: layer now empty)\n\
             meetings   0         {o}/meetings.geojson (removed: layer now empty)\n\
             strikes    1         {o}/strikes.geojson\n\
             look at it: drag {o}/*.geojson into QGIS, or add --html and open {o}/index.html in a browser\n"
        )
    );
    assert_eq!(
        snapshot(&out).keys().collect::<Vec<_>>(),
        ["strikes.geojson", "strikes.qml"]
    );
}

#[test]
fn a_killed_build_leaves_whole_files() {
    // Sixteen large countries: a debug build takes about 250 ms, most of it computing and
    // writing, so kills spread over 0–280 ms land before, during and after the writes.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    let members: Vec<String> = [
        "Russia",
        "Canada",
        "United States",
        "China",
        "Brazil",
        "Australia",
        "India",
        "Indonesia",
        "Norway",
        "Chile",
        "Argentina",
        "Greenland",
        "Japan",
        "Philippines",
        "Mexico",
        "Antarctica",
    ]
    .iter()
    .map(|c| format!("\"{c}\""))
    .collect();
    let big = dir.path().join("big.toml");
    std::fs::write(
        &big,
        format!(
            "title = \"t\"\n[[summit]]\nplace = \"Geneva\"\ndate = 2024-01-01\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    build_seed(&out);
    let old = snapshot(&out);
    let mut new_dir = dir.path().join("reference");
    diplomap()
        .arg("build")
        .arg(&big)
        .arg("-o")
        .arg(&new_dir)
        .assert()
        .success();
    let new = snapshot(&new_dir);
    new_dir.push("unused");

    let bin = assert_cmd::cargo::cargo_bin("diplomap");
    for delay_ms in [0u64, 10, 40, 80, 120, 160, 200, 240, 280] {
        let mut child = std::process::Command::new(&bin)
            .arg("build")
            .arg(&big)
            .arg("-o")
            .arg(&out)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for (name, bytes) in snapshot(&out) {
            if name.starts_with(".diplomap-") {
                continue; // a temporary file the kill left behind, never a layer
            }
            let whole = old.get(&name) == Some(&bytes) || new.get(&name) == Some(&bytes);
            assert!(
                whole,
                "{name} is neither the old nor the new layer after a kill at {delay_ms} ms"
            );
        }
    }
}

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
            "s.toml:2:1: cannot draw corridor 'Chennai' → 'Astana': 'Astana' is 1683 km from the nearest sea; hint: name a port on the coast, or use mode = \"air\"",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Hamburg\"\nto = \"Yokohama\"\nmode = \"sea\"\nallow = [\"Northern Sea Route\", \"suez\"]\n",
            "s.toml:6:32: 'Suez Canal' is always open in 'allow'; hint: 'allow' opens the ice-bound passages, Northern Sea Route, Northwest Passage",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Hamburg\"\nto = \"Yokohama\"\nmode = \"sea\"\nallow = [\"arctic\"]\n",
            "s.toml:6:10: unknown passage 'arctic' in 'allow'; hint: 'allow' opens the ice-bound passages, Northern Sea Route, Northwest Passage",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Hamburg\"\nto = \"Yokohama\"\nmode = \"air\"\nallow = [\"Northern Sea Route\"]\n",
            "s.toml:6:10: 'allow' applies to sea corridors; hint: remove it, or set mode = \"sea\"",
        ),
        (
            "title = \"x\"\n[[corridor]]\nfrom = \"Chennai\"\nto = \"Vladivostok\"\nmode = \"sea\"\navoid = [\"Malacca\", \"Strait of Malaca\"]\n",
            "s.toml:6:21: unknown passage 'Strait of Malaca' in 'avoid'; hint: the passages are Strait of Malacca, Singapore Strait, Sunda Strait, Lombok Strait, Makassar Strait, Taiwan Strait, Korea Strait, Tsugaru Strait, La Pérouse Strait, Strait of Hormuz, Bab-el-Mandeb, Strait of Gibraltar, Strait of Dover, Bosporus, Dardanelles, Öresund, Strait of Magellan, Bering Strait, Cape of Good Hope, Cape Horn, Suez Canal, Panama Canal, Kiel Canal, Northern Sea Route, Northwest Passage",
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
            "2 problems:\n  s.toml:5:10: 'Astana' in 'hosts' is the place 'Astana' (KZ), not a country; hint: summit hosts, members and absent name countries, such as \"Kazakhstan\" or \"KZ\"\n  s.toml:8:3: 'Atlantis' in 'members' is the place 'Atlantis' (ZA), not a country; hint: summit hosts, members and absent name countries, such as \"Kazakhstan\" or \"KZ\"",
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

/// The records of a GeoJSON text sequence (RFC 8142), each parsed.
fn records(bytes: &[u8]) -> Vec<Value> {
    assert_eq!(bytes.first(), Some(&0x1e), "a sequence starts with RS");
    assert_eq!(
        bytes.last(),
        Some(&b'\n'),
        "every record ends with a line feed"
    );
    bytes
        .split(|&b| b == 0x1e)
        .skip(1)
        .map(|r| serde_json::from_slice(r).expect("each record is one JSON text"))
        .collect()
}

#[test]
fn geojson_text_sequences_hold_the_same_features() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    build_seed_as(&out, "geojson,geojsonseq");
    let files = snapshot(&out);
    for layer in SEED_LAYERS {
        let collection = read_json(&out.join(format!("{layer}.geojson")));
        let seq = records(&files[&format!("{layer}.geojsons")]);
        assert_eq!(&Value::Array(seq), &collection["features"], "{layer}");
    }
    // Repeated flags and comma lists are the same request; formats not asked for are not written.
    let again = dir.path().join("again");
    diplomap()
        .args([
            "build",
            "--format",
            "geojsonseq",
            "--format",
            "geojson,geojsonseq",
            "-o",
        ])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(snapshot(&again), files);
    let only = dir.path().join("only");
    build_seed_as(&only, "geojsonseq");
    assert!(snapshot(&only)
        .keys()
        .all(|k| k.ends_with(".geojsons") || k.ends_with(".qml")));
    // A layer that empties is removed in every format asked for.
    std::fs::write(
        dir.path().join("one.toml"),
        "title = \"x\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\n",
    )
    .unwrap();
    let out2 = diplomap()
        .args(["build", "one.toml", "--format", "geojson,geojsonseq", "-o"])
        .arg(&out)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(out2.status.success(), "{}", stderr(&out2));
    let left: Vec<String> = snapshot(&out).into_keys().collect();
    assert_eq!(
        left,
        ["meetings.geojson", "meetings.geojsons", "meetings.qml"]
    );
    assert!(stderr(&out2).contains("strikes.geojsons (removed: layer now empty)"));
}

#[test]
fn an_unknown_format_lists_the_valid_ones() {
    diplomap()
        .args(["build", "--format", "geojson,kml"])
        .assert()
        .code(2)
        .stderr(
            "error: invalid value 'kml' for '--format <FORMAT>'\n  [possible values: geojson, geojsonseq, gpkg, fgb]\n\nFor more information, try '--help'.\n",
        );
}

#[test]
fn the_geopackage_is_rebuilt_byte_for_byte_and_never_replaces_a_stranger() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    for _ in 0..2 {
        build_seed_as(&out, "gpkg");
    }
    let first = std::fs::read(out.join("map.gpkg")).unwrap();
    assert_eq!(&first[..16], b"SQLite format 3\0");
    // application_id "GPKG" at byte 68, user_version 10300 at byte 60 (big-endian).
    assert_eq!(&first[68..72], b"GPKG");
    assert_eq!(u32::from_be_bytes(first[60..64].try_into().unwrap()), 10300);
    let other = dir.path().join("other");
    build_seed_as(&other, "gpkg");
    assert_eq!(std::fs::read(other.join("map.gpkg")).unwrap(), first);
    assert_eq!(snapshot(&out).len(), 1, "only map.gpkg is written");
    // FlatGeobuf too is the same from build to build.
    let (f1, f2) = (dir.path().join("f1"), dir.path().join("f2"));
    for d in [&f1, &f2] {
        build_seed_as(d, "fgb");
    }
    assert_eq!(snapshot(&f1), snapshot(&f2));
    assert!(snapshot(&f1).contains_key("corridors.fgb"));

    // A GeoPackage (or any file) of that name that diplomap did not write stays as it was.
    let stranger = dir.path().join("stranger");
    std::fs::create_dir(&stranger).unwrap();
    std::fs::write(stranger.join("map.gpkg"), b"someone else's work").unwrap();
    diplomap()
        .args(["build", "--format", "gpkg", "-o", "stranger"])
        .current_dir(dir.path())
        .assert()
        .code(1)
        .stderr("diplomap: error: 'stranger/map.gpkg' exists and was not written by diplomap; hint: move it, or pass --force to replace it\n");
    assert_eq!(
        std::fs::read(stranger.join("map.gpkg")).unwrap(),
        b"someone else's work"
    );
    diplomap()
        .args(["build", "--format", "gpkg", "--force", "-o", "stranger"])
        .current_dir(dir.path())
        .assert()
        .success();
    assert_eq!(std::fs::read(stranger.join("map.gpkg")).unwrap(), first);
}

/// The boxes of the labels drawn in an SVG map (`data-box="x0 y0 x1 y1"`).
fn label_boxes(svg: &str) -> Vec<[f64; 4]> {
    svg.lines()
        .filter(|l| l.contains(r#"class="label""#))
        .map(|l| {
            let b = l.split(r#"data-box=""#).nth(1).unwrap();
            let b: Vec<f64> = b[..b.find('"').unwrap()]
                .split(' ')
                .map(|v| v.parse().unwrap())
                .collect();
            [b[0], b[1], b[2], b[3]]
        })
        .collect()
}

#[test]
fn the_svg_map_draws_every_layer_labels_apart_and_escapes_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    for _ in 0..2 {
        diplomap()
            .args(["build", "--svg", "-o"])
            .arg(&out)
            .assert()
            .success();
    }
    let svg = std::fs::read_to_string(out.join("map.svg")).unwrap();
    // The README shows this very map.
    let shown = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/seed-map.svg");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&shown, &svg).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&shown).unwrap(),
        svg,
        "docs/seed-map.svg is stale; UPDATE_GOLDEN=1 rewrites it"
    );
    // One marker per point feature (1 meeting, 5 strikes, 2 summits).
    assert_eq!(
        svg.matches("<circle ").count() - svg.matches(r#"<g class="legend"><circle"#).count(),
        8
    );
    assert!(svg.contains("Natural Earth (public domain)") && svg.contains("GeoNames (CC BY 4.0)"));
    for name in ["Moscow", "Kyiv", "Washington", "Astana"] {
        assert!(
            svg.contains(&format!(">{name}</text>")),
            "{name} is labelled"
        );
    }
    let boxes = label_boxes(&svg);
    assert!(boxes.len() >= 6);
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            let apart = a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1];
            assert!(apart, "labels {a:?} and {b:?} overlap");
        }
    }
    // A hostile title is text, not markup.
    std::fs::write(
        dir.path().join("x.toml"),
        "title = \"<script>alert(1)</script> & </svg>\"\n[[meeting]]\nplace = \"Moscow\"\ndate = 2024-07-08\n",
    )
    .unwrap();
    diplomap()
        .args(["build", "x.toml", "--svg", "-o", "x"])
        .current_dir(dir.path())
        .assert()
        .success();
    let svg = std::fs::read_to_string(dir.path().join("x/map.svg")).unwrap();
    assert!(!svg.contains("<script") && !svg.contains("</svg> &"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;/svg&gt;"));
    assert_eq!(svg.matches("</svg>").count(), 1);
}

/// The JSON data block of a preview page.
fn preview_data(html: &str) -> Value {
    let open = r#"<script type="application/json" id="diplomap-data">"#;
    let start = html.find(open).expect("the page has its data block") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// Delta-coded positions decoded to `(lon, lat)` degrees.
fn decode(deltas: &Value, decimals: &Value) -> Vec<(f64, f64)> {
    let scale = 10f64.powi(-(decimals.as_i64().unwrap() as i32));
    let d: Vec<i64> = deltas
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let (mut x, mut y) = (0, 0);
    d.chunks(2)
        .map(|c| {
            (x, y) = (x + c[0], y + c[1]);
            (x as f64 * scale, y as f64 * scale)
        })
        .collect()
}

/// Check rings as RFC 7946 and a flat map ask: closed, exteriors counter-clockwise and holes
/// clockwise, no step across the antimeridian (a streak across the map); returns the number of
/// rings.
fn check_polygons(polygons: &Value, decimals: &Value) -> usize {
    let mut rings = 0;
    for polygon in polygons.as_array().unwrap() {
        for (i, ring) in polygon.as_array().unwrap().iter().enumerate() {
            let pts = decode(ring, decimals);
            assert!(
                pts.len() >= 4 && pts.first() == pts.last(),
                "closed: {pts:?}"
            );
            let area: f64 = pts
                .windows(2)
                .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
                .sum();
            assert_eq!(area > 0.0, i == 0, "orientation of ring {i}: {area}");
            for w in pts.windows(2) {
                // Only Antarctica's closing edge runs along the pole from -180 to 180.
                let along_pole = w[0].1 == w[1].1 && w[0].1.abs() == 90.0;
                assert!(
                    along_pole || (w[1].0 - w[0].0).abs() < 180.0,
                    "a streak: {w:?}"
                );
                assert!(w[0].0.abs() <= 180.0 && w[0].1.abs() <= 90.0);
            }
            rings += 1;
        }
    }
    rings
}

#[test]
fn the_html_preview_holds_every_layer_and_a_clean_basemap() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    let mut pages = Vec::new();
    for _ in 0..2 {
        let run = diplomap()
            .args(["build", "--html", "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success());
        assert!(stderr(&run).contains(&format!(
            "(all)      55        {}/index.html (preview)\n",
            out.display()
        )));
        pages.push(std::fs::read(out.join("index.html")).unwrap());
    }
    assert_eq!(pages[0], pages[1], "the same input gives the same page");
    let html = String::from_utf8(pages.remove(0)).unwrap();
    let data = preview_data(&html);

    // Every layer, every feature, with its properties as the GeoJSON has them.
    let layers = data["layers"].as_array().unwrap();
    assert_eq!(
        layers
            .iter()
            .map(|l| l["name"].as_str().unwrap())
            .collect::<Vec<_>>(),
        SEED_LAYERS
    );
    for layer in layers {
        let name = layer["name"].as_str().unwrap();
        let geojson = read_json(&out.join(format!("{name}.geojson")));
        let (ours, theirs) = (
            layer["features"].as_array().unwrap(),
            geojson["features"].as_array().unwrap(),
        );
        assert_eq!(ours.len(), theirs.len(), "{name}");
        for (a, b) in ours.iter().zip(theirs) {
            assert_eq!(a["properties"], b["properties"], "{name}");
            let g = &a["geometry"];
            match g["type"].as_str().unwrap() {
                "Point" => assert_eq!(g["coordinates"], b["geometry"]["coordinates"]),
                "MultiLineString" => {
                    let parts = g["parts"].as_array().unwrap();
                    let want = b["geometry"]["coordinates"].as_array().unwrap();
                    assert_eq!(parts.len(), want.len());
                    for (part, want) in parts.iter().zip(want) {
                        let got = decode(part, &g["decimals"]);
                        let (first, last) = (&want[0], &want[want.as_array().unwrap().len() - 1]);
                        for (p, w) in [(got[0], first), (got[got.len() - 1], last)] {
                            assert!((p.0 - w[0].as_f64().unwrap()).abs() <= 1e-5);
                            assert!((p.1 - w[1].as_f64().unwrap()).abs() <= 1e-5);
                        }
                    }
                }
                "MultiPolygon" => assert!(check_polygons(&g["polygons"], &g["decimals"]) > 0),
                other => panic!("geometry type {other}"),
            }
        }
    }

    // The basemap: land and borders of the world, cut at the antimeridian, no streaks.
    let basemap = &data["basemap"];
    let rings = check_polygons(&basemap["polygons"], &basemap["decimals"]);
    assert!(rings > 1000, "{rings} basemap rings");
    let touches = |lon: f64| {
        basemap["polygons"].as_array().unwrap().iter().any(|p| {
            decode(&p[0], &basemap["decimals"])
                .iter()
                .any(|q| (q.0 - lon).abs() < 1e-9)
        })
    };
    assert!(
        touches(180.0) && touches(-180.0),
        "Chukotka and Alaska meet the seam from both sides"
    );

    // Self-contained: Leaflet with its licence inlined, only the page's own scripts allowed, and
    // nothing loaded from anywhere.
    assert!(html
        .contains("Leaflet 1.9.4 (https://leafletjs.com), inlined by diplomap under its licence"));
    assert!(html.contains("BSD 2-Clause License\n\nCopyright (c) 2010-2023, Volodymyr Agafonkin"));
    let csp_start = html
        .find(r#"<meta http-equiv="Content-Security-Policy" content=""#)
        .unwrap();
    let csp = &html[csp_start..csp_start + html[csp_start..].find('>').unwrap()];
    assert!(
        csp.contains("default-src 'none'; script-src 'sha256-"),
        "{csp}"
    );
    let scripts: Vec<&str> = html
        .split("<script>")
        .skip(1)
        .map(|s| &s[..s.find("</script>").unwrap()])
        .collect();
    assert_eq!(scripts.len(), 2);
    for script in scripts {
        use base64::Engine as _;
        use sha2::Digest as _;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
        assert!(
            csp.contains(&format!("'sha256-{hash}'")),
            "the CSP allows each script"
        );
    }
    for tag in ["<img", "<link", "<iframe", "src=", "href="] {
        let outside_scripts: String = html
            .split("<script")
            .map(|s| s.split_once("</script>").map_or(s, |(_, rest)| rest))
            .collect();
        assert!(!outside_scripts.contains(tag), "{tag} outside the scripts");
    }
}

#[test]
fn the_html_preview_shows_hostile_strings_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = diplomap()
        .arg("build")
        .arg(common::data("hostile-strings.toml"))
        .args(["--html", "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let html = std::fs::read_to_string(dir.path().join("index.html")).unwrap();
    // Three script elements (data, Leaflet, the page's own) and no other markup from a string.
    assert_eq!(html.matches("<script").count(), 3);
    assert_eq!(html.matches("</script>").count(), 3);
    let title = "&lt;img src=x onerror=alert(1)&gt; &lt;/script&gt;&lt;script&gt;window.__pwned=1;alert(&apos;title&apos;)&lt;/script&gt;";
    assert!(html.contains(&format!("<title>{title}</title>")));
    assert!(html.contains(&format!("<h1>{title}</h1>")));
    assert!(!html.contains("<img") && !html.contains("<svg onload") && !html.contains("<iframe"));
    // The data block reads back as the very strings of the scenario.
    let data = preview_data(&html);
    assert_eq!(
        data["title"],
        "<img src=x onerror=alert(1)> </script><script>window.__pwned=1;alert('title')</script>"
    );
    let strike = &data["layers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["name"] == "strikes")
        .unwrap()["features"][0];
    assert_eq!(
        strike["properties"]["title"],
        "<img src=x onerror=\"window.__pwned=2;alert(2)\">"
    );
    assert_eq!(
        strike["properties"]["description"],
        "<b>bold</b> </script><script>window.__pwned=3</script> & &amp; \u{2028} line separator"
    );
}

#[test]
fn an_empty_map_removes_its_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    diplomap()
        .args(["build", "--html", "--svg", "-o"])
        .arg(&out)
        .assert()
        .success();
    let empty = dir.path().join("empty.toml");
    std::fs::write(&empty, "title = \"nothing yet\"\n").unwrap();
    let run = diplomap()
        .arg("build")
        .arg(&empty)
        .args(["--html", "--svg", "--format", "geojson", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let o = out.display();
    assert!(
        stderr(&run).starts_with(&format!(
            "layer      features  file\n\
         (all)      0         {o}/index.html (removed: the map is now empty)\n\
         (all)      0         {o}/map.svg (removed: the map is now empty)\n"
        )),
        "{}",
        stderr(&run)
    );
    assert!(snapshot(&out).is_empty(), "{:?}", snapshot(&out).keys());
}

#[test]
fn filters_keep_layers_kinds_and_a_date_window() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("map");
    build_seed_as(&out, "geojson");
    let run = diplomap()
        .args([
            "build",
            "--layers",
            "strikes,meetings",
            "--since",
            "2024-07-09",
            "-o",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let o = out.display();
    assert_eq!(
        stderr(&run),
        format!(
            "layer      features  file\n\
             countries  0         {o}/countries.geojson (removed: left out by --layers)\n\
             corridors  0         {o}/corridors.geojson (removed: left out by --layers)\n\
             travel     0         {o}/travel.geojson (removed: left out by --layers)\n\
             summits    0         {o}/summits.geojson (removed: left out by --layers)\n\
             meetings   1         {o}/meetings.geojson\n\
             strikes    0         {o}/strikes.geojson (removed: layer now empty)\n\
             look at it: drag {o}/*.geojson into QGIS, or add --html and open {o}/index.html in a browser\n"
        )
    );
    // Kinds, and a window that ends before the NATO summit: only the SCO summit and its 10
    // countries.
    let run = diplomap()
        .args(["build", "--kinds", "summit", "--until", "2024-07-05", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(stderr(&run).contains(&format!("countries  10        {o}/countries.geojson\n")));
    assert!(stderr(&run).contains(&format!("summits    1         {o}/summits.geojson\n")));
    let run = diplomap()
        .args(["build", "--until", "9 July"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        stderr(&run),
        "diplomap: error: --until: invalid date '9 July'; hint: an ISO 8601 date such as 2024-07-01\n"
    );
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
