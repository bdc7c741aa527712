//! `diplomap gazetteer import` and `gazetteer info` on small source files made by the test:
//! a GeoNames table, a Natural Earth admin-0 `.dbf`, an admin-1 GeoJSON and an alias file.
//! The file built is then used with `--gazetteer`, and bad source rows are reported with
//! file:line.

use crate::common;

use std::path::{Path, PathBuf};

use common::{diplomap, json_lines, stderr, stdout};

/// One GeoNames table row: (geonameid, name, alternate names), (lat, lon), feature code,
/// (country, admin1), population.
fn geonames_row(
    (id, name, alts): (u64, &str, &str),
    (lat, lon): (f64, f64),
    code: &str,
    (cc, a1): (&str, &str),
    pop: u64,
) -> String {
    format!("{id}\t{name}\t{name}\t{alts}\t{lat}\t{lon}\tP\t{code}\t{cc}\t\t{a1}\t\t\t\t{pop}\t\t100\tEurope/Moscow\t2024-01-01\n")
}

fn write_countries_dbf(path: &Path) {
    use dbase::{FieldName, FieldValue, Record, TableWriterBuilder};
    let name = |n: &str| FieldName::try_from(n).unwrap();
    let writer = TableWriterBuilder::new()
        .add_character_field(name("NAME"), 40)
        .add_character_field(name("NAME_LONG"), 60)
        .add_character_field(name("NAME_DE"), 40)
        .add_character_field(name("ISO_A2_EH"), 3)
        .add_character_field(name("ISO_A3_EH"), 3)
        .add_character_field(name("ADM0_A3"), 3)
        .add_numeric_field(name("LABEL_X"), 18, 6)
        .add_numeric_field(name("LABEL_Y"), 18, 6)
        .add_numeric_field(name("POP_EST"), 18, 0)
        .add_numeric_field(name("NE_ID"), 18, 0)
        .build_with_file_dest(path)
        .unwrap();
    let rows = [
        (
            "Russia",
            "Russian Federation",
            "Russland",
            "RU",
            "RUS",
            44.686469,
            58.249357,
            144_373_535.0,
        ),
        (
            "United States of America",
            "United States",
            "Vereinigte Staaten",
            "US",
            "USA",
            -97.482602,
            39.538479,
            328_239_523.0,
        ),
    ];
    let records: Vec<Record> = rows
        .iter()
        .enumerate()
        .map(|(i, (n, long, de, a2, a3, x, y, pop))| {
            let mut r = Record::default();
            let s = |v: &str| FieldValue::Character(Some(v.to_string()));
            r.insert("NAME".into(), s(n));
            r.insert("NAME_LONG".into(), s(long));
            r.insert("NAME_DE".into(), s(de));
            r.insert("ISO_A2_EH".into(), s(a2));
            r.insert("ISO_A3_EH".into(), s(a3));
            r.insert("ADM0_A3".into(), s(a3));
            r.insert("LABEL_X".into(), FieldValue::Numeric(Some(*x)));
            r.insert("LABEL_Y".into(), FieldValue::Numeric(Some(*y)));
            r.insert("POP_EST".into(), FieldValue::Numeric(Some(*pop)));
            r.insert("NE_ID".into(), FieldValue::Numeric(Some(1000.0 + i as f64)));
            r
        })
        .collect();
    writer.write_records(&records).unwrap();
    // Outlines beside the table, in record order: a box around each country.
    use shapefile::{Point, Polygon, PolygonRing, ShapeWriter};
    let ring = |w: f64, s: f64, e: f64, n: f64| {
        Polygon::new(PolygonRing::Outer(vec![
            Point::new(w, s),
            Point::new(w, n),
            Point::new(e, n),
            Point::new(e, s),
            Point::new(w, s),
        ]))
    };
    let shapes = ShapeWriter::from_path(path.with_extension("shp")).unwrap();
    shapes
        .write_shapes(&[
            ring(20.0, 40.0, 60.0, 70.0),
            ring(-125.0, 24.0, -66.0, 50.0),
        ])
        .unwrap();
}

struct Sources {
    _dir: tempfile::TempDir,
    cities: PathBuf,
    countries: PathBuf,
    admin1: PathBuf,
    aliases: PathBuf,
    out: PathBuf,
}

fn sources() -> Sources {
    let dir = tempfile::tempdir().unwrap();
    let p = |n: &str| dir.path().join(n);
    let mut cities = String::new();
    cities += &geonames_row(
        (524901, "Moscow", "Moskva,Москва"),
        (55.75222, 37.61556),
        "PPLC",
        ("RU", "48"),
        10_381_222,
    );
    cities += &geonames_row(
        (5601538, "Moscow", ""),
        (46.73239, -117.00017),
        "PPLA2",
        ("US", "ID"),
        25_060,
    );
    cities += &geonames_row((1, "Tinyville", ""), (50.0, 30.0), "PPL", ("RU", "48"), 200);
    cities += &geonames_row((2, "Smallcap", ""), (51.0, 31.0), "PPLA", ("RU", "48"), 300);
    // No Natural Earth admin-1 has GeoNames code US.XX: Boise is placed in Idaho by outline.
    cities += &geonames_row(
        (5586437, "Boise", ""),
        (43.6135, -116.2035),
        "PPLA",
        ("US", "XX"),
        235_684,
    );
    std::fs::write(p("cities.txt"), cities).unwrap();
    write_countries_dbf(&p("countries.dbf"));
    let admin1 = serde_json::json!({"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "geometry": {"type": "Polygon", "coordinates": [[[-117.5, 42.0], [-111.0, 42.0], [-111.0, 49.0], [-117.5, 49.0], [-117.5, 42.0]]]},
         "properties": {"name": "Idaho", "iso_a2": "US", "postal": "ID", "admin": "United States of America", "geonunit": "Gem Country",
         "iso_3166_2": "US-ID", "gn_a1_code": "US.ID", "adm1_code": "USA-3518", "latitude": 43.6, "longitude": -114.6, "ne_id": 7}},
        {"type": "Feature", "geometry": null, "properties": {"name": "Disputed Land", "iso_a2": "RU",
         "adm1_code": "XXX-1", "latitude": 40.0, "longitude": -100.0, "ne_id": 9}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0, 0]}, "properties": {"name": "Moskva", "name_alt": "Moscow City",
         "iso_a2": "RU", "postal": "MC", "iso_3166_2": "RU-MOW", "gn_a1_code": "RU.48", "adm1_code": "RUS-2364", "latitude": 55.71, "longitude": 37.61, "ne_id": 8}}
    ]});
    std::fs::write(p("admin1.json"), admin1.to_string()).unwrap();
    std::fs::write(p("en.json"), r#"{"locale":"en","countries":{"US":["United States of America","USA","U.S."],"RU":"Russia"}}"#).unwrap();
    Sources {
        cities: p("cities.txt"),
        countries: p("countries.dbf"),
        admin1: p("admin1.json"),
        aliases: p("en.json"),
        out: p("mini.dgz"),
        _dir: dir,
    }
}

fn import_args(s: &Sources) -> Vec<String> {
    let p = |p: &PathBuf| p.to_str().unwrap().to_string();
    vec![
        "gazetteer".into(),
        "import".into(),
        "--cities".into(),
        p(&s.cities),
        "--countries".into(),
        p(&s.countries),
        "--admin1".into(),
        p(&s.admin1),
        "--country-aliases".into(),
        p(&s.aliases),
        "--note".into(),
        "test sources".into(),
        "-o".into(),
        p(&s.out),
    ]
}

#[test]
fn imports_sources_and_resolves_with_the_result() {
    let s = sources();
    let out = diplomap().args(import_args(&s)).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().skip(2).collect::<Vec<_>>(),
        [
            "places: 10 (4 cities, 2 countries, 4 admin-1 units, 0 ports)",
            "name keys: 24"
        ]
    );
    let gaz = s.out.to_str().unwrap();
    let out = diplomap()
        .args([
            "--gazetteer",
            gaz,
            "resolve",
            "--json",
            "Москва",
            "Moscow, ID",
            "USA",
            "Smallcap",
            "Russland",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json_lines(&out);
    assert_eq!(
        (v[0]["name"].as_str(), v[0]["admin1"].as_str()),
        (Some("Moscow"), Some("Moskva"))
    );
    assert_eq!(
        (v[1]["country"].as_str(), v[1]["admin1"].as_str()),
        (Some("US"), Some("Idaho"))
    );
    assert_eq!(
        (v[2]["kind"].as_str(), v[2]["lon"].as_f64()),
        (Some("country"), Some(-97.482602))
    );
    assert_eq!(
        v[3]["population"], 300,
        "a PPLA seat is kept whatever its size"
    );
    assert_eq!(v[4]["name"], "Russia");
    let out = diplomap()
        .args([
            "--gazetteer",
            gaz,
            "resolve",
            "--json",
            "Boise, Gem Country",
            "Gem Country",
            "Disputed Land",
        ])
        .output()
        .unwrap();
    let v = json_lines(&out);
    assert_eq!(
        (v[0]["name"].as_str(), v[0]["admin1"].as_str()),
        (Some("Boise"), Some("Idaho"))
    );
    assert_eq!(
        v[0]["match"], "qualified",
        "a map unit qualifies the cities of its admin-1 units"
    );
    assert_eq!(
        (v[1]["kind"].as_str(), v[1]["admin1"].as_str()),
        (Some("admin1"), None)
    );
    // The map unit's point is the centroid of its members' outlines.
    assert_eq!(
        (v[1]["lon"].as_f64(), v[1]["lat"].as_f64()),
        (Some(-114.25), Some(45.5))
    );
    // Coded RU in the admin-1 file, but its label point lies in the US outline of the admin-0
    // edition: the admin-0 edition's point of view wins.
    assert_eq!(v[2]["country"], "US");
    let out = diplomap()
        .args(["--gazetteer", gaz, "resolve", "Tinyville"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "places under --min-population are left out"
    );

    let info = diplomap()
        .args(["--gazetteer", gaz, "gazetteer", "info"])
        .output()
        .unwrap();
    let text = stdout(&info);
    assert!(text.starts_with(&format!("gazetteer: {gaz}\n")), "{text}");
    assert!(text.contains("places: 10 (4 cities, 2 countries, 4 admin-1 units, 0 ports)"));
    assert!(text.contains("admin-1 units given the country whose outline holds them: 1\n"));
    assert!(
        text.contains("cities placed in an admin-1 unit by outline (no GeoNames code match): 1\n")
    );
    assert!(text.contains("\nnotes:\n  test sources\n"), "{text}");
    assert!(text.contains("minimum city population: 1000"));
    assert!(
        text.contains("  cities           cities.txt     5 records\n"),
        "{text}"
    );
    assert!(text.contains("GeoNames (geonames.org), CC BY 4.0"));
}

#[test]
fn import_is_deterministic() {
    let s = sources();
    let mut builds = Vec::new();
    for _ in 0..2 {
        let out = diplomap().args(import_args(&s)).output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        builds.push(std::fs::read(&s.out).unwrap());
    }
    assert_eq!(builds[0], builds[1]);
}

#[test]
fn bad_source_rows_are_reported_with_file_and_line_and_nothing_is_written() {
    let s = sources();
    let good = std::fs::read_to_string(&s.cities).unwrap();
    let cases = [
        (
            "1\tOnly\tthree\n".to_string(),
            "expected 19 tab-separated columns (GeoNames table format), found 3",
        ),
        (
            good.replace("55.75222", "95.5"),
            "latitude '95.5' is not a number in [-90, 90]",
        ),
        (
            good.replace("10381222", "many"),
            "population 'many' is not a whole number",
        ),
    ];
    for (text, message) in cases {
        std::fs::write(&s.cities, &text).unwrap();
        let line = text
            .lines()
            .position(|l| l.contains("Only") || l.contains("95.5") || l.contains("many"))
            .unwrap()
            + 1;
        let out = diplomap().args(import_args(&s)).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            stderr(&out),
            format!(
                "diplomap: error: gazetteer import failed: {}:{line}: {message}\n",
                s.cities.display()
            )
        );
        assert!(!s.out.exists(), "no output file after a failed import");
    }
}

#[test]
fn an_embedded_build_round_trips_through_the_checked_reader() {
    // The compiled-in file must pass the same checks a user's file gets.
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/data/gazetteer.dgz")).unwrap();
    let store = diplomap::gazetteer::Store::from_bytes(bytes).expect("embedded gazetteer is valid");
    assert!(store.len() > 120_000);
    let meta: serde_json::Value = serde_json::from_str(store.meta()).unwrap();
    assert_eq!(meta["min_population"], 0);
    assert!(meta["counts"]["country"].as_u64().unwrap() >= 250);
    assert!(meta["counts"]["admin1"].as_u64().unwrap() >= 4500);
}

#[test]
fn embedded_keys_are_fixed_points_of_today_s_normalisation() {
    // Catches a gazetteer built with an older `normalize`: every stored key must normalise to
    // itself, or queries folded today would miss it; an abbreviation's key that keeps its stops
    // ("s.c.") must be what `stops_key` makes of it.
    use diplomap::gazetteer::normalize::{normalize, stops_key};
    let gaz = diplomap::gazetteer::Gazetteer::embedded().unwrap();
    let mut stale = Vec::new();
    let mut count = 0;
    gaz.store().for_each_key(|key| {
        count += 1;
        let again = if key.contains('.') {
            stops_key(key).unwrap_or_default()
        } else {
            normalize(key)
        };
        if again != key && stale.len() < 10 {
            stale.push(format!("{key:?} -> {again:?}"));
        }
    });
    assert!(count > 500_000);
    assert!(
        stale.is_empty(),
        "stale keys (rebuild with scripts/build-data): {stale:?}"
    );
}

#[test]
fn ports_are_imported_where_no_place_of_their_country_has_the_name() {
    let s = sources();
    let ports = s.out.with_file_name("ports.geojson");
    std::fs::write(
        &ports,
        r#"{"features": [
 {"geometry": {"coordinates": [37.53, 55.71], "type": "Point"}, "properties": {"name": "Moscow", "port": "RUMOW"}},
 {"geometry": {"coordinates": [37.45, 55.84], "type": "Point"}, "properties": {"name": "Severny Rechnoy", "port": "RUSRV"}},
 {"geometry": {"coordinates": [0.0, 0.0], "type": "Point"}, "properties": {"name": "Nowhere Port", "port": "ZZNOW"}}
]}"#,
    )
    .unwrap();
    let mut args = import_args(&s);
    args.extend(["--ports".into(), ports.to_str().unwrap().into()]);
    let out = diplomap().args(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    // Moscow is the city already; ZZ is no country: one port is kept.
    assert!(
        stderr(&out).contains("places: 11 (4 cities, 2 countries, 4 admin-1 units, 1 ports)"),
        "{}",
        stderr(&out)
    );
    let gaz = s.out.to_str().unwrap();
    let out = diplomap()
        .args([
            "--gazetteer",
            gaz,
            "resolve",
            "--json",
            "Severny Rechnoy",
            "Moscow",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = common::json_lines(&out);
    assert_eq!(lines[0]["kind"], "port");
    assert_eq!(lines[0]["country"], "RU");
    assert_eq!(lines[1]["kind"], "city");
}
