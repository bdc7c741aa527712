//! `diplomap route` through the real binary: the Feature it prints, sea and air, passages,
//! the antimeridian, and every refusal word for word.

use crate::common;

use common::{diplomap, stderr, stdout};
use serde_json::Value;

fn route(args: &[&str]) -> Value {
    let out = diplomap().arg("route").args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).unwrap()
}

#[test]
fn chennai_to_vladivostok_by_sea() {
    let f = route(&["Chennai", "Vladivostok"]);
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["geometry"]["type"], "MultiLineString");
    let p = &f["properties"];
    let keys: Vec<&str> = p.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "from",
            "to",
            "via",
            "mode",
            "length_km",
            "length_nm",
            "passages",
            "from_port",
            "to_port",
            "snap_from_km",
            "snap_to_km",
            "speed_kn",
            "duration_days"
        ]
    );
    assert_eq!(
        (p["from"].as_str(), p["to"].as_str(), p["mode"].as_str()),
        (Some("Chennai"), Some("Vladivostok"), Some("sea"))
    );
    let nm = p["length_nm"].as_f64().unwrap();
    assert!((nm - 4636.0).abs() < 4636.0 * 0.05, "{nm}");
    assert_eq!(p["passages"][0], "Strait of Malacca");
    // Both ends start at their ports, on the water: Natural Earth names Chennai's by its old name.
    assert_eq!(
        (p["from_port"].as_str(), p["to_port"].as_str()),
        (Some("Madras"), Some("Vladivostok"))
    );
    assert!(p["snap_from_km"].as_f64().unwrap() < 5.0);
    let days = p["duration_days"].as_f64().unwrap();
    assert!((days - nm / 14.0 / 24.0).abs() < 0.06);
    for part in f["geometry"]["coordinates"].as_array().unwrap() {
        for c in part.as_array().unwrap() {
            assert!(c[0].as_f64().unwrap().abs() <= 180.0);
        }
    }
}

#[test]
fn a_town_starts_at_its_port_and_coordinates_where_they_are() {
    // Rotterdam's port is the Botlek, on the Nieuwe Waterweg: the route starts there, on the
    // river, not on the coast 24 km from the city centre; given coordinates have no port.
    let p = &route(&["Rotterdam", "Antwerp"])["properties"];
    assert_eq!(
        (p["from_port"].as_str(), p["to_port"].as_str()),
        (Some("Rotterdam"), Some("Antwerpen"))
    );
    assert!(p["snap_from_km"].as_f64().unwrap() < 5.0, "{p}");
    assert_eq!(
        p["passages"],
        serde_json::json!(["Nieuwe Waterweg", "Scheldt"])
    );
    let p = &route(&["geo:51.92,4.48", "geo:51.23,4.40"])["properties"];
    assert_eq!(
        (p["from_port"].as_str(), p["to_port"].as_str()),
        (None, None)
    );
}

#[test]
fn across_the_pacific_and_around_the_cape() {
    let f = route(&["geo:43.11,131.89", "geo:33.73,-118.26"]);
    let parts = f["geometry"]["coordinates"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    let end = parts[0].as_array().unwrap().last().unwrap();
    let start = &parts[1][0];
    assert_eq!(end[0].as_f64().unwrap().abs(), 180.0);
    assert_eq!(start[0].as_f64().unwrap(), -end[0].as_f64().unwrap());
    assert_eq!(start[1], end[1]);

    let cape = route(&["geo:51.95,4.0", "geo:31.2,121.8", "--avoid", "suez,panama"]);
    let passages = cape["properties"]["passages"].as_array().unwrap();
    assert!(
        passages.contains(&Value::from("Cape of Good Hope")),
        "{passages:?}"
    );
    let nm = cape["properties"]["length_nm"].as_f64().unwrap();
    assert!((nm - 13800.0).abs() < 13800.0 * 0.02, "{nm}");
}

#[test]
fn by_air_is_a_great_circle() {
    let f = route(&["Moscow", "New Delhi", "--mode", "air", "--speed-kn", "480"]);
    let p = &f["properties"];
    assert_eq!(p["mode"], "air");
    assert_eq!(p["passages"], serde_json::json!([]));
    let km = p["length_km"].as_f64().unwrap();
    assert!((km - 4345.0).abs() < 5.0, "{km}");
}

#[test]
fn refusals_word_for_word() {
    let cases: &[(&[&str], i32, &str)] = &[
        (&["Astana", "Chennai"], 1, "'Astana' is 1420 km from the nearest sea, more than the 50 km allowed; the nearest sea is by Atyrau (KZ); hint: name a port on the coast, or raise --max-snap-km"),
        (&["Madrid", "Chennai"], 1, "'Madrid' is 309 km from the nearest sea, more than the 50 km allowed; the nearest port is Valencia (ES); hint: name a port on the coast, or raise --max-snap-km"),
        (&["Chennai", "Baku"], 1, "'Chennai' is on the world ocean and 'Baku' on the Caspian Sea: no sea route joins them; hint: the Caspian is landlocked: its only way out, the Volga–Don Canal, takes river ships and is not in the network; route each sea on its own, or use --mode air"),
        (&["Tiksi", "Pevek"], 1, "'Tiksi' is in the Northern Sea Route, closed by default; hint: add 'Northern Sea Route' to --allow"),
        (&["Tiksi", "Pevek", "--allow", "Northern Sea Route", "--avoid", "Northern Sea Route"], 1, "'Tiksi' is in the Northern Sea Route, which the route avoids; hint: drop 'Northern Sea Route' from --avoid and add it to --allow"),
        (&["Chennai", "Chennai"], 1, "'Chennai' and 'Chennai' are the same place; hint: a route needs two different ends"),
        (&["Odesa", "Rotterdam", "--avoid", "bosporus"], 1, "no sea route remains avoiding Bosporus; hint: avoid fewer passages"),
        (&["Chennai", "Vladivostok", "--speed-kn", "0"], 2, "--speed-kn 0 must be a positive number of knots"),
        (&["Chennai", "Vladivostok", "--mode", "air", "--avoid", "suez"], 2, "--avoid applies to sea routes; hint: drop --mode air"),
        (&["Chennai", "Vladivostok", "--mode", "air", "--allow", "Northern Sea Route"], 2, "--allow applies to sea routes; hint: drop --mode air"),
        (&["Rotterdam", "Shanghai", "--allow", "suez"], 2, "'Suez Canal' is always open in --allow; hint: --allow opens the passages closed by default, Northern Sea Route, Northwest Passage, Transpolar Sea Route, Adam's Bridge"),
        (&["Rotterdam", "Shanghai", "--allow", "arctic"], 2, "unknown passage 'arctic' in --allow; hint: --allow opens the passages closed by default, Northern Sea Route, Northwest Passage, Transpolar Sea Route, Adam's Bridge"),
        (
            &["Chennai", "Vladivostok", "--avoid", "malaca"],
            2,
            "unknown passage 'malaca' in --avoid; hint: the passages are Strait of Malacca, Singapore Strait, Sunda Strait, Lombok Strait, Makassar Strait, Taiwan Strait, Korea Strait, Tsugaru Strait, La Pérouse Strait, Strait of Hormuz, Bab-el-Mandeb, Strait of Gibraltar, Strait of Dover, Bosporus, Dardanelles, Öresund, Strait of Magellan, Bering Strait, Strait of Messina, Kerch Strait, Strait of Tiran, Great Belt, Bass Strait, Kanmon Strait, Akashi Strait, Naruto Strait, Kurushima Strait, The Solent, Venetian Lagoon, First Kuril Strait, East River, Straits of Mackinac, Cape of Good Hope, Cape Horn, Suez Canal, Panama Canal, Kiel Canal, Cape Cod Canal, Inside Passage, St. Lawrence Seaway, Welland Canal, Detroit River, St. Clair River, Soo Locks, St. Lawrence River, Thames, Scheldt, Weser, Seine, Hooghly, Yangtze, Houston Ship Channel, Nieuwe Waterweg, Volga–Caspian Canal, Elbe, Kaliningrad Sea Canal, Don, Northern Sea Route, Northwest Passage, Transpolar Sea Route, Adam's Bridge",
        ),
    ];
    for (args, code, message) in cases {
        let out = diplomap().arg("route").args(*args).output().unwrap();
        assert_eq!(
            stderr(&out),
            format!("diplomap: error: {message}\n"),
            "{args:?}"
        );
        assert_eq!(out.status.code(), Some(*code), "{args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_guess_two_edits_away_is_never_drawn() {
    // Two edits from Vladivostok: as likely another place, so refused with what it was near.
    let out = diplomap()
        .args(["route", "Mumbai", "Vladivosstokk"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        stderr(&out),
        "diplomap: error: unknown place 'Vladivosstokk'; did you mean 'Vladivostok' (RU)?\n"
    );
    // One edit from one clear place is taken, with a warning.
    let out = diplomap()
        .args(["route", "Mumbai", "Vladivostokk"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        stderr(&out),
        "diplomap: warning: 'Vladivostokk' is not a known name; using 'Vladivostok' (RU)\n"
    );
}

#[test]
fn jebel_ali_is_dubais_port_not_a_syrian_town() {
    // Once two edits from Jablah, Syria, and drawn there; now the port of its own name.
    let out = diplomap()
        .args(["route", "Mumbai", "Jebel Ali"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    let f: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(f["properties"]["to"], "Jebel Ali");
    let lines = f["geometry"]["coordinates"].as_array().unwrap();
    let end = lines.last().unwrap().as_array().unwrap().last().unwrap();
    let (lon, lat) = (end[0].as_f64().unwrap(), end[1].as_f64().unwrap());
    // The port, on the Gulf coast south-west of Dubai.
    assert!(
        (lon - 55.05).abs() < 0.1 && (lat - 25.02).abs() < 0.1,
        "{end}"
    );
    assert!(f["properties"]["passages"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p == "Strait of Hormuz"));
    let out = diplomap()
        .args(["resolve", "--json", "Jebel Ali", "Dubai"])
        .output()
        .unwrap();
    let lines = common::json_lines(&out);
    assert_eq!(
        (lines[0]["kind"].as_str(), lines[0]["country"].as_str()),
        (Some("port"), Some("AE"))
    );
    assert_eq!(lines[1]["kind"], "city");
}
