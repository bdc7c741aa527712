//! The sea router on the embedded network: the public reference distances
//! (`../shared/acceptance/routes.tsv`), passages, the antimeridian, and its refusals.

use crate::common;

use common::{acceptance, avoid, router};
use diplomap::geodesy::{great_circle::distance_km, LonLat};
use diplomap::routing::passages::{self, PassageKind};
use diplomap::routing::route::{End, RouteError};
use diplomap::routing::RouteOptions;

#[test]
fn reference_distances_from_the_acceptance_file() {
    let Some(path) = acceptance("routes.tsv") else {
        return;
    };
    let text = std::fs::read_to_string(path).unwrap();
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let num = |i: usize| c[i].parse::<f64>().unwrap();
        let (from, to) = (LonLat::new(num(2), num(3)), LonLat::new(num(4), num(5)));
        let names: Vec<&str> = c[6].split(',').filter(|s| !s.is_empty()).collect();
        let route = router().route(from, to, &avoid(&names)).unwrap();
        let nm = route.length_km / 1.852;
        let (expected, tolerance) = (num(7), num(8));
        assert!(
            (nm - expected).abs() <= expected * tolerance / 100.0,
            "{} → {} avoiding {names:?}: {nm:.0} nm, expected {expected} ± {tolerance}% ({})",
            c[0],
            c[1],
            c[9]
        );
        // No sea route is shorter than the great circle between its ends.
        assert!(route.length_km >= distance_km(from, to) * 0.995);
        checked += 1;
    }
    assert!(checked >= 3);
}

#[test]
fn passages_are_named_in_order_and_avoided() {
    let (rotterdam, shanghai) = (LonLat::new(4.0, 51.95), LonLat::new(121.8, 31.2));
    let suez = router()
        .route(rotterdam, shanghai, &RouteOptions::default())
        .unwrap();
    let order: Vec<&str> = suez
        .passages
        .iter()
        .copied()
        .filter(|p| {
            [
                "Strait of Gibraltar",
                "Suez Canal",
                "Bab-el-Mandeb",
                "Strait of Malacca",
            ]
            .contains(p)
        })
        .collect();
    assert_eq!(
        order,
        [
            "Strait of Gibraltar",
            "Suez Canal",
            "Bab-el-Mandeb",
            "Strait of Malacca"
        ]
    );
    let cape = router()
        .route(rotterdam, shanghai, &avoid(&["suez", "Panama Canal"]))
        .unwrap();
    assert!(
        cape.passages.contains(&"Cape of Good Hope"),
        "{:?}",
        cape.passages
    );
    assert!(!cape.passages.contains(&"Suez Canal"));

    let (chennai, vladivostok) = (LonLat::new(80.29, 13.09), LonLat::new(131.89, 43.11));
    let direct = router()
        .route(chennai, vladivostok, &RouteOptions::default())
        .unwrap();
    assert_eq!(direct.passages.first(), Some(&"Strait of Malacca"));
    for detour in [&["malacca"][..], &["malacca", "sunda"]] {
        let r = router()
            .route(chennai, vladivostok, &avoid(detour))
            .unwrap();
        assert!(!r.passages.contains(&"Strait of Malacca"));
        assert!(r.length_km > direct.length_km);
        if detour.len() == 2 {
            assert!(
                r.passages.contains(&"Lombok Strait") || r.passages.contains(&"Makassar Strait"),
                "{:?}",
                r.passages
            );
        }
    }
}

#[test]
fn pacific_crossings_are_cut_at_the_antimeridian() {
    let r = router()
        .route(
            LonLat::new(131.89, 43.11),
            LonLat::new(-118.26, 33.73),
            &RouteOptions::default(),
        )
        .unwrap();
    assert_eq!(r.parts.len(), 2);
    let (end, start) = (*r.parts[0].last().unwrap(), r.parts[1][0]);
    assert_eq!(end.lon.abs(), 180.0);
    assert_eq!(start.lon, -end.lon);
    assert_eq!(end.lat, start.lat);
    for p in r.parts.iter().flatten() {
        assert!((-180.0..=180.0).contains(&p.lon));
    }
}

#[test]
fn narrow_straits_are_followed() {
    // Istanbul to Odesa through the Bosporus, a channel under 1 km wide in places.
    let r = router()
        .route(
            LonLat::new(28.98, 41.0),
            LonLat::new(30.75, 46.48),
            &RouteOptions::default(),
        )
        .unwrap();
    assert_eq!(r.passages, ["Bosporus"]);
    for part in &r.parts {
        for w in part.windows(2) {
            assert!(!router().land().crosses(w[0], w[1]));
        }
    }
}

#[test]
fn fjord_ports_and_the_strait_of_magellan() {
    // Oslo sits behind the Drøbak narrows, a channel narrower than the network's sampling: the
    // way out is found through the water itself.
    let oslo = router()
        .route(
            LonLat::new(10.75, 59.91),
            LonLat::new(18.65, 54.35),
            &RouteOptions::default(),
        )
        .unwrap();
    assert!(oslo.snap_from_km < 5.0);
    for part in &oslo.parts {
        for w in part.windows(2) {
            assert!(!router().land().crosses(w[0], w[1]));
        }
    }
    let (atlantic, pacific) = (LonLat::new(-67.9, -52.6), LonLat::new(-75.5, -52.6));
    let strait = router()
        .route(atlantic, pacific, &RouteOptions::default())
        .unwrap();
    assert_eq!(strait.passages, ["Strait of Magellan"]);
    let horn = router()
        .route(atlantic, pacific, &avoid(&["magellan"]))
        .unwrap();
    assert_eq!(horn.passages, ["Cape Horn"]);
    assert!(horn.length_km > strait.length_km * 1.5);
}

#[test]
fn round_the_north_cape_and_through_the_arctic_only_when_allowed() {
    // Murmansk, at the head of the Kola Bay (a fjord 1–2 km wide), to Rotterdam along Norway:
    // the Norwegian Sea between 65° and 69° N was once read as land.
    let murmansk = LonLat::new(33.0925, 68.9792);
    let rotterdam = LonLat::new(4.0, 51.95);
    let r = router()
        .route(murmansk, rotterdam, &RouteOptions::default())
        .unwrap();
    let nm = r.length_km / 1.852;
    assert!((1500.0..1800.0).contains(&nm), "{nm}");
    assert!(r.snap_from_km < 5.0, "{}", r.snap_from_km);
    // Hamburg–Yokohama: via Suez unless the Northern Sea Route is allowed.
    let (hamburg, yokohama) = (LonLat::new(9.97, 53.54), LonLat::new(139.65, 35.44));
    let suez = router()
        .route(hamburg, yokohama, &RouteOptions::default())
        .unwrap();
    assert!(suez.passages.contains(&"Suez Canal"), "{:?}", suez.passages);
    let nsr = passages::find("Northern Sea Route").unwrap().0;
    let arctic = router()
        .route(
            hamburg,
            yokohama,
            &RouteOptions {
                allow: vec![nsr],
                ..RouteOptions::default()
            },
        )
        .unwrap();
    assert!(
        arctic.passages.contains(&"Northern Sea Route")
            && arctic.passages.contains(&"Bering Strait"),
        "{:?}",
        arctic.passages
    );
    assert!(arctic.length_km < suez.length_km * 0.75);
}

#[test]
fn refusals() {
    let astana = LonLat::new(71.4460, 51.1801);
    let err = router()
        .route(astana, LonLat::new(80.29, 13.09), &RouteOptions::default())
        .unwrap_err();
    assert!(
        matches!(err, RouteError::Inland { end: End::Start, km, .. } if km > 500.0),
        "{err}"
    );
    let chennai = LonLat::new(80.29, 13.09);
    assert_eq!(
        router()
            .route(chennai, chennai, &RouteOptions::default())
            .unwrap_err(),
        RouteError::SamePlace
    );
    // Closing both ways out of the Black Sea leaves no route.
    let err = router()
        .route(
            LonLat::new(30.75, 46.3),
            LonLat::new(4.0, 51.95),
            &avoid(&["bosporus"]),
        )
        .unwrap_err();
    assert_eq!(
        err,
        RouteError::NoRoute {
            avoided: vec!["Bosporus"]
        }
    );
}

#[test]
fn embedded_files_pass_their_full_checks() {
    // The router opens them trusted (header and sizes only); here every check runs.
    let (land, network) = diplomap::routing::embedded_files();
    let land = diplomap::routing::land::Land::open(land).expect("land file");
    let network = diplomap::routing::network::Network::open(network).expect("network file");
    assert!(land.vertex_count() > 400_000);
    // Contracted: the shortcuts at least match the network's own edges in number.
    assert!(network.node_count() > 100_000 && network.edge_count() > 2 * network.node_count());
}

/// A (lon, lat) sea point.
type Sea = (f64, f64);

/// Each strait and cape with a sea point on either side, hand-placed on charts.
const ACROSS: &[(&str, Sea, Sea)] = &[
    ("Strait of Malacca", (96.0, 5.5), (102.7, 1.6)),
    ("Singapore Strait", (103.2, 1.2), (105.0, 1.8)),
    ("Sunda Strait", (105.0, -7.0), (106.5, -5.5)),
    ("Lombok Strait", (115.8, -9.5), (115.8, -7.5)),
    ("Makassar Strait", (118.0, -3.5), (119.0, 2.0)),
    ("Taiwan Strait", (119.0, 23.5), (121.5, 26.5)),
    ("Korea Strait", (127.5, 33.0), (131.0, 36.5)),
    ("Tsugaru Strait", (139.5, 41.5), (142.0, 41.5)),
    ("La Pérouse Strait", (141.0, 45.8), (143.0, 45.7)),
    ("Strait of Hormuz", (55.0, 26.5), (58.0, 25.0)),
    ("Bab-el-Mandeb", (42.5, 14.0), (45.0, 12.0)),
    ("Strait of Gibraltar", (-4.0, 36.0), (-7.0, 36.0)),
    ("Strait of Dover", (0.5, 50.3), (2.5, 51.6)),
    ("Bosporus", (28.5, 40.8), (29.3, 41.5)),
    ("Dardanelles", (25.8, 39.9), (27.2, 40.6)),
    ("Öresund", (12.3, 56.4), (12.8, 55.5)),
    ("Strait of Magellan", (-67.9, -52.6), (-75.5, -52.6)),
    ("Bering Strait", (-170.5, 64.5), (-168.0, 67.0)),
    ("Strait of Messina", (15.45, 38.45), (15.55, 37.8)),
    ("Kerch Strait", (36.8, 45.7), (36.4, 44.8)),
    ("Strait of Tiran", (34.6, 28.3), (34.3, 27.6)),
    ("Great Belt", (11.1, 55.9), (10.9, 54.9)),
    ("Bass Strait", (149.5, -38.6), (143.0, -40.0)),
    ("Kanmon Strait", (130.80, 34.00), (131.15, 33.95)),
    ("Akashi Strait", (135.10, 34.62), (134.90, 34.60)),
    ("Naruto Strait", (134.60, 34.30), (134.70, 34.16)),
    ("Kurushima Strait", (132.86, 34.12), (133.12, 34.10)),
    ("The Solent", (-1.9, 50.55), (-1.05, 50.74)),
    ("First Kuril Strait", (158.65, 52.9), (155.5, 51.5)),
    ("East River", (-74.04, 40.66), (-73.70, 40.86)),
    ("Straits of Mackinac", (-85.3, 45.8), (-84.2, 45.8)),
    ("Inside Passage", (-124.9, 49.75), (-127.3, 50.85)),
    ("Cape of Good Hope", (16.5, -33.5), (21.5, -35.0)),
    ("Cape Horn", (-70.0, -57.0), (-64.0, -56.0)),
];

/// Boxes around a port's approaches (a lagoon behind its barrier islands): from the port, to
/// the open sea.
const INTO: &[(&str, Sea, Sea)] = &[("Venetian Lagoon", (12.33, 45.43), (12.60, 45.30))];

#[test]
fn every_passage_box_spans_its_strait_from_shore_to_shore() {
    // Through the strait by default; avoiding it, no route, or a real detour: were a box short
    // of either shore, the route avoiding it would slip past its end at about the same length.
    for &(name, a, b) in ACROSS {
        let (a, b) = (LonLat::new(a.0, a.1), LonLat::new(b.0, b.1));
        let through = router()
            .route(a, b, &RouteOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            through.passages.contains(&name),
            "{name}: {:?}",
            through.passages
        );
        match router().route(a, b, &avoid(&[name])) {
            Ok(around) => {
                assert!(!around.passages.contains(&name), "{name}");
                assert!(
                    around.length_km > through.length_km * 1.1,
                    "{name}: {:.0} km around, {:.0} km through",
                    around.length_km,
                    through.length_km
                );
            }
            Err(e) => assert!(matches!(e, RouteError::NoRoute { .. }), "{name}: {e}"),
        }
    }
    // A box around a port's lagoon spans no strait: every route from the port enters it.
    for &(name, port, sea) in INTO {
        let r = router()
            .route(
                LonLat::new(port.0, port.1),
                LonLat::new(sea.0, sea.1),
                &RouteOptions::default(),
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.passages, [name]);
    }
    // Every strait and cape is in a table.
    for p in passages::PASSAGES {
        if matches!(p.kind, PassageKind::Strait | PassageKind::Cape) {
            assert!(
                ACROSS.iter().chain(INTO).any(|(n, _, _)| *n == p.name),
                "{}",
                p.name
            );
        }
    }
}
