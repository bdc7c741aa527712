//! `diplomap build` and `diplomap init` driven through the real binary: the seed story's layers
//! and places, the core properties, determinism, and replacing a map atomically (a failed or
//! killed build leaves the previous map whole).

use crate::common;

use std::path::Path;

use common::{diplomap, distance_km, read_json, snapshot, stderr};
use serde_json::Value;

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

#[test]
fn a_strike_in_the_red_sea_draws_the_sea_and_an_eu_member_list_draws_the_members() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("s.toml");
    std::fs::write(
        &scenario,
        "title = \"Red Sea and the EU\"\n\
         [[strike]]\nplace = \"Red Sea\"\ndate = 2024-01-12\n\
         [[strike]]\nplace = \"Red Sea, Sudan\"\ndate = 2024-01-13\n\
         [[summit]]\nplace = \"Brussels\"\nstart = 2024-06-01\nend = 2024-06-02\n\
         hosts = [\"Belgium\"]\nmembers = [\"EU\", \"India\"]\n",
    )
    .unwrap();
    let out = dir.path().join("map");
    let run = diplomap()
        .arg("build")
        .arg(&scenario)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));

    // The sea strike stands at the sea's point, inside its outline; the state is not the sea.
    let strikes = read_json(&out.join("strikes.geojson"));
    let (lon, lat) = point_of(&strikes, "Red Sea");
    let areas = read_json(&out.join("areas.geojson"));
    let features = areas["features"].as_array().unwrap();
    assert_eq!(features.len(), 1, "{areas}");
    let sea = &features[0];
    assert_eq!(sea["geometry"]["type"], "MultiPolygon");
    assert_eq!(sea["properties"]["area_kind"], "sea");
    assert_eq!(sea["properties"]["role"], "place");
    assert_eq!(sea["properties"]["start"], "2024-01-12");
    assert_eq!(sea["properties"]["end"], "2024-01-12");
    let ring: Vec<(f64, f64)> = sea["geometry"]["coordinates"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|polygon| polygon[0].as_array().unwrap().clone())
        .map(|c| (c[0].as_f64().unwrap(), c[1].as_f64().unwrap()))
        .collect();
    let (w, e) = ring
        .iter()
        .fold((180.0f64, -180.0f64), |(w, e), p| (w.min(p.0), e.max(p.0)));
    let (s, n) = ring
        .iter()
        .fold((90.0f64, -90.0f64), |(s, n), p| (s.min(p.1), n.max(p.1)));
    assert!(
        w < lon && lon < e && s < lat && lat < n,
        "{lon},{lat} in {w}..{e}, {s}..{n}"
    );
    // The Red Sea runs from the Bab-el-Mandeb (12.6° N) to where the Gulfs of Suez and Aqaba
    // (areas of their own) begin, at 28° N.
    assert!(s < 13.0 && n > 28.0, "{s}..{n}");
    let state = strikes["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["properties"]["place"] == "Red Sea, Sudan")
        .unwrap();
    assert_eq!(state["properties"]["country"], "SD");

    // The EU stands for its 27 members; Belgium stays the host.
    let countries = read_json(&out.join("countries.geojson"));
    let by_role = |role: &str, group: Value| {
        countries["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["properties"]["role"] == role && f["properties"]["group"] == group)
            .map(|f| f["properties"]["country"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let eu = by_role("member", Value::from("European Union"));
    assert_eq!(eu.len(), 26, "{eu:?}");
    assert!(eu.contains(&"FR".to_string()) && !eu.contains(&"BE".to_string()));
    assert_eq!(by_role("host", Value::Null), ["BE"]);
    assert_eq!(by_role("member", Value::Null), ["IN"]);
}
